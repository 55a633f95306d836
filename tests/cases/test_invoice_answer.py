"""The unit's answer: R-OBJ-4 (every item, or refused) and R-OBJ-5 (a credit note for exactly
the accepted days × that year's døgnpris; accounting told)."""

from datetime import date
from decimal import Decimal

import pytest

from cases.errors import Conflict, Forbidden, ValidationFailed
from cases.models import (
    CaseEvent,
    CreditNote,
    DailyRate,
    Deadline,
    DeadlineState,
    InvoiceObjection,
    JournalEntry,
    ObjectionLine,
    ObjectionStatus,
    OutgoingMail,
)
from cases.services.invoice_objection import objection_answer
from tests.factories import build_invoice_world, invoice_line, register_invoice
from tests.invoices import answer_all, file_objection, on_day, snapshot


@pytest.fixture
def iw(db):
    return build_invoice_world()


@pytest.fixture
def case(iw, monkeypatch):
    """Tromsø disputes 4 of 10 days on line 1 and 4 of 5 on line 2 (unit 1), on 10.4.2024."""
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    return file_objection(iw, invoice, 1, 2, days=4)[0]


def rows(case, *answers):
    items = list(ObjectionLine.objects.filter(objection=case).order_by("line__position"))
    return [{"line": item.line_id, **answer} for item, answer in zip(items, answers, strict=False)]


FULL = {"accepted_days": 1, "rejected_days": 3, "justification": "Varsel ble sendt i tide."}


def test_answer_missing_an_item_is_refused_and_changes_nothing_r_obj_4(iw, case):
    """R-OBJ-4: no justification, no rejected days, or a disputed line left out: refused."""
    before = snapshot(case)
    head = case.unit.head
    incomplete = [
        rows(case, FULL),  # line 2 not answered
        rows(case, FULL, {**FULL, "justification": ""}),
        rows(case, FULL, {"accepted_days": 1, "justification": "x"}),
        rows(case, FULL, {**FULL, "accepted_days": None}),
    ]
    expected = ["line_not_answered", "required", "required", "required"]
    for lines, code in zip(incomplete, expected, strict=True):
        with pytest.raises(ValidationFailed) as exc:
            objection_answer(case=case, actor=head, lines=lines)
        assert exc.value.code == "answer_incomplete"
        assert code in {e["code"] for e in exc.value.errors}
    assert snapshot(case) == before


def test_accepted_and_rejected_must_add_up_to_the_disputed_days_r_obj_4(iw, case):
    """R-OBJ-4: 2 + 3 is not the 4 disputed days."""
    before = snapshot(case)
    lines = rows(case, FULL, {**FULL, "accepted_days": 2})
    with pytest.raises(ValidationFailed) as exc:
        objection_answer(case=case, actor=case.unit.head, lines=lines)
    assert {e["code"] for e in exc.value.errors} == {"days_do_not_add_up"}
    assert exc.value.errors[0]["field"] == "lines[1].rejected_days"
    assert snapshot(case) == before


def test_the_answer_letter_states_every_item_r_obj_4(iw, case):
    """R-OBJ-4: invoice number, unit, NPR-ID, period, days accepted and rejected, and the
    justification, in the letter journaled to the municipality."""
    objection_answer(
        case=case,
        actor=case.unit.head,
        lines=rows(case, FULL, {"accepted_days": 0, "rejected_days": 4, "justification": "Nei."}),
    )
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == ObjectionStatus.ANSWERED
    entry = JournalEntry.objects.get(case=case, kind="answer")
    assert (entry.sender, entry.recipient) == (iw.world.trust, iw.world.tromso)
    letter = entry.document.file.read().decode()
    for item in [
        "F-2024-001",
        "Medisinsk klinikk",
        "12345678901",
        "23456789012",
        "01.03.2024–10.03.2024",
        "Godtatt: 1. Avvist: 3.",
        "Godtatt: 0. Avvist: 4.",
        "Varsel ble sendt i tide.",
    ]:
        assert item in letter
    deadline = Deadline.objects.get(case=case, rule="objection_answer")
    assert deadline.state == DeadlineState.MET


def test_partial_acceptance_issues_a_credit_note_of_exactly_days_times_rate_r_obj_5(iw, case):
    """R-OBJ-5: 1 + 2 accepted days of March 2024 at the 2024 døgnpris (5 745 kr) = 17 235 kr;
    accounting (ØAS) is told by mail."""
    note = objection_answer(
        case=case,
        actor=case.unit.head,
        lines=rows(case, FULL, {**FULL, "accepted_days": 2, "rejected_days": 2}),
    )
    assert note.days == 3
    assert note.amount == Decimal("5745") * 3
    assert note.basis == "answer" and note.invoice == case.invoice
    assert note.number.startswith("KN-") and len(note.number) == len("KN-2026-0001")
    assert [(r["days"], r["rate"]) for r in note.lines] == [(1, "5745.00"), (2, "5745.00")]
    assert note.accounting_notified_at is not None
    told = OutgoingMail.objects.filter(case=case, subject__contains=note.number)
    assert told.count() == 1 and told.get().recipients == [iw.accountant.email]
    event = CaseEvent.objects.get(case=case, action="credit_note_issued")
    assert event.data["amount"] == str(note.amount)
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == ObjectionStatus.ANSWERED  # days rejected: the municipality reviews


def test_fully_upheld_objection_closes_at_once_r_obj_5(iw, case):
    """R-OBJ-5: all 8 disputed days accepted: credit note for 8 × rate and the case closes."""
    note = answer_all(iw, case, accepted=4)
    assert note.days == 8 and note.amount == Decimal("5745") * 8
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == ObjectionStatus.CLOSED and case.closed_at is not None


def test_nothing_accepted_issues_no_credit_note_r_obj_5(iw, case):
    assert answer_all(iw, case, accepted=0) is None
    assert not CreditNote.objects.exists()


def test_each_line_is_priced_at_its_own_years_rate_r_obj_5(iw, monkeypatch):
    """R-OBJ-5: a December 2023 line at 5 508 kr, a January 2024 line at 5 745 kr."""
    invoice = register_invoice(
        iw,
        lines=[invoice_line(iw.world.unit, month=(2023, 12)), invoice_line(iw.world.unit)],
    )
    on_day(monkeypatch, date(2024, 4, 10))
    [case] = file_objection(iw, invoice, days=2)
    note = answer_all(iw, case, accepted=2)
    assert note.amount == Decimal("5508") * 2 + Decimal("5745") * 2


def test_a_missing_year_rate_is_a_clear_error_r_obj_5(iw, monkeypatch):
    """R-OBJ-5: no døgnpris for 2025 yet: the answer is refused with `daily_rate_missing`,
    and nothing is changed."""
    DailyRate.objects.filter(year=2025).delete()
    invoice = register_invoice(
        iw,
        lines=[invoice_line(iw.world.unit, month=(2025, 1))],
        issued_on=date(2025, 2, 3),
        received_on=date(2025, 2, 4),
    )
    on_day(monkeypatch, date(2025, 2, 10))
    [case] = file_objection(iw, invoice, days=2)
    before = snapshot(case)
    with pytest.raises(ValidationFailed) as exc:
        answer_all(iw, case, accepted=1)
    assert exc.value.code == "daily_rate_missing"
    assert "2025" in exc.value.message
    assert snapshot(case) == before


def test_only_the_unit_or_the_section_answers_and_only_once(iw, case):
    for user in (iw.head2, iw.clerk, iw.accountant):
        with pytest.raises(Forbidden):
            objection_answer(case=case, actor=user, lines=rows(case, FULL, FULL))
    objection_answer(case=case, actor=iw.decider, lines=rows(case, FULL, FULL))
    with pytest.raises(Conflict):
        objection_answer(case=case, actor=case.unit.head, lines=rows(case, FULL, FULL))
