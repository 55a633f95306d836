"""The demo's invoices and objections (`workflows/invoice_objection/demo.py`): both demo
communities, every stage, driven through the real services; loading twice adds nothing."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from viewflow.workflow.models import Task

from cases.models import (
    CaseLink,
    CreditNote,
    Dispute,
    Invoice,
    InvoiceObjection,
    PatientDataRead,
)
from cases.services.invoice_objection import objection_in_time
from workflows import demo_more
from workflows.demo import COMMUNITY_SLUG
from workflows.engine import OPEN_STATES

pytestmark = pytest.mark.django_db


def _load(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def _open_task(case):
    (task,) = Task.objects.filter(
        process=case.process, flow_task_type="HUMAN", status__in=OPEN_STATES
    )
    return task


def test_each_demo_community_has_objections_at_every_stage():
    """R-OBJ-3..7 in the demo: with the unit, answered in part with a credit note (R-OBJ-5),
    appealed to the section; in Troms og Ofoten one at the national board."""
    _load()
    counts = (Invoice.objects.count(), InvoiceObjection.objects.count(), Task.objects.count())
    _load()
    assert (
        Invoice.objects.count(),
        InvoiceObjection.objects.count(),
        Task.objects.count(),
    ) == counts
    for slug in (COMMUNITY_SLUG, demo_more.SLUG):
        cases = InvoiceObjection.objects.filter(community__slug=slug)
        by_status = {}
        for case in cases:
            by_status.setdefault(case.status, []).append(case)
        assert {"with_unit", "answered", "appealed"} <= set(by_status), slug
        with_unit = by_status["with_unit"][0]
        answer = _open_task(with_unit)
        assert answer.flow_task.name == "answer"
        assert answer.owner == with_unit.unit.head  # R-OBJ-3: the unit's head has it
        answered = by_status["answered"][0]
        assert _open_task(answered).owner == answered.created_by
        assert CreditNote.objects.filter(objection=answered, days=2).exists()
        assert _open_task(by_status["appealed"][0]).flow_task.name == "appeal_decision"
        invoices = Invoice.objects.filter(community__slug=slug)
        assert any(line.stay for i in invoices for line in i.lines.all())
        assert [objection_in_time(i) for i in invoices.order_by("issued_on")][0] is False
    board = InvoiceObjection.objects.get(community__slug=COMMUNITY_SLUG, status="at_board")
    dispute = Dispute.objects.get(links_out__other=board, links_out__relation="opened_from")
    assert (dispute.dispute_kind, dispute.stage.kind) == ("usk_payment", "national_board")
    assert CaseLink.objects.filter(case=dispute, other=board).count() == 1
    assert not InvoiceObjection.objects.filter(
        community__slug=demo_more.SLUG, status="at_board"
    ).exists()
    # Driving the demo reads no patient data on anyone's behalf.
    assert not PatientDataRead.objects.exists()


def test_the_demo_table_lists_accounting_the_section_and_its_lawyers():
    rows = json.loads(_load("--json"))
    roles = {row["username"]: row["roles"] for row in rows}
    assert "accounting" in roles["regnskap"] and "accounting" in roles["regnskap.hmr"]
    assert "cooperation_section" in roles["samhandling"]
    assert "cooperation_section:legal" in roles["jurist"]
    assert "cooperation_section:legal" in roles["jurist.hmr"]
    assert "unit_head" in roles["leder.medisin.hmr"]
