"""Tvisteløsning, registered as a process: its case kind, flow, human step, event labels and
demo data. Its web pages, record and letters are added by the web side."""

from cases.models import CaseKind, Dispute
from workflows.registry import NodeSpec, ProcessSpec, register

from . import demo, forms, inputs, steps
from .flow import DisputeFlow

EVENT_LABELS = {
    "dispute_opened": "Tvist reist",
    "position_recorded": "Standpunkt registrert",
    "disagreement_recorded": "Uenighetsprotokoll skrevet",
    "consent_given": "Samtykke gitt",
    "stage_entered": "Saken brakt videre",
    "statement_recorded": "Uttalelse registrert",
    "binding_accepted": "Uttalelsen godtatt som bindende",
    "bound_by_statement": "Avgjort ved bindende uttalelse",
    "resolved": "Løst ved enighet",
    "withdrawn": "Tvisten trukket",
}

SPEC = register(
    ProcessSpec(
        kind=CaseKind.DISPUTE,
        label="Tvisteløsning",
        case_model=Dispute,
        flow=DisputeFlow,
        icon="gavel",
        nodes=[
            NodeSpec(
                "follow_up",
                step=steps.follow_up,
                input_serializer=inputs.FollowUpInputSerializer,
                form_class=forms.FollowUpForm,
            )
        ],
        event_labels=EVENT_LABELS,
        demo=demo.load_demo,
    )
)
