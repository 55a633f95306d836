"""E-mail through the outbox: the message is stored with the change it tells of, and sent
after commit (`cases.services.mail`), so nobody hears of a change that rolled back and no
committed change goes untold."""

from django.conf import settings

from cases.models import Case, Deadline, Membership

from .mail import queue_mail


def case_url(case: Case) -> str:
    return f"{settings.SAKSFLYT_BASE_URL}/saker/{case.pk}/"


def letter_url(case: Case) -> str:
    return f"{case_url(case)}vedtaksbrev/"


def notify_proposer(case: Case, *, email: str, headline: str, text: str) -> None:
    """Tell the proposer how the case ended (with a link to the decision letter), or where it
    stands."""
    link = (
        f"Vedtaksbrevet: {letter_url(case)}\n"
        if case.is_closed
        else f"Du kan følge saken her: {case_url(case)}\n"
    )
    body = (
        f"{headline}\n\n"
        f"Sak: {case.reference} – {case.title}\n"
        f"Status: {case.status_display}\n\n"
        f"{text}\n\n"
        f"{link}"
    )
    queue_mail(f"[{case.reference}] {headline}", body, [email], case=case)


def notify_deadline_missed(deadline: Deadline, *, escalate_to: str) -> None:
    """R-DL-3: the body the rule escalates to hears of a missed deadline once."""
    case = deadline.case
    emails = Membership.objects.filter(
        committee__community_id=case.community_id, committee__kind=escalate_to
    ).values_list("user__email", flat=True)
    body = (
        f"Fristen «{deadline.label}» i sak {case.reference} ({case.title}) gikk ut "
        f"{deadline.due_on:%d.%m.%Y} uten at steget er fullført.\n\n{case_url(case)}\n"
    )
    queue_mail(f"[{case.reference}] Frist oversittet", body, list(emails), case=case)
