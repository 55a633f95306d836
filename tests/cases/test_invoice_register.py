"""Registering invoices: R-OBJ-1 (due date), R-USK-6 (the payer), the lines' checks, and line
flagging (`computed_days`)."""

from datetime import date
from decimal import Decimal

import pytest

from cases.errors import DomainError, Forbidden, ValidationFailed
from cases.models import Invoice, InvoiceLine
from cases.services.invoice_objection import (
    invoice_due_on,
    invoice_register,
    line_computed_days,
)
from tests.factories import PartyFactory, build_invoice_world, invoice_line, register_invoice


@pytest.fixture
def iw(db):
    return build_invoice_world()


def codes(exc: DomainError) -> set[str]:
    return {e["code"] for e in exc.errors}


def test_due_date_is_30_days_after_issue_r_obj_1():
    """R-OBJ-1: 30 days after the issue date; moved off a Saturday per R-DL-1."""
    assert invoice_due_on(date(2024, 4, 2)) == date(2024, 5, 2)
    assert invoice_due_on(date(2024, 3, 7)) == date(2024, 4, 8)  # 6.4.2024 is a Saturday


def test_accounting_registers_an_invoice_with_its_lines_r_obj_1(iw):
    """R-OBJ-1: the registered invoice has its due date and its lines, in order."""
    invoice = register_invoice(iw)
    assert invoice.due_on == date(2024, 5, 2)
    assert invoice.community == iw.world.community
    assert invoice.health_trust == iw.world.trust
    assert invoice.created_by == iw.accountant
    lines = list(invoice.lines.order_by("position"))
    assert [(x.position, x.days, x.amount) for x in lines] == [
        (1, 10, Decimal("50000.00")),
        (2, 5, Decimal("25000.00")),
        (3, 8, Decimal("40000.00")),
    ]
    assert [x.unit for x in lines] == [iw.world.unit, iw.world.unit, iw.unit2]


def test_payer_must_be_a_municipality_of_the_community_r_usk_6(iw):
    """R-USK-6: an invoice to a municipality of another community, or to a trust, is refused."""
    for payer in (PartyFactory(name="Fjern kommune"), iw.world.trust):
        with pytest.raises(ValidationFailed) as exc:
            invoice_register(
                actor=iw.accountant,
                number="F-9",
                municipality=payer,
                issued_on=date(2024, 4, 2),
                received_on=date(2024, 4, 3),
                lines=[invoice_line(iw.world.unit)],
            )
        assert "payer_not_in_community" in codes(exc.value)
    assert not Invoice.objects.exists()


def test_only_the_trusts_accounting_registers_invoices(iw):
    for user in (iw.clerk, iw.head, iw.decider, iw.world.outsider):
        with pytest.raises(Forbidden):
            invoice_register(
                actor=user,
                number="F-1",
                municipality=iw.world.tromso,
                issued_on=date(2024, 4, 2),
                received_on=date(2024, 4, 3),
                lines=[invoice_line(iw.world.unit)],
            )
    assert not Invoice.objects.exists()


def test_line_checks_and_no_npr_id_in_the_errors(iw):
    """A line over more than one calendar month, at another trust's unit, with more days than
    the period or no NPR-ID is refused; the messages never carry the NPR-ID (R-AUD-2)."""
    other_trust = PartyFactory(community=iw.world.community, trust=True, name="Annet HF")
    from cases.models import HospitalUnit

    foreign = HospitalUnit.objects.create(party=other_trust, name="Annen enhet")
    lines = [
        invoice_line(iw.world.unit, period_end=date(2024, 4, 2)),
        invoice_line(foreign, patient_ref="99999999999"),
        invoice_line(iw.world.unit, days=3, period_end=date(2024, 3, 2)),
        invoice_line(iw.world.unit, patient_ref=""),
    ]
    with pytest.raises(ValidationFailed) as exc:
        register_invoice(iw, lines=lines)
    by_field = {e["field"]: e["code"] for e in exc.value.errors}
    assert by_field["lines[0].period_end"] == "period_over_a_month"
    assert by_field["lines[1].unit"] == "unit_not_of_trust"
    assert by_field["lines[2].days"] == "too_many_days"
    assert by_field["lines[3].patient_ref"] == "invalid_patient_ref"
    text = str(exc.value) + repr(exc.value.errors)
    assert "99999999999" not in text and "12345678901" not in text
    assert not InvoiceLine.objects.exists()


def test_an_invoice_number_is_unique_per_trust(iw):
    register_invoice(iw)
    with pytest.raises(ValidationFailed) as exc:
        register_invoice(iw)
    assert "invoice_number_taken" in codes(exc.value)
    assert Invoice.objects.count() == 1


def test_received_before_issued_is_refused(iw):
    with pytest.raises(ValidationFailed) as exc:
        register_invoice(iw, issued_on=date(2024, 4, 5), received_on=date(2024, 4, 3))
    assert "before_issue" in codes(exc.value)


def test_line_flagging_waits_for_the_calculator(iw):
    """`computed_days` is left empty until `cases.billing.charge_for` is wired in, so no line
    is flagged; a line whose computed days differ is flagged."""
    stay = {"declared_ready_at": "2024-03-01T10:00:00+01:00"}
    assert line_computed_days(stay, iw.world.community) is None
    invoice = register_invoice(iw, lines=[invoice_line(iw.world.unit, stay=stay)])
    line = invoice.lines.get()
    assert line.computed_days is None and not line.flagged
    line.computed_days = line.days - 1
    assert line.flagged
