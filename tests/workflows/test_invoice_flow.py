"""The flow of fakturainnsigelse (`workflows/invoice_objection/flow.py`): who gets each task,
the answer deadline on the answer task, and the routes on the case's state. Driven through
`actions.file_objection` and the engine, as the web UI and the API drive it."""

from datetime import timedelta

import pytest
from viewflow.workflow.models import Task

from cases import calendar
from cases.models import Deadline, DeadlineState, InvoiceObjection, Membership
from cases.services.invoice_objection import answer_deadline, invoice_register
from tests.api.invoices import invoice_world
from tests.factories import invoice_line
from workflows import engine
from workflows.engine import OPEN_STATES
from workflows.invoice_objection.actions import file_objection
from workflows.invoice_objection.flow import InvoiceObjectionFlow
from workflows.registry import node_spec

pytestmark = pytest.mark.django_db


def _invoice(iw, *lines):
    received = calendar.today() - timedelta(days=2)
    return invoice_register(
        actor=iw.accountant,
        number="UNN-1",
        municipality=iw.world.tromso,
        issued_on=received,
        received_on=received,
        lines=list(lines) or [invoice_line(iw.world.unit, days=4), invoice_line(iw.unit2, days=3)],
    )


def _file(iw, invoice, *positions, days=2):
    lines = {line.position: line for line in invoice.lines.all()}
    return file_objection(
        actor=iw.clerk,
        invoice=invoice,
        lines=[
            {"line": lines[p].pk, "disputed_days": days, "grounds": "Ikke varslet."}
            for p in positions
        ],
    )


def _open(case) -> Task:
    (task,) = Task.objects.filter(
        process=case.process, flow_task_type="HUMAN", status__in=OPEN_STATES
    )
    return task


def _do(case, user, data) -> Task:
    """Take the open task (from the queue if need be) and complete it as `user`."""
    task = _open(case)
    if task.owner_id is None:
        engine.task_claim(task_id=task.pk, user=user)
    step = node_spec(task.flow_task).step
    engine.task_complete(task_id=task.pk, user=user, apply=lambda c: step(c, user, data))
    return task


def _answer(case, accepted, rejected):
    lines = [
        {
            "line": item.line_id,
            "accepted_days": accepted,
            "rejected_days": rejected,
            "justification": "Varsel sendt samme dag.",
        }
        for item in case.lines.all()
    ]
    return _do(case, case.unit.head, {"lines": lines})


def test_one_flow_per_unit_each_answer_task_with_the_heads_and_its_deadline():
    """R-OBJ-3, R-DL-3: one case (and flow) per discharging unit; the head has the answer
    task; the task carries the answer deadline the service opened, which closes with it."""
    iw = invoice_world()
    cases = _file(iw, _invoice(iw), 1, 2)
    assert [c.unit for c in cases] == [iw.world.unit, iw.unit2]
    for case in cases:
        task = _open(case)
        assert (task.flow_task, task.owner) == (InvoiceObjectionFlow.answer, case.unit.head)
        deadline = Deadline.objects.get(case=case, rule="objection_answer")
        assert deadline.task_id == task.pk
        assert deadline.due_on == answer_deadline(calendar.today(), community=case.community)
    case = cases[0]
    task = _answer(case, 1, 1)
    assert Deadline.objects.get(case=case, task_id=task.pk).state == DeadlineState.MET
    assert _open(case).flow_task == InvoiceObjectionFlow.review
    assert _open(case).owner == iw.clerk  # R-OBJ-6: the objector reviews


def test_a_fully_upheld_objection_ends_the_flow():
    """R-OBJ-5: nothing left to disagree with: the case closes, no review task."""
    iw = invoice_world()
    (case,) = _file(iw, _invoice(iw), 1)
    _answer(case, 2, 0)
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == "closed"
    assert not Task.objects.filter(process=case.process, status__in=OPEN_STATES).exists()
    assert case.process.status == "DONE"


def test_an_accepted_answer_ends_the_flow():
    """R-OBJ-6: the municipality accepts the answer: the case closes, the flow ends."""
    iw = invoice_world()
    (case,) = _file(iw, _invoice(iw), 1)
    _answer(case, 1, 1)
    _do(case, iw.clerk, {"decision": "accept", "grounds": ""})
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == "closed" and case.process.status == "DONE"


def test_a_refused_cosignature_sends_the_decision_back_to_the_section():
    """R-OBJ-6: both must sign; a lawyer who does not sends the draft back to the section's
    queue; the next draft is cosigned and the municipality reviews the decision."""
    iw = invoice_world()
    (case,) = _file(iw, _invoice(iw), 1)
    _answer(case, 0, 2)
    _do(case, iw.clerk, {"decision": "appeal", "grounds": "Strider mot avtalen."})
    decision = _open(case)
    assert decision.flow_task == InvoiceObjectionFlow.appeal_decision
    assert decision.owner is None and decision.owner_permission == iw.section.role
    _do(case, iw.decider, {"outcome": "upheld", "decision_text": "Står ved lag.", "lines": []})
    cosign = _open(case)
    # Two lawyers: the task waits in the section's queue.
    assert cosign.flow_task == InvoiceObjectionFlow.cosign and cosign.owner is None
    _do(case, iw.lawyer, {"confirm": False, "comment": "Begrunnelsen må utdypes."})
    assert _open(case).flow_task == InvoiceObjectionFlow.appeal_decision
    _do(case, iw.decider, {"outcome": "upheld", "decision_text": "Utdypet.", "lines": []})
    _do(case, iw.lawyer2, {"confirm": True, "comment": ""})
    assert InvoiceObjection.objects.get(pk=case.pk).status == "appeal_decided"
    review = _open(case)
    assert (review.flow_task, review.owner) == (InvoiceObjectionFlow.review_decision, iw.clerk)
    _do(case, iw.clerk, {"decision": "accept", "subject": ""})
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == "closed" and case.process.status == "DONE"


def _to_cosign(iw, decider):
    (case,) = _file(iw, _invoice(iw), 1)
    _answer(case, 0, 2)
    _do(case, iw.clerk, {"decision": "appeal", "grounds": "Strider mot avtalen."})
    _do(case, decider, {"outcome": "upheld", "decision_text": "Står ved lag.", "lines": []})
    return _open(case)


def test_the_one_lawyer_who_did_not_decide_gets_the_cosignature():
    """R-OBJ-6: the cosigner is a lawyer of the section who is not the decider: when a lawyer
    decided, the other lawyer gets the task."""
    iw = invoice_world()
    cosign = _to_cosign(iw, iw.lawyer)
    assert (cosign.flow_task, cosign.owner) == (InvoiceObjectionFlow.cosign, iw.lawyer2)


def test_the_sections_only_lawyer_gets_the_cosignature():
    """R-OBJ-6: with one lawyer in the section (not the decider), the cosignature is theirs."""
    iw = invoice_world()
    Membership.objects.filter(user=iw.lawyer2).delete()
    cosign = _to_cosign(iw, iw.decider)
    assert cosign.owner == iw.lawyer


def test_a_put_back_review_is_taken_by_the_municipality_only():
    """R-PTY-2, R-AUD-2: the municipality's review has no committee role; once put back,
    another user of the municipality may take it, the trust's people and another
    municipality's may not."""
    from cases.errors import Forbidden
    from tests.factories import UserFactory

    iw = invoice_world()
    (case,) = _file(iw, _invoice(iw), 1)
    _answer(case, 1, 1)
    task = _open(case)
    engine.task_release(task_id=task.pk, user=iw.clerk)
    colleague = UserFactory(party=iw.world.tromso, username="kommune.kollega")
    for stranger in (iw.world.unit.head, iw.decider, UserFactory(party=iw.world.harstad)):
        with pytest.raises(Forbidden):
            engine.task_claim(task_id=task.pk, user=stranger)
    engine.task_claim(task_id=task.pk, user=colleague)
    assert Task.objects.get(pk=task.pk).owner == colleague
