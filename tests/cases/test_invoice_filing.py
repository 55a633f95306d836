"""Filing an objection: R-OBJ-2 (30 days from receipt, R-DL-1; late refused unless accepted
with a reason) and R-OBJ-3 (one case per discharging unit, a 30-day answer deadline, the unit
told with a copy to the cooperation section)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.errors import Conflict, Forbidden, ValidationFailed
from cases.models import (
    CaseEvent,
    Deadline,
    InvoiceObjection,
    ObjectionLine,
    ObjectionStatus,
    OutgoingMail,
)
from cases.services.invoice_objection import (
    invoice_accept_late,
    objection_deadline,
    objection_file,
)
from tests.factories import build_invoice_world, register_invoice
from tests.invoices import file_lines, file_objection, on_day


@pytest.fixture
def iw(db):
    return build_invoice_world()


def test_deadline_on_a_saturday_moves_to_monday_r_obj_2(iw, monkeypatch):
    """R-OBJ-2, R-DL-1: received 7.3.2024; the 30th day, 6.4.2024, is a Saturday: the
    objection is in time on Monday 8.4 and late on Tuesday 9.4."""
    invoice = register_invoice(iw, issued_on=date(2024, 3, 5), received_on=date(2024, 3, 7))
    assert objection_deadline(invoice) == date(2024, 4, 8)
    on_day(monkeypatch, date(2024, 4, 9))
    with pytest.raises(ValidationFailed) as exc:
        file_objection(iw, invoice, 1)
    assert exc.value.code == "objection_deadline_passed"
    assert "08.04.2024" in exc.value.message
    on_day(monkeypatch, date(2024, 4, 8))
    assert len(file_objection(iw, invoice, 1)) == 1


def test_deadline_on_a_public_holiday_moves_past_it_r_obj_2(iw, monkeypatch):
    """R-OBJ-2, R-DL-1: received 17.4.2024; the 30th day is 17 May (a public holiday), then
    a weekend and Whit Monday: the last day is Tuesday 21.5.2024."""
    invoice = register_invoice(iw, issued_on=date(2024, 4, 15), received_on=date(2024, 4, 17))
    assert objection_deadline(invoice) == date(2024, 5, 21)
    on_day(monkeypatch, date(2024, 5, 22))
    with pytest.raises(ValidationFailed) as exc:
        file_objection(iw, invoice, 1)
    assert exc.value.code == "objection_deadline_passed"
    on_day(monkeypatch, date(2024, 5, 21))
    assert file_objection(iw, invoice, 1)


def test_late_objection_is_refused_and_changes_nothing_r_obj_2(iw, monkeypatch):
    """R-OBJ-2: filed after the limit it is refused with `objection_deadline_passed`."""
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 6, 1))
    mails = OutgoingMail.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        file_objection(iw, invoice)
    assert exc.value.code == "objection_deadline_passed"
    assert not InvoiceObjection.objects.exists()
    assert OutgoingMail.objects.count() == mails


def test_trust_accepts_a_late_objection_with_a_recorded_reason_r_obj_2(iw, monkeypatch):
    """R-OBJ-2: the trust may accept a late objection, with a reason; the case records it."""
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 6, 1))
    with pytest.raises(ValidationFailed):
        invoice_accept_late(actor=iw.accountant, invoice=invoice, reason="  ")
    for outsider in (iw.clerk, iw.head):
        with pytest.raises(Forbidden):
            invoice_accept_late(actor=outsider, invoice=invoice, reason="Ok")
    invoice_accept_late(actor=iw.decider, invoice=invoice, reason="Fakturaen kom til feil adresse.")
    invoice.refresh_from_db()
    assert invoice.late_acceptance_reason == "Fakturaen kom til feil adresse."
    assert invoice.late_accepted_by == iw.decider and invoice.late_accepted_at is not None
    [case, _] = file_objection(iw, invoice)
    assert case.late_accepted
    filed = CaseEvent.objects.get(case=case, action="objection_filed")
    assert filed.data["late_accepted"] is True
    letter = case.documents.get(name__endswith="innsigelse.txt").file.read().decode()
    assert "Fakturaen kom til feil adresse." in letter


def test_one_case_per_discharging_unit_r_obj_3(iw, monkeypatch):
    """R-OBJ-3: lines of two units make two cases, each with its own lines, unit, parties,
    and answer deadline 30 days from receipt (R-DL-1)."""
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    first, second = file_objection(iw, invoice, comment="Se vedlagt skjema.")
    assert (first.unit, second.unit) == (iw.world.unit, iw.unit2)
    assert [x.line.position for x in ObjectionLine.objects.filter(objection=first)] == [1, 2]
    assert [x.line.position for x in ObjectionLine.objects.filter(objection=second)] == [3]
    for case in (first, second):
        assert case.status == ObjectionStatus.WITH_UNIT
        assert case.filed_on == date(2024, 4, 10)
        assert set(case.parties.all()) == {iw.world.tromso, iw.world.trust}
        assert case.created_by == iw.clerk
        deadline = Deadline.objects.get(case=case, rule="objection_answer")
        assert deadline.due_on == date(2024, 5, 10)
    assert first.reference != second.reference


def test_unit_is_told_with_a_copy_to_the_cooperation_section_r_obj_3(iw, monkeypatch):
    """R-OBJ-3: the unit's head gets the objection, the cooperation section a copy; neither
    mail carries an NPR-ID (R-AUD-2)."""
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    [case] = file_objection(iw, invoice, 3)
    mails = list(OutgoingMail.objects.filter(case=case))
    to_unit = [m for m in mails if iw.head2.email in m.recipients]
    to_section = [m for m in mails if iw.decider.email in m.recipients]
    assert len(to_unit) == 1 and len(to_section) == 1
    assert to_section[0].subject.endswith("Kopi: ny fakturainnsigelse")
    assert iw.lawyer.email in to_section[0].recipients
    assert "10.05.2024" in to_unit[0].body
    assert not any("34567890123" in m.body + m.subject for m in mails)


def test_events_name_lines_not_patients_r_aud_2(iw, monkeypatch):
    """R-AUD-2: the filing event names invoice line ids, never an NPR-ID."""
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    [case, _] = file_objection(iw, invoice)
    filed = CaseEvent.objects.get(case=case, action="objection_filed")
    assert filed.data["lines"] == list(
        invoice.lines.filter(position__in=[1, 2]).order_by("position").values_list("pk", flat=True)
    )
    dump = repr(list(CaseEvent.objects.filter(case=case).values_list("data", flat=True)))
    assert "12345678901" not in dump and "23456789012" not in dump


def test_form_errors_refuse_and_change_nothing_r_obj_2(iw, monkeypatch):
    """R-OBJ-2: the standard form needs lines of the invoice, 1..days disputed, grounds."""
    invoice = register_invoice(iw)
    other = register_invoice(iw, number="F-2")
    on_day(monkeypatch, date(2024, 4, 10))
    line = invoice.lines.get(position=1)
    bad = [
        {"line": line.pk, "disputed_days": 11, "grounds": "x"},
        {"line": other.lines.first().pk, "disputed_days": 1, "grounds": "x"},
        {"line": invoice.lines.get(position=2).pk, "disputed_days": 1, "grounds": " "},
        {"line": line.pk, "disputed_days": 0, "grounds": "x"},
    ]
    with pytest.raises(ValidationFailed) as exc:
        objection_file(actor=iw.clerk, invoice=invoice, lines=bad)
    fields = {e["field"] for e in exc.value.errors}
    assert {
        "lines[0].disputed_days",
        "lines[1].line",
        "lines[2].grounds",
        "lines[3].line",
        "lines[3].disputed_days",
    } <= fields
    with pytest.raises(ValidationFailed):
        objection_file(actor=iw.clerk, invoice=invoice, lines=[])
    assert not InvoiceObjection.objects.exists()


def test_only_the_invoiced_municipality_files_and_one_objection_per_line(iw, monkeypatch):
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    for user in (iw.other_clerk, iw.accountant, iw.world.outsider):
        with pytest.raises(Forbidden):
            objection_file(actor=user, invoice=invoice, lines=file_lines(invoice, 1))
    file_objection(iw, invoice, 1)
    with pytest.raises(Conflict) as exc:
        file_objection(iw, invoice, 1, 2)
    assert exc.value.code == "line_already_objected"
    assert InvoiceObjection.objects.count() == 1


@given(received=st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)))
@settings(max_examples=300, deadline=None)
def test_objection_deadline_is_a_working_day_never_before_the_plain_count_r_obj_2(received):
    """R-OBJ-2, R-DL-1 (property): the last day to object is never a Saturday, Sunday or
    public holiday, never earlier than 30 days after receipt, and the first working day from
    there."""
    from types import SimpleNamespace

    from cases import calendar

    invoice = SimpleNamespace(received_on=received, community=None)
    due = objection_deadline(invoice)
    plain = received + timedelta(days=30)
    assert calendar.is_business_day(due)
    assert due >= plain
    assert all(
        not calendar.is_business_day(plain + timedelta(days=d)) for d in range((due - plain).days)
    )
