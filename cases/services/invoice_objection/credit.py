"""R-OBJ-5: a credit note for exactly the accepted days × that year's døgnpris, and accounting
(ØAS) is told."""

from decimal import Decimal

from django.utils import timezone

from cases.errors import ValidationFailed, field_error
from cases.models import CreditNote, DailyRate, InvoiceObjection, ObjectionLine

from ..events import next_number, record_event, year_of
from .letters import credit_note_letter, store_letter
from .mails import mail_credit_note


def year_rate(year: int) -> Decimal:
    """R-USK-5: the døgnpris of `year`; a clear error when it is not entered. (The same rule
    as `cases.billing.daily_rate`; the integrator keeps one of the two.)"""
    rate = DailyRate.objects.filter(year=year).values_list("amount", flat=True).first()
    if rate is None:
        message = f"Døgnprisen for {year} er ikke registrert. Legg den inn under døgnpriser."
        raise ValidationFailed(
            message,
            code="daily_rate_missing",
            errors=[field_error("lines", message, "daily_rate_missing")],
        )
    return rate


def credit_note_issue(
    case: InvoiceObjection, *, actor, basis: str, days: list[tuple[ObjectionLine, int]]
) -> CreditNote | None:
    """R-OBJ-5: issue one credit note for `days` (line, accepted days) at the rate of the year
    of each line's period (a line is one calendar month at most); None when no day is
    accepted. Accounting (ØAS) is told by mail."""
    rows = []
    for item, count in days:
        if count <= 0:
            continue
        rate = year_rate(item.line.period_start.year)
        rows.append(
            {
                "line": item.line_id,
                "position": item.line.position,
                "days": count,
                "rate": str(rate),
                "amount": str(rate * count),
            }
        )
    if not rows:
        return None
    year = year_of()
    note = CreditNote.objects.create(
        objection=case,
        invoice=case.invoice,
        number=f"KN-{year}-{next_number('credit_note', year):04d}",
        basis=basis,
        days=sum(row["days"] for row in rows),
        amount=sum((Decimal(row["amount"]) for row in rows), Decimal("0")),
        lines=rows,
        accounting_notified_at=timezone.now(),
    )
    store_letter(
        case,
        actor=actor,
        name=f"{note.number}.txt",
        title=f"Kreditnota {note.number}",
        text=credit_note_letter(case, note),
    )
    mail_credit_note(case, note)
    record_event(
        case,
        actor=actor,
        action="credit_note_issued",
        from_status=case.status,
        data={
            "number": note.number,
            "basis": basis,
            "days": note.days,
            "amount": str(note.amount),
            "lines": [{k: row[k] for k in ("line", "days", "rate", "amount")} for row in rows],
        },
    )
    return note
