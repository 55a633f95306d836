"""Races on real PostgreSQL row locks, with many threads: each has its own connection and
transaction (tests/threads.py).

Skipped on SQLite only; CI runs the suite on PostgreSQL and proves it (tests/ops).
"""

from datetime import timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases import calendar
from cases.errors import Conflict
from cases.models import CaseEvent, Deadline, OutgoingMail
from cases.services.deadlines import deadlines_escalate_missed
from tests.factories import build_world, member, proposal
from tests.threads import errors, race, values
from tests.workflows import join_process
from workflows import engine
from workflows.task_transfer.actions import submit_proposal

pytestmark = pytest.mark.postgres

THREADS = 8
CRITERIA_OK = {k: True for k in "abcdefg"}


@pytest.fixture
def pg(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL)")


def _screen_task(case) -> Task:
    return Task.objects.get(process=case.process, flow_task_type="HUMAN", status=STATUS.NEW)


def _secretaries(world, n: int) -> list:
    extra = [
        member(world.secretariat, party=world.trust, username=f"sekretar_{i}") for i in range(n - 2)
    ]
    return [world.secretary, world.secretary2, *extra]


def test_many_claims_of_one_task_exactly_one_wins(pg):
    world = build_world()
    case = submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
    task = _screen_task(case)
    people = _secretaries(world, THREADS)

    results = race(*[lambda u=u: engine.task_claim(task_id=task.pk, user=u) for u in people])

    winners = values(results)
    assert len(winners) == 1, results
    assert len(errors(results)) == THREADS - 1
    assert all(isinstance(e, Conflict) and e.status == 409 for e in errors(results)), results
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED
    assert task.owner_id == winners[0].owner_id
    assert CaseEvent.objects.filter(case=case, action="task_claimed").count() == 1


def test_many_completions_of_one_task_have_one_effect(pg):
    """The same completion sent eight times at once through the API (a client retrying, half
    with one Idempotency-Key): one transition, one event, one next task; every other answer is
    409 or a replay of the first."""
    world = build_world()
    case = submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
    task = _screen_task(case)
    engine.task_claim(task_id=task.pk, user=world.secretary)
    body = {"decision": "proceed", "criteria": CRITERIA_OK}

    def complete(key: str | None):
        client = APIClient()
        client.force_authenticate(world.secretary)
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        return client.post(f"/api/v1/tasks/{task.pk}/complete/", body, format="json", **headers)

    keys = ["en-nøkkel" if i % 2 else None for i in range(THREADS)]
    results = race(*[lambda k=k: complete(k) for k in keys])

    assert not errors(results), results
    responses = values(results)
    applied = [r for r in responses if r.status_code == 200 and "Idempotent-Replayed" not in r]
    replayed = [r for r in responses if r.status_code == 200 and "Idempotent-Replayed" in r]
    refused = [r for r in responses if r.status_code == 409]
    assert len(applied) == 1, [(r.status_code, r.content) for r in responses]
    assert len(applied) + len(replayed) + len(refused) == THREADS
    assert all(r.json()["code"] == "task_not_open" for r in refused)
    assert all(r.json() == applied[0].json() for r in replayed)
    assert CaseEvent.objects.filter(case=case, action="screening_passed").count() == 1
    assert type(case).objects.get(pk=case.pk).status == "awaiting_panel"
    human = Task.objects.filter(process=case.process, flow_task_type="HUMAN")
    assert sorted(t.flow_task.name for t in human) == ["appoint_panel", "screen"]


def test_parallel_branches_reaching_a_join_continue_once(pg):
    """Eight branches of a split are completed at the same moment: the join fires once and
    the step after it exists once."""
    world = build_world()
    case = join_process.open_case(community=world.community, actor=world.secretary)
    branches = list(
        Task.objects.filter(process=case.process, flow_task_type="HUMAN", status=STATUS.NEW)
    )
    assert sorted(t.flow_task.name for t in branches) == join_process.branch_names()
    for task in branches:
        engine.task_claim(task_id=task.pk, user=world.secretary)

    results = race(
        *[
            lambda t=t: engine.task_complete(task_id=t.pk, user=world.secretary, apply=lambda c: c)
            for t in branches
        ]
    )

    assert not errors(results), results
    tasks = Task.objects.filter(process=case.process)
    assert tasks.filter(flow_task_type="HUMAN", status=STATUS.DONE).count() == len(branches)
    joins = [t for t in tasks if t.flow_task.name == "join"]
    assert [t.status for t in joins] == [STATUS.DONE]
    after = [t for t in tasks if t.flow_task.name == "after_join"]
    assert [t.status for t in after] == [STATUS.NEW]


def test_concurrent_sweeps_escalate_each_missed_deadline_once(pg):
    """R-DL-3: eight sweeps at once escalate every missed deadline exactly once, with one
    e-mail each."""
    world = build_world()
    cases = [
        submit_proposal(
            community=world.community, proposer=world.proposer, data=proposal(title=f"Sak {i}")
        )
        for i in range(12)
    ]
    Deadline.objects.filter(case__in=cases).update(due_on=calendar.today() - timedelta(days=3))
    missed = Deadline.objects.filter(case__in=cases).count()
    assert missed >= len(cases)
    mail_before = OutgoingMail.objects.count()

    results = race(*[deadlines_escalate_missed] * THREADS)

    assert not errors(results), results
    assert sum(values(results)) == missed
    assert not Deadline.objects.filter(case__in=cases, escalated_at__isnull=True).exists()
    assert CaseEvent.objects.filter(case__in=cases, action="deadline_missed").count() == missed
    assert OutgoingMail.objects.count() - mail_before == missed
