"""The record of an objection as it was made, one section per step: the objection, the unit's
answer, each credit note, the municipality's review and appeal, the appeal decision with its two
signatures, the national board. Shown on the case page, beside later tasks and in the archive
summary. The lines are named by number and period, not by NPR-ID: the record is printed where
no read of patient data is recorded (the case page's own part shows the NPR-IDs)."""

from decimal import Decimal, InvalidOperation

from cases.models import Case, InvoiceObjection, ObjectionStatus
from workflows.dispute.record import amount
from workflows.letters import Section, Table, people_on, when


def line_name(line) -> str:
    return f"Linje {line.position} ({line.period_start:%d.%m.%Y}–{line.period_end:%d.%m.%Y})"


def _lines(case: InvoiceObjection) -> list:
    return list(case.lines.select_related("line", "answered_by").order_by("line__position"))


def invoice_rows(case: InvoiceObjection) -> list[tuple[str, str]]:
    invoice = case.invoice
    return [
        ("Faktura", invoice.number),
        ("Fra", invoice.health_trust.name),
        ("Til", invoice.municipality.name),
        ("Fakturadato", when(invoice.issued_on)),
        ("Utskrivende enhet", case.unit.name),
    ]


def _objection(case: InvoiceObjection, lines, name) -> Section:
    rows = [
        *invoice_rows(case),
        ("Fremmet", when(case.created_at)),
        ("Fremmet av", name(case.created_by)),
        ("Mottatt av helseforetaket", when(case.filed_on)),
    ]
    if case.late_accepted:
        rows.append(("Etter fristen", "Godtatt av helseforetaket"))
    if case.comment:
        rows.append(("Kommentar", case.comment))
    return Section(
        "Innsigelsen",
        rows=rows,
        table=Table(
            ("Linje", "Fakturerte døgn", "Bestridte døgn", "Grunnlag"),
            [
                (line_name(ol.line), str(ol.line.days), str(ol.disputed_days), ol.grounds)
                for ol in lines
            ],
        ),
        anchor="record-objection",
    )


def _answer(lines, name) -> Section | None:
    answered = [ol for ol in lines if ol.answered_at is not None]
    if not answered:
        return None
    first = answered[0]
    return Section(
        "Svar fra utskrivende enhet",
        rows=[("Besvart av", name(first.answered_by)), ("Dato", when(first.answered_at))],
        table=Table(
            ("Linje", "Bestridt", "Godtatt", "Avvist", "Begrunnelse"),
            [
                (
                    line_name(ol.line),
                    str(ol.disputed_days),
                    str(ol.accepted_days),
                    str(ol.rejected_days),
                    ol.justification,
                )
                for ol in answered
            ],
        ),
        anchor="record-answer",
    )


def _credit_notes(case: InvoiceObjection, lines) -> list[Section]:
    names = {ol.line_id: line_name(ol.line) for ol in lines}
    sections = []
    for note in case.credit_notes.order_by("issued_at", "pk"):
        sections.append(
            Section(
                f"Kreditnota {note.number}",
                rows=[
                    ("Grunnlag", note.get_basis_display()),
                    ("Utstedt", when(note.issued_at)),
                    ("Døgn", str(note.days)),
                    ("Beløp", amount(note.amount)),
                    ("Regnskap (ØAS) varslet", when(note.accounting_notified_at)),
                ],
                table=Table(
                    ("Linje", "Døgn", "Døgnpris", "Beløp"),
                    [
                        (
                            names.get(row.get("line"), str(row.get("line", "–"))),
                            str(row.get("days", "–")),
                            amount(_decimal(row.get("rate"))),
                            amount(_decimal(row.get("amount"))),
                        )
                        for row in note.lines
                    ],
                ),
                anchor=f"record-credit-{note.pk}",
            )
        )
    return sections


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


def _event(case: InvoiceObjection, action: str):
    return case.events.filter(action=action).select_related("actor").order_by("at", "pk").last()


def _review(case: InvoiceObjection, name) -> Section | None:
    appeal = getattr(case, "appeal_record", None)
    if appeal is not None:
        return Section(
            "Klage til seksjon for samhandling",
            rows=[
                ("Klaget av", name(appeal.filed_by)),
                ("Dato", when(appeal.filed_at)),
                ("Begrunnelse", appeal.grounds),
            ],
            anchor="record-appeal",
        )
    accepted = _event(case, "answer_accepted")
    if accepted is None:
        return None
    return Section(
        "Kommunens vurdering",
        rows=[("Kommunen godtok svaret", name(accepted.actor)), ("Dato", when(accepted.at))],
        anchor="record-review",
    )


def _decision(case: InvoiceObjection, lines, name) -> Section | None:
    appeal = getattr(case, "appeal_record", None)
    if appeal is None or not appeal.decided_at:
        return None
    rows = [
        ("Utfall", appeal.get_outcome_display()),
        ("Avgjørelse", appeal.decision_text or "–"),
        ("Avgjort av", name(appeal.decided_by)),
        ("Dato", when(appeal.decided_at)),
        (
            "Medsignert av jurist",
            f"{name(appeal.cosigned_by)}, {when(appeal.cosigned_at)}"
            if appeal.cosigned_at
            else "Ikke signert ennå",
        ),
    ]
    table = None
    if any(ol.appeal_accepted_days is not None for ol in lines):
        table = Table(
            ("Linje", "Godtatt etter klagen"),
            [
                (line_name(ol.line), str(ol.appeal_accepted_days))
                for ol in lines
                if ol.appeal_accepted_days is not None
            ],
        )
    return Section("Klageavgjørelse", rows=rows, table=table, anchor="record-decision")


def _end(case: InvoiceObjection, name) -> Section | None:
    if case.status == ObjectionStatus.AT_BOARD:
        event = _event(case, "brought_to_board")
        dispute = Case.objects.filter(pk=(event.data.get("dispute") if event else None)).first()
        return Section(
            "Brakt inn for Nasjonal tvisteløsningsnemnd",
            rows=[
                ("Av", name(event.actor) if event else "–"),
                ("Dato", when(event.at if event else case.closed_at)),
                ("Tvistesak", f"{dispute.reference} – {dispute.title}" if dispute else "–"),
            ],
            anchor="record-board",
        )
    if case.status == ObjectionStatus.CLOSED:
        return Section(
            "Saken er avsluttet", rows=[("Dato", when(case.closed_at))], anchor="record-closed"
        )
    return None


def record(case: InvoiceObjection, user) -> list[Section]:
    """Every step of the objection so far, in the order it was made."""
    name = people_on(case, user)
    lines = _lines(case)
    sections = [
        _objection(case, lines, name),
        _answer(lines, name),
        *_credit_notes(case, lines),
        _review(case, name),
        _decision(case, lines, name),
        _end(case, name),
    ]
    return [s for s in sections if s is not None]
