"""Who hears of each step, by e-mail through the outbox. The mails point to the case; they
never carry NPR-IDs (R-AUD-2): the letters on the case do."""

from cases.models import CommitteeKind, InvoiceObjection

from ..mail import queue_mail
from ..notifications import case_url
from .common import committee_emails


def _send(case: InvoiceObjection, headline: str, text: str, recipients: list[str]) -> None:
    body = (
        f"{headline}\n\n"
        f"Sak: {case.reference} – {case.title}\n"
        f"Status: {case.status_display}\n\n"
        f"{text}\n\n{case_url(case)}\n"
    )
    queue_mail(f"[{case.reference}] {headline}", body, recipients, case=case)


def unit_emails(case: InvoiceObjection) -> list[str]:
    head = case.unit.head
    return [head.email] if head is not None and head.email else []


def section_emails(case: InvoiceObjection) -> list[str]:
    return committee_emails(case.community_id, CommitteeKind.COOPERATION_SECTION)


def accounting_emails(case: InvoiceObjection) -> list[str]:
    return committee_emails(case.community_id, CommitteeKind.ACCOUNTING)


def municipality_emails(case: InvoiceObjection) -> list[str]:
    creator = case.created_by
    return [creator.email] if creator is not None and creator.email else []


def mail_objection_filed(case: InvoiceObjection, *, due_on) -> None:
    """R-OBJ-3: to the discharging unit, with a copy to the cooperation section."""
    text = (
        f"Kommunen har fremmet innsigelse mot faktura {case.invoice.number}."
        f" Enheten svarer innen {due_on:%d.%m.%Y}."
    )
    _send(case, "Ny fakturainnsigelse til utskrivende enhet", text, unit_emails(case))
    _send(
        case,
        "Kopi: ny fakturainnsigelse",
        text + f"\nInnsigelsen er sendt til {case.unit.name}.",
        section_emails(case),
    )


def mail_answered(case: InvoiceObjection) -> None:
    _send(
        case,
        "Svar på fakturainnsigelse",
        "Utskrivende enhet har besvart innsigelsen. Svaret ligger i saken.",
        municipality_emails(case),
    )


def mail_credit_note(case: InvoiceObjection, note) -> None:
    """R-OBJ-5: accounting (ØAS) is told of the credit note."""
    _send(
        case,
        f"Kreditnota {note.number} skal utstedes",
        f"Kreditnota {note.number} til faktura {case.invoice.number}: {note.days} døgn,"
        f" {note.amount} kr.",
        accounting_emails(case),
    )


def mail_appealed(case: InvoiceObjection) -> None:
    _send(
        case,
        "Klage på svar på fakturainnsigelse",
        "Kommunen har klaget på svaret fra utskrivende enhet.",
        section_emails(case),
    )


def mail_decision(case: InvoiceObjection) -> None:
    """R-OBJ-6: the municipality gets the decision, the unit a copy for improvement work."""
    text = "Seksjon for samhandling har avgjort klagen. Avgjørelsen ligger i saken."
    _send(case, "Klagen er avgjort", text, municipality_emails(case))
    _send(case, "Kopi: klagen er avgjort", text, unit_emails(case))
