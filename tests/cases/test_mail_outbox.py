"""The e-mail outbox: nothing that rolled back is told, nothing that committed is lost, an
SMTP or broker failure never reaches the request, and no address or text reaches the logs."""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.test import override_settings

from cases.models import OutgoingMail
from cases.services.mail import deliver, deliver_pending, queue_mail
from tests.celery_app import broker

SECRET = "pasient.hemmelig@example.no"


class FailingBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("nede")


FAILING = "tests.cases.test_mail_outbox.FailingBackend"


def _queue(**kw):
    return queue_mail("Emne", f"Tekst til {SECRET}", [SECRET], **kw)


@pytest.mark.django_db(transaction=True)
def test_a_mail_of_a_change_that_rolled_back_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the change fails")
    assert OutgoingMail.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_mail_is_sent_once_after_commit():
    with transaction.atomic():
        queued = _queue()
        assert mail.outbox == []  # not before the commit
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [SECRET]
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 1
    assert deliver(queued.pk) is True  # a second attempt finds it sent
    assert deliver_pending() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_an_smtp_failure_keeps_the_mail_for_the_sweep_and_never_raises(caplog):
    caplog.set_level(logging.DEBUG)
    with override_settings(EMAIL_BACKEND=FAILING), transaction.atomic():
        queued = _queue()  # the commit runs the (eager) send: it fails quietly
    queued.refresh_from_db()
    assert queued.sent_at is None and queued.attempts == 1
    assert "nede" in queued.last_error
    assert mail.outbox == []
    assert deliver_pending() == 1  # the sweep, once SMTP works again
    assert len(mail.outbox) == 1
    assert SECRET not in caplog.text and "Tekst til" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_is_down_leaves_the_mail_for_the_sweep(caplog):
    caplog.set_level(logging.DEBUG)
    with broker("redis://127.0.0.1:1/0"), transaction.atomic():  # nothing listens there
        queued = _queue()  # the commit cannot reach the broker: no exception
    queued.refresh_from_db()
    assert queued.sent_at is None and mail.outbox == []
    assert "venter på sveipet" in caplog.text
    assert SECRET not in caplog.text
    assert deliver_pending() == 1
    assert len(mail.outbox) == 1


def test_two_attempts_at_once_send_a_mail_once(db):
    queued = OutgoingMail.objects.create(subject="Emne", body="Tekst", recipients=[SECRET])
    from cases.services.mail import _claim

    assert _claim(queued.pk) is not None  # one attempt holds it…
    assert deliver(queued.pk) is False  # …so another does not send it
    assert mail.outbox == []
