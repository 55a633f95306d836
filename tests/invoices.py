"""Helpers for objection tests: a fixed "today", filing, answering and appealing in one call,
and a snapshot that proves a refused step changed nothing."""

from datetime import date

from cases.models import (
    CaseEvent,
    CreditNote,
    Deadline,
    InvoiceObjection,
    JournalEntry,
    ObjectionLine,
    OutgoingMail,
)
from cases.services.invoice_objection import (
    appeal_cosign,
    appeal_decide,
    objection_answer,
    objection_file,
    objection_review,
)


def registered_invoice(iw, *days: int, number: str = "UNN-1"):
    """An invoice received two days ago, registered by accounting, one line per `days` for
    the world's unit (4 days if none given)."""
    from datetime import timedelta

    from cases import calendar
    from tests.factories import invoice_line, register_invoice

    received = calendar.today() - timedelta(days=2)
    return register_invoice(
        iw,
        number=number,
        issued_on=received,
        received_on=received,
        lines=[invoice_line(iw.world.unit, days=d) for d in days or (4,)],
    )


def on_day(monkeypatch, day: date) -> None:
    """Make `cases.calendar.today()` return `day`."""
    monkeypatch.setattr("cases.calendar.today", lambda: day)


def file_lines(invoice, *positions, days=2, grounds="Kommunen ble ikke varslet.") -> list[dict]:
    lines = {line.position: line for line in invoice.lines.all()}
    return [
        {"line": lines[p].pk, "disputed_days": days, "grounds": grounds} for p in positions or lines
    ]


def file_objection(iw, invoice, *positions, days=2, **kwargs) -> list[InvoiceObjection]:
    return objection_file(
        actor=iw.clerk, invoice=invoice, lines=file_lines(invoice, *positions, days=days), **kwargs
    )


def answer_all(iw, case, *, accepted: int, justification="Varselet kom for sent fram."):
    """The unit's head answers every disputed line with `accepted` days accepted."""
    rows = [
        {
            "line": item.line_id,
            "accepted_days": accepted,
            "rejected_days": item.disputed_days - accepted,
            "justification": justification,
        }
        for item in ObjectionLine.objects.filter(objection=case)
    ]
    return objection_answer(case=case, actor=case.unit.head, lines=rows)


def to_appeal_decided(iw, case, *, outcome="upheld", accepted_after=None):
    """Answered with 0 accepted, appealed, decided and cosigned."""
    answer_all(iw, case, accepted=0)
    objection_review(
        case=case, actor=iw.clerk, decision="appeal", grounds="Svaret strider mot avtalen."
    )
    lines = None
    if outcome == "overturned":
        lines = [
            {"line": item.line_id, "accepted_days": accepted_after}
            for item in ObjectionLine.objects.filter(objection=case)
        ]
    appeal_decide(
        case=case, actor=iw.decider, outcome=outcome, decision_text="Avgjørelse.", lines=lines
    )
    return appeal_cosign(case=case, actor=iw.lawyer, confirm=True)


def snapshot(case) -> tuple:
    fresh = InvoiceObjection.objects.get(pk=case.pk)
    return (
        fresh.status,
        CaseEvent.objects.filter(case=case).count(),
        CreditNote.objects.filter(objection=case).count(),
        JournalEntry.objects.filter(case=case).count(),
        OutgoingMail.objects.count(),
        list(ObjectionLine.objects.filter(objection=case).values_list("accepted_days", flat=True)),
        Deadline.objects.filter(case=case, state="open").count(),
    )
