"""The web forms of fakturainnsigelse yield the dicts the API's input serializers yield, so
both front ends meet in the same service call (R-OBJ-4 fields per line on the answer form)."""

import pytest

from cases.models import InvoiceObjection
from tests.api.invoices import invoice_world
from tests.invoices import registered_invoice
from workflows.invoice_objection import forms, inputs
from workflows.invoice_objection.actions import file_objection

pytestmark = pytest.mark.django_db

ANSWER_FIELDS = ("accepted_days", "rejected_days", "justification")


def _case(iw) -> InvoiceObjection:
    invoice = registered_invoice(iw, 4, 3)
    (case,) = file_objection(
        actor=iw.clerk,
        invoice=invoice,
        lines=[
            {"line": line.pk, "disputed_days": 2, "grounds": "Ikke varslet."}
            for line in invoice.lines.all()
        ],
    )
    return case


def _same(form_class, serializer_class, case, user, post: dict, body: dict) -> dict:
    form = form_class(post, case=case, user=user)
    assert form.is_valid(), form.errors
    serializer = serializer_class(data=body)
    assert serializer.is_valid(), serializer.errors
    api = {
        key: [dict(item) for item in value] if isinstance(value, list) else value
        for key, value in serializer.validated_data.items()
    }
    assert form.normalized() == api
    return api


def test_the_answer_form_has_the_r_obj_4_fields_of_every_disputed_line():
    """R-OBJ-4: accepted days, rejected days and justification per disputed line."""
    iw = invoice_world()
    case = _case(iw)
    ids = [item.line_id for item in case.lines.order_by("line__position")]
    form = forms.AnswerForm(case=case, user=case.unit.head)
    assert [name for name in form.fields] == [
        f"{field}_{pk}"
        for pk in ids
        for field in ("accepted_days", "rejected_days", "justification")
    ]
    post = {}
    body = {"lines": []}
    for pk in ids:
        post |= {
            f"accepted_days_{pk}": "1",
            f"rejected_days_{pk}": "1",
            f"justification_{pk}": "Ja.",
        }
        body["lines"].append(
            {"line": pk, "accepted_days": 1, "rejected_days": 1, "justification": "Ja."}
        )
    _same(forms.AnswerForm, inputs.AnswerInputSerializer, case, case.unit.head, post, body)
    # A blank line comes through blank: the service refuses it, with the line named.
    blank = forms.AnswerForm({}, case=case, user=case.unit.head)
    assert blank.is_valid()
    assert blank.normalized()["lines"][0] == {
        "line": ids[0],
        "accepted_days": None,
        "rejected_days": None,
        "justification": "",
    }


def test_the_review_appeal_cosign_and_board_forms_match_the_api():
    iw = invoice_world()
    case = _case(iw)
    ids = [item.line_id for item in case.lines.order_by("line__position")]
    _same(
        forms.ReviewForm,
        inputs.ReviewInputSerializer,
        case,
        iw.clerk,
        {"decision": "appeal", "grounds": "Feil."},
        {"decision": "appeal", "grounds": "Feil."},
    )
    _same(
        forms.AppealDecisionForm,
        inputs.AppealDecisionInputSerializer,
        case,
        iw.decider,
        {"outcome": "overturned", "decision_text": "Omgjort.", f"accepted_days_{ids[1]}": "2"},
        {
            "outcome": "overturned",
            "decision_text": "Omgjort.",
            "lines": [{"line": ids[1], "accepted_days": 2}],
        },
    )
    _same(
        forms.CosignForm,
        inputs.CosignInputSerializer,
        case,
        iw.lawyer,
        {"confirm": "nei", "comment": "Utdyp."},
        {"confirm": False, "comment": "Utdyp."},
    )
    _same(
        forms.ReviewDecisionForm,
        inputs.ReviewDecisionInputSerializer,
        case,
        iw.clerk,
        {"decision": "board", "subject": "Tre døgn."},
        {"decision": "board", "subject": "Tre døgn."},
    )
