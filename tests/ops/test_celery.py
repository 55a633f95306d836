"""Background work through a real Celery worker on the real Redis: an e-mail queued by a
committed change is sent by the worker, and the beat's sweep task runs there.

Skipped when Redis does not answer, unless SAKSFLYT_REQUIRE_REDIS=1 (CI sets it and starts
Redis), in which case a missing Redis fails the suite."""

import os
import time

import pytest
from django.core import mail
from django.db import transaction

from cases.models import OutgoingMail
from cases.services.mail import queue_mail
from tests.celery_app import broker

# A database of its own on the local Redis, so tests never meet a running deployment's queue.
TEST_BROKER = os.environ.get("SAKSFLYT_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(TEST_BROKER, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def worker(transactional_db):
    if not _redis_answers():
        if os.environ.get("SAKSFLYT_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis answers not at {TEST_BROKER}, and this run requires it.")
        pytest.skip("needs Redis (set SAKSFLYT_REQUIRE_REDIS=1 to require it)")
    from celery.contrib.testing.worker import start_worker

    with (
        broker(TEST_BROKER) as app,
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        yield


def _wait_until(check, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_sends_the_mail_of_a_committed_change(worker):
    with transaction.atomic():
        queued = queue_mail("Vedtak i sak", "Saken er avgjort.", ["forslag@example.no"])
        assert not OutgoingMail.objects.filter(pk=queued.pk, sent_at__isnull=False).exists()
    assert _wait_until(
        lambda: OutgoingMail.objects.filter(pk=queued.pk, sent_at__isnull=False).exists()
    ), "the worker did not send the mail"
    assert [m.subject for m in mail.outbox] == ["Vedtak i sak"]


def test_the_sweep_task_runs_on_the_worker_and_sends_what_is_unsent(worker):
    from workflows.tasks import sweep

    unsent = OutgoingMail.objects.create(
        subject="Frist oversittet", body="…", recipients=["sekretariat@example.no"]
    )
    sweep.delay()
    assert _wait_until(
        lambda: OutgoingMail.objects.filter(pk=unsent.pk, sent_at__isnull=False).exists()
    ), "the sweep did not run on the worker"
    assert [m.subject for m in mail.outbox] == ["Frist oversittet"]
