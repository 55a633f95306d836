"""R-OBJ-3, R-DL-3: a missed answer deadline escalates to the cooperation section exactly once,
also with two sweeps running at once (PostgreSQL)."""

from datetime import date, timedelta

import pytest
from django.db import connection

from cases.models import CaseEvent, Deadline, OutgoingMail
from cases.services.deadlines import deadlines_escalate_missed
from tests.factories import build_invoice_world, register_invoice
from tests.invoices import file_objection, on_day
from tests.threads import errors, race, values


def _missed(monkeypatch):
    iw = build_invoice_world()
    invoice = register_invoice(iw)
    on_day(monkeypatch, date(2024, 4, 10))
    cases = file_objection(iw, invoice)
    monkeypatch.undo()
    Deadline.objects.filter(case__in=cases).update(due_on=date.today() - timedelta(days=2))
    return iw, cases


def _escalation_mails(iw, cases):
    return OutgoingMail.objects.filter(
        case__in=cases, subject__endswith="Frist oversittet"
    ).order_by("pk")


def test_missed_answer_deadline_escalates_to_the_cooperation_section_once_r_obj_3(db, monkeypatch):
    """R-OBJ-3: the missed answer deadline goes to the cooperation section; a second sweep
    does nothing."""
    iw, cases = _missed(monkeypatch)
    assert deadlines_escalate_missed() == 2
    assert deadlines_escalate_missed() == 0
    for case in cases:
        [event] = CaseEvent.objects.filter(case=case, action="deadline_missed")
        assert event.data["escalated_to"] == "cooperation_section"
        assert event.data["deadline"] == "objection_answer"
    mails = list(_escalation_mails(iw, cases))
    assert len(mails) == 2
    assert all(
        set(m.recipients) == {iw.decider.email, iw.lawyer.email, iw.lawyer2.email} for m in mails
    )


@pytest.mark.postgres
def test_two_concurrent_sweeps_escalate_a_missed_answer_once_r_obj_3(transactional_db, monkeypatch):
    """R-OBJ-3, R-DL-3: two sweeps at once on PostgreSQL: each missed answer deadline
    escalates once, with one mail to the cooperation section."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (set DATABASE_URL)")
    iw, cases = _missed(monkeypatch)
    results = race(deadlines_escalate_missed, deadlines_escalate_missed)
    assert not errors(results), results
    assert sum(values(results)) == 2
    assert CaseEvent.objects.filter(case__in=cases, action="deadline_missed").count() == 2
    assert _escalation_mails(iw, cases).count() == 2
    assert not Deadline.objects.filter(case__in=cases, escalated_at__isnull=True).exists()
