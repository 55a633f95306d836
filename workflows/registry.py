"""The process registry: one spec per case kind, read by everything generic.

A process is a package in `workflows/` whose `spec` module calls `register(ProcessSpec(...))`:
its case model, its viewflow flow, per human node (keyed by flow and node) the input
serializer, web form, step function and deadline rule, its event labels, its web pages, its
sweep hooks and its demo data. The task API, the case read model, the web site, the sweep and
the demo loader read the registry and import no process module (as Django's admin reads
`admin.site.register`).
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cases.deadline_rules import DeadlineRule
from cases.models import CommitteeKind

# Events every process shares (the engine, the sweep, shared requests).
COMMON_EVENT_LABELS = {
    "task_claimed": "Oppgave tatt",
    "task_released": "Oppgave lagt tilbake",
    "task_reassigned": "Oppgave fordelt på nytt",
    "deadline_missed": "Frist oversittet",
    "statement_requested": "Uttalelse bedt om",
    "statement_received": "Uttalelse mottatt",
    "consultation_response": "Høringssvar mottatt",
    "consultation_closed": "Høring avsluttet",
    "document_uploaded": "Dokument lastet opp",
}


@dataclass(frozen=True)
class NodeSpec:
    """One human step of a flow: how the web and the API take its input, and what it does.

    `step(case, user, data)` calls exactly one case service with the normalized dict that both
    `form_class` (web) and `input_serializer` (API) produce."""

    name: str
    step: Callable[[Any, Any, dict], Any]
    input_serializer: type
    form_class: type
    deadline_rule: DeadlineRule | None = None
    # Extra context and template for the task page (e.g. the statements beside a form).
    page_context: Callable[[Any, Any], dict] | None = None
    page_template: str | None = None
    # Who may hold the task when the node names no committee role (`.Permission`): a task
    # the flow assigns to a person, once put back, is taken only by those `may_hold(user,
    # case)` lets; without it, by nobody but its owner.
    may_hold: Callable[[Any, Any], bool] | None = None


@dataclass(frozen=True)
class WebLink:
    """A page a process offers in the menu and on the home page (e.g. "Nytt forslag")."""

    label: str
    url_name: str
    icon: str = "note_add"
    description: str = ""


@dataclass(frozen=True)
class CaseOffer:
    """A start page of a process offered on another case's page ("Åpne tvist om denne
    saken"), to those for whom `may(user, case)`; the page gets the case as `?fra=<pk>`."""

    label: str
    url_name: str
    may: Callable[[Any, Any], bool]
    icon: str = "note_add"


@dataclass(frozen=True)
class SweepHook:
    """Periodic work of a process, run by the sweep: `run(today) -> count`."""

    name: str
    label: str
    run: Callable[[date | None], int]


@dataclass
class ProcessSpec:
    kind: str
    label: str
    case_model: type
    flow: type
    nodes: list[NodeSpec]
    # Foreign keys of the case a completion reads with it under its row lock, in one query
    # (what its steps and the flow's next assignment use), as the process's actions do.
    case_related: tuple[str, ...] = ()
    event_labels: dict[str, str] = field(default_factory=dict)
    icon: str = "work"
    # Named deadline rules of its steps and requests (shown in the admin's settings).
    deadline_rules: list[DeadlineRule] = field(default_factory=list)
    sweep_hooks: list[SweepHook] = field(default_factory=list)
    # Web pages under /saker/ (namespace `saker`), and the links to its start pages.
    urls: list = field(default_factory=list)
    start_links: list[WebLink] = field(default_factory=list)
    case_offers: list[CaseOffer] = field(default_factory=list)
    # What only this process shows: a summary card (case page and task pages) and a part of
    # the case page, both rendered with `case_context(case, user)`.
    summary_template: str | None = None
    case_template: str | None = None
    case_context: Callable[[Any, Any], dict] | None = None
    # What the case page adds from its query string: a GET form on the page that only reads
    # (`case_query(case, user, request.GET)`); not on task pages.
    case_query: Callable[[Any, Any, Any], dict] | None = None
    # The record of every step so far (`workflows.letters.Section`s): on the case page,
    # beside later tasks and in the archive summary; and the decision letter once it ends.
    # Both take `(case, user)`: what they show follows what the user may see of the case.
    record: Callable[[Any, Any], list] | None = None
    decision_letter: Callable[[Any, Any], Any] | None = None
    # The standing committees whose members may give an open task of this kind of case to
    # someone else who holds the task's role (`engine.can_reassign`).
    reassigned_by: tuple[str, ...] = (CommitteeKind.SECRETARIAT,)
    # Demo data: `demo(community, users)` drives sample cases through the real services.
    demo: Callable[[Any, dict], None] | None = None
    # Called when a user downloads a document of one of its cases, `(case, user, document,
    # channel)` with channel "api" or "web": e.g. to record a read of patient data (R-AUD-2).
    document_read: Callable[[Any, Any, Any, str], None] | None = None

    def __post_init__(self):
        self._nodes = {node.name: node for node in self.nodes}
        unknown = set(self._nodes) - {n.name for n in self.flow.instance.nodes()}
        if unknown:
            raise ValueError(f"{self.kind}: nodes not in {self.flow.__name__}: {unknown}")

    def node(self, name: str) -> NodeSpec | None:
        return self._nodes.get(name)

    @property
    def status_labels(self) -> dict[str, str]:
        return self.case_model.STATUS_LABELS

    def event_label(self, action: str) -> str:
        labels = {**COMMON_EVENT_LABELS, **self.event_labels}
        return labels.get(action, action.replace("_", " ").capitalize())


_SPECS: dict[str, ProcessSpec] = {}


def register(spec: ProcessSpec) -> ProcessSpec:
    if spec.kind != spec.case_model.KIND:
        raise ValueError(f"{spec.case_model.__name__}.KIND is not {spec.kind!r}")
    _SPECS[spec.kind] = spec
    return spec


def unregister(kind: str) -> None:
    _SPECS.pop(kind, None)


def specs() -> list[ProcessSpec]:
    return list(_SPECS.values())


def spec_for_kind(kind: str) -> ProcessSpec | None:
    return _SPECS.get(kind)


def spec_for_flow(flow_class) -> ProcessSpec | None:
    return next((s for s in _SPECS.values() if s.flow is flow_class), None)


def node_spec(flow_task) -> NodeSpec | None:
    """The node spec of a viewflow node (`task.flow_task`): keyed by its flow and its name."""
    spec = spec_for_flow(flow_task.flow_class)
    return spec.node(flow_task.name) if spec else None


def flows() -> list[type]:
    return [s.flow for s in _SPECS.values()]


def event_label(kind: str, action: str) -> str:
    spec = _SPECS.get(kind)
    if spec is None:
        return COMMON_EVENT_LABELS.get(action, action)
    return spec.event_label(action)


def document_read(case, user, document, *, channel: str) -> None:
    """Tell the case's process that `user` downloads `document` (see `ProcessSpec`)."""
    spec = _SPECS.get(case.kind)
    if spec is not None and spec.document_read is not None:
        spec.document_read(case, user, document, channel)


def autodiscover() -> None:
    """Import `workflows/<process>/spec.py` of every process package, which registers it."""
    import workflows

    for module in pkgutil.iter_modules(workflows.__path__):
        if module.ispkg and importlib.util.find_spec(f"workflows.{module.name}.spec"):
            importlib.import_module(f"workflows.{module.name}.spec")
