"""A flow that exists only in the tests: a parallel split into several human branches that
meet again in a join, then one human step. The task transfer has no split; this proves the
join on the same engine, lock and process model the real flows use. Its cases are the test
process's `Review` cases (tests/workflows/second_process.py)."""

from viewflow import this
from viewflow.workflow import flow

from cases.models import CommitteeKind
from cases.roles import standing_committee
from workflows.locks import row_lock
from workflows.models import CaseProcess
from workflows.nodes import HumanStep, start_process

from .second_process import Review

BRANCHES = 8


def _secretariat(activation):
    return standing_committee(activation.process.case.community, CommitteeKind.SECRETARIAT).role


def branch_names() -> list[str]:
    return [f"branch_{i}" for i in range(BRANCHES)]


def _build():
    split = flow.Split()
    nodes = {}
    for name in branch_names():
        split.Next(getattr(this, name))
        nodes[name] = HumanStep().Permission(_secretariat).Next(this.join)
    return {
        "__module__": __name__,
        "__doc__": "Parallelle grener",
        "process_class": CaseProcess,
        "lock_impl": row_lock,
        "process_title": "Parallelle grener",
        "start": flow.StartHandle(start_process).Next(this.split),
        "split": split,
        **nodes,
        "join": flow.Join().Next(this.after_join),
        "after_join": HumanStep().Permission(_secretariat).Next(this.end),
        "end": flow.End(),
    }


JoinFlow = type("JoinFlow", (flow.Flow,), _build())


def open_case(*, community, actor) -> Review:
    case = Review(community=community, created_by=actor, title="Parallelle grener")
    case.reference = f"JOIN-{Review.objects.count() + 1:04d}"
    case.save()
    JoinFlow.start.run(case=case)
    return case
