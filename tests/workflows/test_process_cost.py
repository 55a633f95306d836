"""What one action of a process costs in SQL: the statements the engine, the lock and the
case services need, and none twice (bench/cost.py measures the whole run, README "Ytelse")."""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task

from tests.journey import open_task, submit
from workflows import engine
from workflows.locks import row_lock


def _savepoints(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SAVEPOINT")]


def test_a_claim_opens_one_block_the_flow_lock(world):
    """The flow lock's `atomic()` is the only block around a claim: no savepoint for the lock
    statement alone and none for the engine's body (two statements each, every action). The
    test runs inside pytest's transaction, so the lock's own block is the one savepoint."""
    case = submit(world)
    task = open_task(case, "screen")
    with CaptureQueriesContext(connection) as claim:
        engine.task_claim(task_id=task.pk, user=world.secretary)
    assert len(_savepoints(claim)) == 1, _savepoints(claim)
    assert Task.objects.get(pk=task.pk).owner_id == world.secretary.pk


@pytest.fixture
def pg(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL)")


def test_a_lock_not_granted_in_time_leaves_the_outer_transaction_usable(pg, monkeypatch):
    """Without its inner savepoint the lock still rolls back only itself: a claim refused as
    `case_busy` inside an outer transaction (the API's idempotency record) leaves that
    transaction usable, and the task untouched."""
    from tests.factories import build_world

    world = build_world()
    case = submit(world)
    task = open_task(case, "screen")
    monkeypatch.setattr(row_lock, "timeout_ms", 200)
    held, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                type(case.process).objects.select_for_update().filter(pk=case.process.pk).exists()
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(10)
        with transaction.atomic():
            with pytest.raises(engine.Busy):
                engine.task_claim(task_id=task.pk, user=world.secretary)
            assert Task.objects.get(pk=task.pk).owner_id is None  # the outer block still works
    finally:
        release.set()
        thread.join(10)
    engine.task_claim(task_id=task.pk, user=world.secretary)
    assert Task.objects.get(pk=task.pk).owner_id == world.secretary.pk
