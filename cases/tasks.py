"""Background work of the domain: sending queued e-mail (`cases.services.mail`)."""

from celery import shared_task

from cases.models import OutgoingMail
from cases.services.mail import deliver

MAX_RETRIES = 6


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True, ignore_result=True)
def send_mail(self, mail_id: int) -> None:
    """Send one queued message; on failure try again later, with growing pauses. When the
    retries are spent the message stays unsent and the sweep tries it again."""
    if deliver(mail_id) or self.request.is_eager:
        return
    if OutgoingMail.objects.filter(pk=mail_id, sent_at__isnull=True).exists():
        raise self.retry(countdown=min(30 * 2**self.request.retries, 3600))
