"""Races on real PostgreSQL row locks: each thread has its own connection and transaction.

Skipped on SQLite only; CI runs the suite on PostgreSQL and proves it (tests/ops).
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases import calendar
from cases.errors import Conflict
from cases.models import CaseEvent, Deadline
from cases.services.deadlines import deadlines_escalate_missed
from tests.factories import build_world, proposal
from workflows import engine
from workflows.task_transfer.actions import submit_proposal

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL)")


def _race(*calls):
    """Run each call in its own thread and connection, released at the same moment."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = ("ok", call())
        except Exception as exc:  # collected and asserted by the test
            results[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return results


def test_two_claims_of_one_task_exactly_one_wins(pg):
    world = build_world()
    case = submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
    task = Task.objects.get(process=case.process, flow_task_type="HUMAN", status=STATUS.NEW)

    results = _race(
        lambda: engine.task_claim(task_id=task.pk, user=world.secretary),
        lambda: engine.task_claim(task_id=task.pk, user=world.secretary2),
    )

    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, Conflict)
    assert error.status == 409
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED
    winner = next(value for kind, value in results if kind == "ok")
    assert task.owner_id == winner.owner_id
    assert CaseEvent.objects.filter(case=case, action="task_claimed").count() == 1


def test_concurrent_sweeps_escalate_each_missed_deadline_once(pg):
    """R-DL-3: two sweeps at once escalate every missed deadline exactly once."""
    world = build_world()
    cases = [
        submit_proposal(
            community=world.community, proposer=world.proposer, data=proposal(title=f"Sak {i}")
        )
        for i in range(6)
    ]
    Deadline.objects.filter(case__in=cases).update(due_on=calendar.today() - timedelta(days=3))
    missed = Deadline.objects.filter(case__in=cases).count()
    assert missed >= len(cases)

    results = _race(deadlines_escalate_missed, deadlines_escalate_missed)

    assert all(kind == "ok" for kind, _ in results), results
    assert sum(value for _, value in results) == missed
    assert not Deadline.objects.filter(case__in=cases, escalated_at__isnull=True).exists()
    assert CaseEvent.objects.filter(case__in=cases, action="deadline_missed").count() == missed
