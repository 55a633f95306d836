"""Oppgaveoverføring, registered as a process: its case kind, flow, human steps, pages,
deadline rules, sweep hook and demo data."""

from cases.models import CaseKind, TaskTransfer
from cases.services.task_transfer import DEADLINE_RULES
from cases.services.task_transfer import deadlines as rules
from workflows.registry import NodeSpec, ProcessSpec, SweepHook, WebLink, register

from . import demo, forms, inputs, record, steps, web
from .actions import close_due_consultations
from .flow import TaskTransferFlow

EVENT_LABELS = {
    "submitted": "Forslag sendt inn",
    "withdrawn": "Forslaget trukket",
    "screening_passed": "Sekretariatet: kan oppfylle kriteriene",
    "rejected_at_screening": "Sekretariatet: avvist",
    "panel_appointed": "Faglig utvalg oppnevnt",
    "ssu_case_number": "SSU-saksnummer tildelt",
    "not_recommended": "Faglig utvalg: ikke innstilt",
    "recommended": "Faglig utvalg: innstilt på overføring",
    "gp_council_assessed": "Fastlegerådet har vurdert",
    "approved": "SSU: vedtatt overført",
    "rejected": "SSU: ikke vedtatt",
    "postponed": "SSU: utsatt",
    "sent_on_consultation": "SSU: sendt på høring",
}

SPEC = register(
    ProcessSpec(
        kind=CaseKind.TASK_TRANSFER,
        label="Oppgaveoverføring",
        case_model=TaskTransfer,
        flow=TaskTransferFlow,
        icon="swap_horiz",
        nodes=[
            NodeSpec(
                "screen",
                step=steps.screen,
                input_serializer=inputs.ScreenInputSerializer,
                form_class=forms.ScreenForm,
                deadline_rule=rules.SCREENING,
            ),
            NodeSpec(
                "appoint_panel",
                step=steps.appoint_panel,
                input_serializer=inputs.AppointPanelInputSerializer,
                form_class=forms.AppointPanelForm,
                deadline_rule=rules.PANEL_APPOINTMENT,
            ),
            NodeSpec(
                "recommend",
                step=steps.recommend,
                input_serializer=inputs.RecommendInputSerializer,
                form_class=forms.RecommendForm,
                deadline_rule=rules.RECOMMENDATION,
                page_context=web.recommend_page,
                page_template="workflows/task_transfer/_statements_panel.html",
            ),
            NodeSpec(
                "gp_council",
                step=steps.gp_council,
                input_serializer=inputs.GpCouncilInputSerializer,
                form_class=forms.GpCouncilForm,
                deadline_rule=rules.GP_COUNCIL,
            ),
            NodeSpec(
                "ssu_decide",
                step=steps.ssu_decide,
                input_serializer=inputs.SsuDecideInputSerializer,
                form_class=forms.SsuDecideForm,
                deadline_rule=rules.SSU_TREATMENT,
            ),
        ],
        event_labels=EVENT_LABELS,
        deadline_rules=DEADLINE_RULES,
        sweep_hooks=[SweepHook("consultations_closed", "høringer lukket", close_due_consultations)],
        urls=web.urlpatterns,
        start_links=[
            WebLink(
                "Nytt forslag",
                "saker:proposal",
                description="Alle kan foreslå at en oppgave flyttes mellom helseforetaket og "
                "kommunene.",
            )
        ],
        summary_template="workflows/task_transfer/_summary.html",
        case_template="workflows/task_transfer/_case.html",
        case_context=web.case_context,
        record=record.record,
        decision_letter=record.decision_letter,
        demo=demo.load_demo,
    )
)
