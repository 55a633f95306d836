"""Fakturainnsigelse, registered as a process: its case kind, flow, human steps, event labels,
deadline rules and demo data. The web pages, the record and the decision letter come from
`web.py` and `record.py`."""

from cases.models import CaseKind, CommitteeKind, InvoiceObjection
from cases.services.invoice_objection import (
    OBJECTION_ANSWER,
    OBJECTION_FILING,
    OBJECTION_RELATED,
    available_steps,
)
from workflows.registry import NodeSpec, ProcessSpec, register

from . import demo, forms, inputs, letters, reads, record, steps, web
from .flow import InvoiceObjectionFlow

EVENT_LABELS = {
    "objection_filed": "Innsigelse fremmet",
    "objection_answered": "Besvart av utskrivende enhet",
    "credit_note_issued": "Kreditnota utstedt",
    "objection_closed": "Innsigelsen er avsluttet",
    "answer_accepted": "Kommunen godtok svaret",
    "objection_appealed": "Klage til seksjon for samhandling",
    "appeal_decision_drafted": "Klageavgjørelse skrevet, venter på medsignatur",
    "appeal_cosign_refused": "Juristen sendte klageavgjørelsen tilbake",
    "appeal_decided": "Klagen avgjort og medsignert av jurist",
    "appeal_decision_accepted": "Kommunen godtok klageavgjørelsen",
    "brought_to_board": "Brakt inn for Nasjonal tvisteløsningsnemnd",
    "journal_entry": "Journalført",
    "letter_generated": "Brev laget",
}

# Each human node, named as its step function: the step, its API input and its web form.
NODES = [
    (steps.answer, inputs.AnswerInputSerializer, forms.AnswerForm),
    (steps.review, inputs.ReviewInputSerializer, forms.ReviewForm),
    (steps.appeal_decision, inputs.AppealDecisionInputSerializer, forms.AppealDecisionForm),
    (steps.cosign, inputs.CosignInputSerializer, forms.CosignForm),
    (steps.review_decision, inputs.ReviewDecisionInputSerializer, forms.ReviewDecisionForm),
]

# The municipality's two reviews have no committee role (the flow gives them to the objector):
# put back, they are taken by whoever `available_steps` lets take that step.
HOLDERS = {"review": "review", "review_decision": "board"}


def _may_hold(node: str):
    step = HOLDERS.get(node)
    if step is None:
        return None
    return lambda user, case: step in available_steps(user, case)


SPEC = register(
    ProcessSpec(
        kind=CaseKind.INVOICE_OBJECTION,
        label="Fakturainnsigelse",
        case_model=InvoiceObjection,
        flow=InvoiceObjectionFlow,
        case_related=OBJECTION_RELATED,
        icon="receipt_long",
        nodes=[
            NodeSpec(
                step.__name__,
                step=step,
                input_serializer=serializer,
                form_class=form,
                page_template=web.TASK_TEMPLATE,
                may_hold=_may_hold(step.__name__),
            )
            for step, serializer, form in NODES
        ],
        event_labels=EVENT_LABELS,
        deadline_rules=[OBJECTION_FILING, OBJECTION_ANSWER],
        # R-OBJ-3: the cooperation section distributes the units' work (e.g. takes over an
        # answer whose unit has no head).
        reassigned_by=(CommitteeKind.COOPERATION_SECTION,),
        urls=web.urlpatterns,
        start_links=web.START_LINKS,
        case_template="workflows/invoice_objection/_case.html",
        case_context=web.case_context,
        record=record.record,
        decision_letter=letters.decision_letter,
        demo=demo.load_demo,
        document_read=reads.document_read,
    )
)
