"""Tvisteløsning, registered as a process: its case kind, flow, human step, event labels and
demo data, web pages (the ladder on the case page, the opening page, the disagreement
record), record and decision letter."""

from cases.models import CaseKind, Dispute
from cases.services.dispute import DISPUTE_RELATED, acting_party, may_open_from
from workflows.registry import CaseOffer, NodeSpec, ProcessSpec, WebLink, register

from . import demo, forms, inputs, interest, record, steps, web
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
        case_related=DISPUTE_RELATED,
        icon="gavel",
        nodes=[
            NodeSpec(
                "follow_up",
                step=steps.follow_up,
                input_serializer=inputs.FollowUpInputSerializer,
                form_class=forms.FollowUpForm,
                may_hold=lambda user, case: acting_party(user, case) is not None,
            )
        ],
        event_labels=EVENT_LABELS,
        urls=web.urlpatterns,
        start_links=[
            WebLink(
                "Ny tvist",
                "saker:dispute_open",
                icon="gavel",
                description="En kommune eller helseforetaket reiser en tvist om samarbeidsavtalen.",
            )
        ],
        case_offers=[
            CaseOffer(
                "Åpne tvist om denne saken", "saker:dispute_open", may_open_from, icon="gavel"
            )
        ],
        case_template="workflows/dispute/_case.html",
        case_context=web.case_context,
        case_query=interest.interest_context,
        record=record.record,
        decision_letter=record.decision_letter,
        demo=demo.load_demo,
    )
)
