"""Two changes committed in the opposite order of their start, on real PostgreSQL: a client
polling `changed_after` sees both, once each; polling `updated_since` misses one.

T1 starts and changes case A; T2 starts later, changes case B and commits; the client polls;
then T1 commits and the client polls again. Each transaction has its own thread and
connection. Skipped on SQLite only, where writers cannot overlap like this.
"""

import threading

import pytest
from django.db import connection, transaction
from viewflow.workflow.models import Task

from cases.models import Case
from cases.services.events import record_event
from tests.factories import proposal
from workflows import engine
from workflows.task_transfer.actions import submit_proposal

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL transactions that overlap (set DATABASE_URL)")


def _task_of(case) -> int:
    return Task.objects.get(process=case.process, flow_task_type="HUMAN").pk


def _in_thread(body):
    errors: list = []

    def run():
        try:
            body()
        except Exception as exc:  # asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _out_of_order(world, poll):
    """Run the race; `poll()` is called between T2's commit and T1's commit, and after both.
    Returns the two polls' answers."""
    a, b = (
        submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
        for _ in range(2)
    )
    task_a, task_b = _task_of(a), _task_of(b)
    a_changed, commit_a = threading.Event(), threading.Event()

    def t1():
        with transaction.atomic():
            engine.task_claim(task_id=task_a, user=world.secretary)
            a_changed.set()
            assert commit_a.wait(timeout=20)

    first = poll(None)
    t1_thread, t1_errors = _in_thread(t1)
    assert a_changed.wait(timeout=20), t1_errors
    t2_thread, t2_errors = _in_thread(
        lambda: engine.task_claim(task_id=task_b, user=world.secretary2)
    )
    t2_thread.join(timeout=30)
    assert not t2_errors and not t2_thread.is_alive()
    between = poll(first)
    commit_a.set()
    t1_thread.join(timeout=30)
    assert not t1_errors and not t1_thread.is_alive()
    after = poll(between)
    return a, b, between, after


def test_changed_after_sees_both_changes_committed_out_of_order_once_each(pg, api, world):
    def poll(previous):
        cursor = "0" if previous is None else previous["next_cursor"]
        response = api.get(world.secretary, f"/api/v1/cases/?changed_after={cursor}")
        assert response.status_code == 200
        return response.json()

    a, b, between, after = _out_of_order(world, poll)

    assert [row["id"] for row in between["results"]] == [str(b.pk)]
    assert [row["id"] for row in after["results"]] == [str(a.pk)]
    [seen_a] = after["results"]
    assert seen_a["open_tasks"][0]["assignee"] == world.secretary.username


def test_updated_since_misses_the_change_that_committed_last(pg, api, world):
    """The problem `changed_after` solves: T1's change carries the earlier time."""

    def poll(previous):
        since = "" if previous is None else previous["since"]
        url = "/api/v1/cases/" + (f"?updated_since={since}" if since else "")
        rows = api.get(world.secretary, url).json()["results"]
        latest = max(row["updated_at"] for row in rows) if rows else since
        return {"since": latest.replace("+", "%2B"), "rows": rows}

    a, b, between, after = _out_of_order(world, poll)

    assert [row["id"] for row in between["rows"]] == [str(b.pk)]
    assert str(a.pk) not in [row["id"] for row in after["rows"]]


def _seq(case) -> int:
    return Case.objects.values_list("change_seq", flat=True).get(pk=case.pk)


def test_one_transaction_numbers_each_case_once_and_a_rollback_leaves_no_trace(pg, world):
    a = submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
    start = _seq(a)

    with transaction.atomic():
        for action in ("note_1", "note_2", "note_3"):
            record_event(a, actor=world.secretary, action=action)
    numbered = _seq(a)
    assert numbered == start + 1

    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(a, actor=world.secretary, action="note_4")
        raise RuntimeError("rolled back")
    assert _seq(a) == numbered
