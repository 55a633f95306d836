"""The objection's steps on the generic web step page (`workflows.web.steps`): the unit's head
answers with the form of the node spec; an incomplete answer is refused on the form in
Norwegian (R-OBJ-4) and changes nothing; a complete one moves the case on."""

import pytest
from django.urls import get_resolver
from viewflow.workflow.models import Task

from cases.models import CaseEvent, InvoiceObjection
from tests.api.invoices import invoice_world
from tests.invoices import registered_invoice
from workflows.engine import OPEN_STATES
from workflows.invoice_objection import forms
from workflows.invoice_objection.actions import file_objection
from workflows.invoice_objection.flow import InvoiceObjectionFlow

pytestmark = pytest.mark.django_db


def _execute_url(case) -> str:
    get_resolver().url_patterns  # noqa: B018 - node.reverse() needs the URLconf loaded
    task = Task.objects.get(process=case.process, flow_task_type="HUMAN", status__in=OPEN_STATES)
    node = getattr(InvoiceObjectionFlow, task.flow_task.name)
    return node.reverse("execute", args=[task.process_id, task.pk])


def test_the_unit_head_answers_on_the_step_page(client):
    """R-OBJ-4 on the web: per line accepted, rejected and justification; refused whole."""
    iw = invoice_world()
    invoice = registered_invoice(iw, 4, number="UNN-1")
    line = invoice.lines.get()
    (case,) = file_objection(
        actor=iw.clerk,
        invoice=invoice,
        lines=[{"line": line.pk, "disputed_days": 3, "grounds": "Ikke meldt utskrivningsklar."}],
    )
    client.force_login(iw.head)
    url = _execute_url(case)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    for name in ("accepted_days", "rejected_days", "justification"):
        assert f'name="{name}_{line.pk}"' in text
    assert "Ikke meldt utskrivningsklar." in text  # the municipality's grounds beside it

    events = CaseEvent.objects.filter(case=case).count()
    refused = client.post(url, {f"accepted_days_{line.pk}": "1", f"rejected_days_{line.pk}": "1"})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Skjemaet har" in body
    # The service's error is told at the line's own field.
    assert refused.context["form"].errors == {
        f"rejected_days_{line.pk}": [
            "Godtatte og avviste døgn må til sammen være 3 (de omstridte døgnene)."
        ],
        f"justification_{line.pk}": ["Oppgi begrunnelsen for svaret."],
    }
    assert InvoiceObjection.objects.get(pk=case.pk).status == "with_unit"
    assert CaseEvent.objects.filter(case=case).count() == events

    done = client.post(
        url,
        {
            f"accepted_days_{line.pk}": "1",
            f"rejected_days_{line.pk}": "2",
            f"justification_{line.pk}": "Varsel ble sendt samme dag.",
        },
    )
    assert done.status_code == 302
    assert InvoiceObjection.objects.get(pk=case.pk).status == "answered"


def test_an_appeal_decision_error_is_told_at_its_line():
    """R-OBJ-6: overturning gives more days than the answer on some lines; an impossible
    number is told at the line it was typed on, even when other lines are left empty."""
    iw = invoice_world()
    invoice = registered_invoice(iw, 4, 3, number="UNN-2")
    first, second = invoice.lines.order_by("position")
    (case,) = file_objection(
        actor=iw.clerk,
        invoice=invoice,
        lines=[
            {"line": line.pk, "disputed_days": 2, "grounds": "Feil."} for line in (first, second)
        ],
    )
    form = forms.AppealDecisionForm(
        {"outcome": "overturned", "decision_text": "Omgjort.", f"accepted_days_{second.pk}": "9"},
        case=case,
        user=iw.decider,
    )
    assert form.is_valid(), form.errors
    assert form.error_field("lines[0].accepted_days") == f"accepted_days_{second.pk}"
    assert form.error_field("lines[1].accepted_days") is None
    assert form.error_field("decision_text") is None
