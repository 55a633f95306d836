"""Fakturainnsigelse, registered as a process: its case kind, flow, human steps, event labels,
deadline rules and demo data. The web pages, the record and the decision letter come from
`web.py` and `record.py`."""

from cases.models import CaseKind, InvoiceObjection
from cases.services.invoice_objection import OBJECTION_ANSWER, OBJECTION_FILING
from workflows.registry import NodeSpec, ProcessSpec, register

from . import demo, forms, inputs, letters, record, steps, web
from .flow import InvoiceObjectionFlow

EVENT_LABELS = {
    "objection_filed": "Innsigelse fremmet",
    "objection_answered": "Besvart av utskrivende enhet",
    "objection_closed": "Innsigelsen avsluttet",
    "credit_note_issued": "Kreditnota utstedt",
    "answer_accepted": "Kommunen godtok svaret",
    "objection_appealed": "Klage til seksjon for samhandling",
    "appeal_decision_drafted": "Klageavgjørelse skrevet av seksjon for samhandling",
    "appeal_cosign_refused": "Klageavgjørelsen sendt tilbake av jurist",
    "appeal_decided": "Klagen avgjort og medsignert av jurist",
    "appeal_decision_accepted": "Kommunen godtok klageavgjørelsen",
    "brought_to_board": "Brakt inn for Nasjonal tvisteløsningsnemnd",
    "letter_generated": "Brev skrevet",
    "journal_entry": "Journalført",
}

SPEC = register(
    ProcessSpec(
        kind=CaseKind.INVOICE_OBJECTION,
        label="Fakturainnsigelse",
        case_model=InvoiceObjection,
        flow=InvoiceObjectionFlow,
        icon="receipt_long",
        nodes=[
            NodeSpec(
                "answer",
                step=steps.answer,
                input_serializer=inputs.AnswerInputSerializer,
                form_class=forms.AnswerForm,
                page_template=web.TASK_TEMPLATE,
            ),
            NodeSpec(
                "review",
                step=steps.review,
                input_serializer=inputs.ReviewInputSerializer,
                form_class=forms.ReviewForm,
                page_template=web.TASK_TEMPLATE,
            ),
            NodeSpec(
                "appeal_decision",
                step=steps.appeal_decision,
                input_serializer=inputs.AppealDecisionInputSerializer,
                form_class=forms.AppealDecisionForm,
                page_template=web.TASK_TEMPLATE,
            ),
            NodeSpec(
                "cosign",
                step=steps.cosign,
                input_serializer=inputs.CosignInputSerializer,
                form_class=forms.CosignForm,
                page_template=web.TASK_TEMPLATE,
            ),
            NodeSpec(
                "review_decision",
                step=steps.review_decision,
                input_serializer=inputs.ReviewDecisionInputSerializer,
                form_class=forms.ReviewDecisionForm,
                page_template=web.TASK_TEMPLATE,
            ),
        ],
        event_labels=EVENT_LABELS,
        deadline_rules=[OBJECTION_FILING, OBJECTION_ANSWER],
        urls=web.urlpatterns,
        start_links=web.START_LINKS,
        case_template="workflows/invoice_objection/_case.html",
        case_context=web.case_context,
        record=record.record,
        decision_letter=letters.decision_letter,
        demo=demo.load_demo,
    )
)
