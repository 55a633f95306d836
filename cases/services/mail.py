"""The e-mail outbox (`OutgoingMail`): queue in the transaction, send after commit.

`queue_mail` stores the message with the change; after commit a Celery worker sends it
(`cases.tasks.send_mail`, with retries). A message that could not be sent, or whose task
could not be queued because the broker was down, stays unsent and is sent by
`deliver_pending` (the sweep). A failure never reaches the request whose change committed.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cases.models import Case, OutgoingMail

log = logging.getLogger(__name__)

# How long one attempt may hold a message before another may try it.
LOCK_SECONDS = 300


def queue_mail(subject: str, body: str, recipients: list[str], *, case: Case | None = None):
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return None
    mail = OutgoingMail.objects.create(
        case=case, subject=subject[:300], body=body, recipients=recipients
    )
    transaction.on_commit(lambda: dispatch(mail.pk))
    return mail


def dispatch(pk: int) -> None:
    """Hand the message to a worker. If the broker cannot take it, the sweep sends it."""
    from cases.tasks import send_mail

    try:
        send_mail.delay(pk)
    except Exception as exc:  # broker down or unreachable
        log.warning("e-post %s venter på sveipet; køen svarte ikke (%s)", pk, type(exc).__name__)


def _claim(pk: int) -> OutgoingMail | None:
    """Take the message for one attempt, unless it is sent or another attempt holds it."""
    now = timezone.now()
    claimed = (
        OutgoingMail.objects.filter(pk=pk, sent_at__isnull=True)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + timedelta(seconds=LOCK_SECONDS), attempts=F("attempts") + 1)
    )
    return OutgoingMail.objects.get(pk=pk) if claimed else None


def deliver(pk: int) -> bool:
    """Send one queued message. True when it is sent (now or before)."""
    mail = _claim(pk)
    if mail is None:
        return OutgoingMail.objects.filter(pk=pk, sent_at__isnull=False).exists()
    try:
        send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.recipients)
    except Exception as exc:  # SMTP, DNS, network: keep it for the next attempt
        log.warning(
            "e-post %s ble ikke sendt (forsøk %d): %s", pk, mail.attempts, type(exc).__name__
        )
        OutgoingMail.objects.filter(pk=pk).update(locked_until=None, last_error=str(exc)[:2000])
        return False
    OutgoingMail.objects.filter(pk=pk).update(sent_at=timezone.now(), locked_until=None)
    return True


def deliver_pending(*, limit: int = 200) -> int:
    """Send what is still unsent (run by the sweep). Returns how many were sent."""
    pending = OutgoingMail.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)
    return sum(deliver(pk) for pk in list(pending[:limit]))
