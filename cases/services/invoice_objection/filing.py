"""R-OBJ-2, R-OBJ-3: the municipality files an objection on the standard form; one case per
discharging unit, each with its own 30-day answer deadline."""

from cases import calendar
from cases.errors import Conflict, ValidationFailed, field_error
from cases.models import (
    OBJECTION_FINAL,
    Invoice,
    InvoiceLine,
    InvoiceObjection,
    JournalKind,
    ObjectionLine,
)

from ..deadlines import deadline_open
from ..events import next_number, record_opening, year_of
from ..transactions import service_transaction
from .common import require_municipality
from .deadlines import OBJECTION_ANSWER, answer_deadline, objection_deadline
from .journal import journal_letter
from .letters import objection_letter
from .mails import mail_objection_filed


def objection_in_time(invoice: Invoice, *, today=None) -> bool:
    """R-OBJ-2: filed by the last day (30 days from receipt, R-DL-1), or accepted late."""
    today = today or calendar.today()
    return today <= objection_deadline(invoice) or invoice.accepted_late


def _require_in_time(invoice: Invoice, today) -> bool:
    """Refuse a late objection unless the trust accepted it; True when it is late."""
    deadline = objection_deadline(invoice)
    if today <= deadline:
        return False
    if invoice.accepted_late:
        return True
    message = (
        f"Fristen for innsigelse gikk ut {deadline:%d.%m.%Y} (30 dager fra fakturaen ble"
        f" mottatt {invoice.received_on:%d.%m.%Y}). Helseforetaket kan likevel godta"
        " innsigelsen."
    )
    raise ValidationFailed(
        message,
        code="objection_deadline_passed",
        errors=[field_error("invoice", message, "objection_deadline_passed")],
    )


def _line_of(invoice: Invoice, value) -> InvoiceLine | None:
    pk = value.pk if isinstance(value, InvoiceLine) else value
    if not isinstance(pk, int) or isinstance(pk, bool):
        return None
    return invoice.lines.select_related("unit__head").filter(pk=pk).first()  # the unit is told


def _checked_lines(invoice: Invoice, lines: list[dict]) -> list[tuple[InvoiceLine, dict]]:
    """The form's lines: each a line of this invoice, once, 1..line.days disputed, grounds."""
    if not lines:
        raise ValidationFailed(
            "Velg minst én fakturalinje.",
            errors=[field_error("lines", "Velg minst én fakturalinje.", "required")],
        )
    errors, checked, seen = [], [], set()
    for i, raw in enumerate(lines):
        raw = raw if isinstance(raw, dict) else {}
        prefix = f"lines[{i}]"
        line = _line_of(invoice, raw.get("line"))
        if line is None:
            errors.append(field_error(f"{prefix}.line", "Ukjent fakturalinje.", "invalid"))
            continue
        if line.pk in seen:
            errors.append(field_error(f"{prefix}.line", "Linjen er valgt to ganger.", "duplicate"))
        seen.add(line.pk)
        days = raw.get("disputed_days")
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= line.days:
            errors.append(
                field_error(
                    f"{prefix}.disputed_days",
                    f"Omstridte døgn må være mellom 1 og {line.days}.",
                    "invalid",
                )
            )
        grounds = (raw.get("grounds") or "").strip() if isinstance(raw.get("grounds"), str) else ""
        if not grounds:
            errors.append(
                field_error(f"{prefix}.grounds", "Oppgi begrunnelsen for innsigelsen.", "required")
            )
        comment = raw.get("comment") if isinstance(raw.get("comment"), str) else ""
        checked.append(
            (line, {"disputed_days": days, "grounds": grounds, "comment": comment.strip()})
        )
    if errors:
        raise ValidationFailed("Innsigelsen har feil.", errors=errors)
    open_lines = ObjectionLine.objects.filter(line__in=[line for line, _ in checked]).exclude(
        objection__status__in=OBJECTION_FINAL
    )
    if open_lines.exists():
        positions = sorted(open_lines.values_list("line__position", flat=True))
        raise Conflict(
            "Det er allerede en åpen innsigelse mot linje "
            + ", ".join(str(p) for p in positions)
            + ".",
            code="line_already_objected",
        )
    return checked


def _by_unit(checked):
    units: dict = {}
    for line, data in sorted(checked, key=lambda item: item[0].position):
        units.setdefault(line.unit_id, (line.unit, []))[1].append((line, data))
    return list(units.values())


def _open_case(*, actor, invoice, unit, rows, comment, late, today) -> InvoiceObjection:
    year = year_of(today)
    case = InvoiceObjection(
        community=invoice.community,
        created_by=actor,
        reference=f"FI-{year}-{next_number('invoice_objection', year):04d}",
        title=f"Innsigelse mot faktura {invoice.number} – {unit.name}"[:300],
        invoice=invoice,
        unit=unit,
        filed_on=today,
        late_accepted=late,
        comment=comment,
    )
    due_on = answer_deadline(today, community=invoice.community)
    record_opening(
        case,
        parties=(invoice.municipality, invoice.health_trust),
        actor=actor,
        action="objection_filed",
        data={
            "invoice": invoice.pk,
            "unit": unit.pk,
            "lines": [line.pk for line, _ in rows],
            "disputed_days": sum(data["disputed_days"] for _, data in rows),
            "late_accepted": late,
            "answer_due_on": due_on.isoformat(),
        },
    )
    objection_lines = [
        ObjectionLine.objects.create(objection=case, line=line, **data) for line, data in rows
    ]
    deadline_open(case, rule=OBJECTION_ANSWER, start=today, due_on=due_on)
    title = f"Innsigelse mot faktura {invoice.number}"
    journal_letter(
        case,
        actor=actor,
        kind=JournalKind.OBJECTION,
        title=title,
        name=f"{case.reference}-innsigelse.txt",
        text=objection_letter(case, objection_lines),
        sender=invoice.municipality,
        recipient=invoice.health_trust,
        recipient_unit=unit,
    )
    mail_objection_filed(case, due_on=due_on)
    return case


@service_transaction
def objection_file(
    *, actor, invoice: Invoice, lines: list[dict], comment: str = ""
) -> list[InvoiceObjection]:
    """R-OBJ-2, R-OBJ-3: the municipality objects to lines of `invoice` (each line: `line`,
    `disputed_days`, `grounds`, `comment`). Refused with `objection_deadline_passed` after
    30 days from receipt unless the trust accepted it late. Opens one case per discharging
    unit, received by the trust today, answer due 30 days later; the unit is told, with a
    copy to the cooperation section. Returns the cases in line order."""
    # its community, municipality and trust in the same read: the deadline, the parties
    # and the letter use them (only the invoice's row is locked)
    invoice = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("community", "municipality", "health_trust")
        .get(pk=invoice.pk)
    )
    require_municipality(actor, invoice)
    today = calendar.today()
    late = _require_in_time(invoice, today)
    checked = _checked_lines(invoice, lines)
    comment = comment.strip() if isinstance(comment, str) else ""
    return [
        _open_case(
            actor=actor,
            invoice=invoice,
            unit=unit,
            rows=rows,
            comment=comment,
            late=late,
            today=today,
        )
        for unit, rows in _by_unit(checked)
    ]
