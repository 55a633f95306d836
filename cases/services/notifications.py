"""E-mail sent after the transaction commits, so nobody hears of a change that rolled back."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from cases.models import Case, CommitteeKind, Deadline, Membership


def _send_after_commit(subject: str, body: str, recipients: list[str]) -> None:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients))


def case_url(case: Case) -> str:
    return f"{settings.SAKSFLYT_BASE_URL}/saker/{case.pk}/"


def notify_proposer(case: Case, *, email: str, headline: str, text: str) -> None:
    """Tell the proposer how the case ended (or where it stands)."""
    body = (
        f"{headline}\n\n"
        f"Sak: {case.reference} – {case.title}\n"
        f"Status: {case.status_display}\n\n"
        f"{text}\n\n"
        f"Du kan følge saken her: {case_url(case)}\n"
    )
    _send_after_commit(f"[{case.reference}] {headline}", body, [email])


def notify_deadline_missed(deadline: Deadline) -> None:
    """R-DL-3: the secretariat hears of a missed deadline once."""
    case = deadline.case
    emails = Membership.objects.filter(
        committee__community_id=case.community_id, committee__kind=CommitteeKind.SECRETARIAT
    ).values_list("user__email", flat=True)
    body = (
        f"Fristen «{deadline.kind}» i sak {case.reference} ({case.title}) gikk ut "
        f"{deadline.due_on:%d.%m.%Y} uten at steget er fullført.\n\n{case_url(case)}\n"
    )
    _send_after_commit(f"[{case.reference}] Frist oversittet", body, list(emails))
