"""Redis down: the web keeps serving, and e-mail and escalations catch up when it returns.

A Redis of the test's own (tests/ops/redis_server.py) is stopped while a request commits a
change that queues e-mail and while a deadline passes; when it is back, the beat's sweep runs
on a real worker and sends what waited and escalates what was missed. Fails, never skips,
when redis-server is missing."""

import time
from datetime import timedelta

import kombu.exceptions
import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from cases import calendar
from cases.models import CaseEvent, Deadline, OutgoingMail, TaskTransfer
from tests.celery_app import broker
from tests.journey import open_task, submit
from tests.ops.redis_server import RedisServer
from workflows import engine

# The settings let a publish fail fast (CELERY_TASK_PUBLISH_RETRY off, short socket timeouts).
FAIL_FAST_SECONDS = 5


@pytest.fixture
def redis_server():
    server = RedisServer()
    yield server
    server.stop()


def _wait_until(check, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_with_redis_down_changes_commit_and_mail_and_escalations_catch_up(
    transactional_db, world, api, redis_server
):
    case = submit(world)
    task = open_task(case, "screen")
    engine.task_claim(task_id=task.pk, user=world.secretary)
    late = submit(world, title="Sak med oversittet frist")
    Deadline.objects.filter(case=late).update(due_on=calendar.today() - timedelta(days=2))

    redis_server.start()
    redis_server.stop()  # the broker the site is configured with is down
    with broker(redis_server.url) as app:
        started = time.monotonic()
        response = api.post(
            world.secretary,
            f"/api/v1/tasks/{task.pk}/complete/",
            {"decision": "reject", "criteria": {k: False for k in "abcdefg"},
             "justification": "Oppgaven er allerede kommunal."},
        )  # fmt: skip
        elapsed = time.monotonic() - started

        assert response.status_code == 200, response.json()
        assert elapsed < FAIL_FAST_SECONDS
        assert TaskTransfer.objects.get(pk=case.pk).status == "rejected_at_screening"
        waiting = OutgoingMail.objects.get(case=case)
        assert waiting.sent_at is None
        with pytest.raises(kombu.exceptions.OperationalError):  # beat cannot hand it on
            app.send_task("workflows.tasks.sweep")
        assert not Deadline.objects.filter(case=late, escalated_at__isnull=False).exists()

        redis_server.start()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            app.send_task("workflows.tasks.sweep")  # what beat does every minute
            assert _wait_until(
                lambda: (
                    not OutgoingMail.objects.filter(sent_at__isnull=True).exists()
                    and Deadline.objects.filter(case=late, escalated_at__isnull=False).exists()
                )
            ), "the sweep did not catch up"

    assert OutgoingMail.objects.get(pk=waiting.pk).sent_at is not None
    assert CaseEvent.objects.filter(case=late, action="deadline_missed").count() == 1
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count(waiting.subject) == 1
    assert any("Frist oversittet" in s for s in subjects)
