"""Driving a task-transfer case through its human steps, as the web UI and API do."""

from datetime import timedelta

from viewflow.workflow.models import Task

from cases import calendar
from cases.models import TaskTransfer
from tests.factories import full_panel, proposal
from workflows import engine
from workflows.registry import node_spec
from workflows.task_transfer.actions import submit_proposal

ALL_MET = {k: True for k in "abcdefg"}
ASSESSMENT = {
    "professional": "Faglig forsvarlig med opplæring.",
    "organisational": "Hjemmesykepleien organiserer oppfølgingen.",
    "economic": "Kostnadsnøytralt etter overgangsperiode.",
    "legal": "Ansvar reguleres i tjenesteavtale.",
}
# R-TT-5: a recommendation without any statement request records why none was needed.
NO_STATEMENT = "Enhetene er representert i utvalget."
RECOMMEND_FOR = {
    "recommendation": "for",
    "assessment": ASSESSMENT,
    "no_statement_reason": NO_STATEMENT,
}
RECOMMEND_AGAINST = {**RECOMMEND_FOR, "recommendation": "against"}
FOLLOW_UP = {
    "training": "Dialyseenheten gir opplæring i tre måneder.",
    "competence": "To sykepleiere hospiterer.",
    "economics": "Kompensasjon avtales i budsjettet.",
}


def open_task(case, node: str | None = None) -> Task:
    qs = Task.objects.filter(
        process_id=case.process.pk,
        flow_task_type="HUMAN",
        status__in=("NEW", "ASSIGNED", "STARTED"),
    )
    tasks = list(qs)
    assert len(tasks) == 1, [t.flow_task.name for t in tasks]
    if node:
        assert tasks[0].flow_task.name == node
    return tasks[0]


def step(user, case, node: str, data: dict):
    task = open_task(case, node)
    if task.owner_id is None:
        engine.task_claim(task_id=task.pk, user=user)
    run = node_spec(task.flow_task).step
    return engine.task_complete(task_id=task.pk, user=user, apply=lambda c: run(c, user, data))


def reload(case) -> TaskTransfer:
    return TaskTransfer.objects.get(pk=case.pk)


def submit(world, **overrides) -> TaskTransfer:
    return submit_proposal(
        community=world.community, proposer=world.proposer, data=proposal(**overrides)
    )


def to_investigation(world, **overrides) -> TaskTransfer:
    case = submit(world, **overrides)
    step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    step(world.ssu_trust, case, "appoint_panel", {"members": full_panel(world)})
    return reload(case)


def to_consultation(world, consultees=None, **overrides) -> TaskTransfer:
    """A case the panel recommends and sends on consultation (R-TT-8), to Tromsø unless told."""
    case = to_investigation(world, **overrides)
    step(
        world.panel_people["legal"],
        case,
        "recommend",
        {**RECOMMEND_FOR, "consultation": True, "consultees": consultees or [world.tromso]},
    )
    return reload(case)


def to_ssu(world, **overrides) -> TaskTransfer:
    case = to_investigation(world, **overrides)
    step(
        world.panel_people["legal"],
        case,
        "recommend",
        RECOMMEND_FOR,
    )
    case = reload(case)
    if case.status == "gp_council_review":
        step(world.gp, case, "gp_council", {"conclusion": "supports", "assessment": "Støttes."})
    return reload(case)


def both_sides_agree(world) -> list[dict]:
    return [
        {"member": world.ssu_trust, "position": "agree"},
        {"member": world.ssu_municipality, "position": "agree"},
    ]


def approval(world, **overrides) -> dict:
    data = {
        "positions": both_sides_agree(world),
        "outcome": "approve",
        "decision_text": "SSU vedtar at oppgaven overføres.",
        "effective_on": calendar.today() + timedelta(days=60),
        "follow_up": FOLLOW_UP,
    }
    data.update(overrides)
    return data
