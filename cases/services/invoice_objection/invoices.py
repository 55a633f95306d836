"""Registering invoices (R-OBJ-1, R-USK-6) and accepting an objection after the deadline
(R-OBJ-2). Line data (NPR-IDs) is never logged nor put in an error message or event."""

import calendar as month_calendar
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import calendar
from cases.billing import chargeable_day_count, stay_from_data, stay_to_json
from cases.errors import Forbidden, ValidationFailed, field_error
from cases.models import BillingTerms, HospitalUnit, Invoice, InvoiceLine, Party, PartyKind

from ..transactions import service_transaction
from .common import is_trust_staff_for, require_trust_accounting, required_text, user_party

INVOICE_PAYMENT_DAYS = 30
MAX_LINES = 500


def invoice_due_on(issued_on: date) -> date:
    """R-OBJ-1: the invoice falls due 30 days after it is issued; a due date on a Saturday,
    Sunday or public holiday moves to the next working day (R-DL-1)."""
    return calendar.deadline_after_days(issued_on, INVOICE_PAYMENT_DAYS)


def invoice_payer_errors(*, community_id: int, health_trust: Party, municipality) -> list[dict]:
    """R-USK-6: the payer is a municipality (the oppholdskommune) of the trust's community."""
    if (
        not isinstance(municipality, Party)
        or municipality.kind != PartyKind.MUNICIPALITY
        or municipality.community_id != community_id
        or health_trust.community_id != community_id
    ):
        return [
            field_error(
                "municipality",
                "Betaleren må være en kommune i helsefellesskapet (oppholdskommunen).",
                "payer_not_in_community",
            )
        ]
    return []


def _month_end(day: date) -> date:
    return day.replace(day=month_calendar.monthrange(day.year, day.month)[1])


def _line_errors(i: int, raw: dict, trust: Party) -> tuple[dict, list[dict]]:
    """One line, checked: the unit is the trust's, the period one calendar month at most,
    the days fit the period. Messages name the line by position, never by patient."""
    prefix = f"lines[{i}]"
    clean: dict = {"position": raw.get("position") or i + 1}
    clean["stay"], errors = _stay_errors(prefix, raw.get("stay"))
    patient = str(raw.get("patient_ref") or "").strip()
    if not patient or len(patient) > 40 or not patient.isalnum():
        errors.append(
            field_error(f"{prefix}.patient_ref", "Oppgi pasientens NPR-ID.", "invalid_patient_ref")
        )
    clean["patient_ref"] = patient
    unit = raw.get("unit")
    if not isinstance(unit, HospitalUnit):
        unit = HospitalUnit.objects.filter(pk=unit).first() if isinstance(unit, int) else None
    if unit is None or unit.party_id != trust.pk:
        errors.append(
            field_error(f"{prefix}.unit", "Velg en enhet i helseforetaket.", "unit_not_of_trust")
        )
    clean["unit"] = unit
    start, end = raw.get("period_start"), raw.get("period_end")
    if not isinstance(start, date) or not isinstance(end, date) or end < start:
        errors.append(field_error(f"{prefix}.period_end", "Ugyldig periode.", "invalid_period"))
    elif end > _month_end(start):
        errors.append(
            field_error(
                f"{prefix}.period_end",
                "En fakturalinje gjelder høyst én kalendermåned.",
                "period_over_a_month",
            )
        )
    clean["period_start"], clean["period_end"] = start, end
    days = raw.get("days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        errors.append(field_error(f"{prefix}.days", "Oppgi antall døgn (minst 1).", "invalid"))
    elif isinstance(start, date) and isinstance(end, date) and days > (end - start).days + 1:
        errors.append(
            field_error(f"{prefix}.days", "Flere døgn enn dager i perioden.", "too_many_days")
        )
    clean["days"] = days
    try:
        amount = Decimal(str(raw.get("amount")))
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
            raise InvalidOperation
        clean["amount"] = amount.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors.append(field_error(f"{prefix}.amount", "Ugyldig beløp.", "invalid"))
    return clean, errors


def line_computed_days(stay: dict | None, community) -> int | None:
    """The chargeable days the calculator finds for the line's stay under the community's
    terms (R-USK-1..4), or None when the line has no stay or the community has no terms."""
    terms = BillingTerms.objects.filter(community=community).first()
    if not stay or terms is None:
        return None
    return chargeable_day_count(stay_from_data(stay), terms)


def _stay_errors(prefix: str, raw) -> tuple[dict | None, list[dict]]:
    """The line's stay (optional) as stored JSON, or its field errors under `prefix.stay`."""
    if raw in (None, {}):
        return None, []
    try:
        stay = stay_from_data(raw)
        chargeable_day_count(stay, BillingTerms())  # an open stay is refused here too
    except ValidationFailed as problem:
        errors = problem.errors or [field_error("", problem.message, problem.code)]
        return None, [
            {**e, "field": f"{prefix}.stay" + (f".{e['field']}" if e["field"] else "")}
            for e in errors
        ]
    return stay_to_json(stay), []


def fill_computed_days(invoice: Invoice) -> None:
    """Fill `computed_days` of each line from its stay, so a disagreeing line is `flagged`."""
    for line in invoice.lines.all():
        computed = line_computed_days(line.stay, invoice.community)
        if computed != line.computed_days:
            InvoiceLine.objects.filter(pk=line.pk).update(computed_days=computed)


@service_transaction
def invoice_register(
    *, actor, number: str, municipality, issued_on: date, received_on: date, lines: list[dict]
) -> Invoice:
    """R-OBJ-1, R-USK-6: the trust's accounting registers a monthly invoice with its lines."""
    own = user_party(actor)
    trust = require_trust_accounting(actor, own.community_id if own else None)
    errors = invoice_payer_errors(
        community_id=trust.community_id, health_trust=trust, municipality=municipality
    )
    number = (number or "").strip()
    if not number or len(number) > 40:
        errors.append(field_error("number", "Oppgi fakturanummeret.", "required"))
    if not isinstance(issued_on, date):
        errors.append(field_error("issued_on", "Oppgi fakturadatoen.", "required"))
    if not isinstance(received_on, date):
        errors.append(field_error("received_on", "Oppgi datoen kommunen mottok den.", "required"))
    elif isinstance(issued_on, date) and received_on < issued_on:
        errors.append(
            field_error(
                "received_on", "Fakturaen kan ikke mottas før den er utstedt.", "before_issue"
            )
        )
    if not lines:
        errors.append(field_error("lines", "En faktura har minst én linje.", "required"))
    elif len(lines) > MAX_LINES:
        errors.append(field_error("lines", f"Høyst {MAX_LINES} linjer.", "too_many"))
    cleaned = []
    for i, raw in enumerate(lines or []):
        clean, line_errors = _line_errors(i, raw if isinstance(raw, dict) else {}, trust)
        cleaned.append(clean)
        errors += line_errors
    positions = [c["position"] for c in cleaned]
    if len(set(positions)) != len(positions):
        errors.append(field_error("lines", "Linjenumrene må være ulike.", "duplicate_position"))
    if not errors and Invoice.objects.filter(health_trust=trust, number=number).exists():
        errors.append(
            field_error("number", "Fakturanummeret er allerede registrert.", "invoice_number_taken")
        )
    if errors:
        raise ValidationFailed("Fakturaen har feil.", errors=errors)
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                community_id=trust.community_id,
                health_trust=trust,
                municipality=municipality,
                number=number,
                issued_on=issued_on,
                received_on=received_on,
                due_on=invoice_due_on(issued_on),
                created_by=actor,
            )
    except IntegrityError as exc:  # the same number registered at the same moment
        raise ValidationFailed(
            "Fakturanummeret er allerede registrert.",
            errors=[field_error("number", "Fakturanummeret er allerede registrert.", "taken")],
        ) from exc
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            computed_days=line_computed_days(c["stay"], invoice.community),
            **c,
        )
        for c in cleaned
    )
    return invoice


def admin_prepare_invoice(invoice: Invoice, *, actor) -> None:
    """The admin's save: the community and due date follow from the trust and issue date."""
    invoice.community_id = invoice.health_trust.community_id
    invoice.due_on = invoice_due_on(invoice.issued_on)
    if invoice.created_by_id is None:
        invoice.created_by = actor


@service_transaction
def invoice_accept_late(*, actor, invoice: Invoice, reason: str) -> Invoice:
    """R-OBJ-2: the trust accepts an objection filed after the deadline, with a recorded
    reason. Only the trust's accounting or cooperation section may."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if not is_trust_staff_for(actor, invoice):
        raise Forbidden(
            "Bare helseforetakets regnskap eller seksjon for samhandling kan godta en"
            " innsigelse etter fristen.",
            code="not_trust_staff",
        )
    reason = required_text(reason, "reason", "Oppgi hvorfor innsigelsen godtas etter fristen.")
    invoice.late_acceptance_reason = reason
    invoice.late_accepted_by = actor
    invoice.late_accepted_at = timezone.now()
    invoice.save(update_fields=["late_acceptance_reason", "late_accepted_by", "late_accepted_at"])
    return invoice
