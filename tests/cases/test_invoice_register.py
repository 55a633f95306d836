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


def _stay(**overrides) -> dict:
    """Declared ready and notified Friday 1 March 2024, cannot receive, taken over Monday 11."""
    stay = {
        "declared_ready_at": "2024-03-01T10:00:00+01:00",
        "notified_at": "2024-03-01T10:30:00+01:00",
        "municipality_answer": "cannot_receive",
        "answered_at": "2024-03-01T14:00:00+01:00",
        "taken_over_on": "2024-03-11",
    }
    return {**stay, **overrides}


def test_a_line_whose_days_disagree_with_the_calculator_is_flagged_r_usk_2_r_usk_3(iw):
    """R-USK-2, R-USK-3: under the community's terms (UNN: from the next business day) the
    stay gives 1.3 (Monday 4) to 10.3: 7 days. The line charging 10 is flagged for the
    municipality; one charging 7 is not; a line without a stay is never flagged."""
    from cases.billing_profiles import apply_billing_profile

    apply_billing_profile(iw.world.community, "unn")
    assert line_computed_days(_stay(), iw.world.community) == 7
    invoice = register_invoice(
        iw,
        lines=[
            invoice_line(iw.world.unit, days=10, stay=_stay()),
            invoice_line(iw.world.unit, patient_ref="23456789012", days=7, stay=_stay()),
            invoice_line(iw.unit2, patient_ref="34567890123", days=8),
        ],
    )
    first, second, third = invoice.lines.order_by("position")
    assert (first.computed_days, first.flagged) == (7, True)
    assert (second.computed_days, second.flagged) == (7, False)
    assert (third.computed_days, third.flagged) == (None, False)
    # stored as JSON, with the defaults it was counted with
    assert first.stay == {
        **_stay(),
        "discharge_summary_sent": True,
        "readmission_same_problem": True,
    }


def test_a_line_without_billing_terms_is_not_checked(iw):
    """A community that has not entered its terms gets no flags (nothing to check against)."""
    invoice = register_invoice(iw, lines=[invoice_line(iw.world.unit, days=10, stay=_stay())])
    assert invoice.lines.get().computed_days is None


def test_a_malformed_or_open_stay_is_a_field_error_and_registers_nothing(iw):
    """Bad stay events are refused where they are, under `lines[i].stay.<field>`."""
    bad = [
        (_stay(notified_at="i går"), "lines[0].stay.notified_at"),
        (_stay(taken_over_on=None), "lines[0].stay.taken_over_on"),
        (_stay(notified_at="2024-02-01T10:00:00+01:00"), "lines[0].stay.notified_at"),
        ({**_stay(), "npr": "x"}, "lines[0].stay.npr"),
    ]
    for stay, field in bad:
        with pytest.raises(ValidationFailed) as exc:
            register_invoice(iw, lines=[invoice_line(iw.world.unit, stay=stay)])
        assert field in {e["field"] for e in exc.value.errors}, (field, exc.value.errors)
    assert not Invoice.objects.exists()
