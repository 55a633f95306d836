"""Oppgaveoverføring as a viewflow flow (retningslinje 1 §3; R-TT-1..11).

The flow orchestrates; `cases.services.task_transfer` decides. Gateways route on the case's
lifecycle state, so the case model stays the one truth of where the case is.
"""

from viewflow import this
from viewflow.workflow import flow, lock

from cases.models import Case, CommitteeKind, TaskTransfer, TTStatus
from cases.roles import standing_committee
from cases.services.deadlines import deadline_open
from workflows.models import CaseProcess

from . import views


def _status(*statuses):
    """Route on the case's lifecycle state, read fresh: the service has just changed it."""

    def check(activation):
        return Case.objects.filter(pk=activation.process.case_id, status__in=statuses).exists()

    return check


def _committee_role(kind):
    def role(activation):
        return standing_committee(activation.process.case.community, kind).role

    return role


def _panel_role(activation):
    return (
        TaskTransfer.objects.select_related("panel").get(pk=activation.process.case_id).panel.role
    )


class HumanStep(flow.View):
    """A human step whose claim and release record events like the API's."""

    assign_view_class = views.ClaimTaskView
    unassign_view_class = views.ReleaseTaskView


class TaskTransferFlow(flow.Flow):
    """Oppgaveoverføring"""

    process_class = CaseProcess
    lock_impl = lock.select_for_update_lock
    process_title = "Oppgaveoverføring"
    process_description = "Forslag om å overføre en oppgave mellom helseforetaket og kommunene."

    start = flow.StartHandle(this.start_process).Next(this.screen)

    screen = (
        HumanStep(views.ScreenView.as_view())
        .Annotation(title="Vurdere forslaget mot kriteriene (sekretariatet)")
        .Permission(_committee_role(CommitteeKind.SECRETARIAT))
        .onCreate(this.task_created)
        .Next(this.after_screen)
    )
    after_screen = (
        flow.If(_status(TTStatus.AWAITING_PANEL))
        .Annotation(title="Oppfyller forslaget kriteriene?")
        .Then(this.appoint_panel)
        .Else(this.end)
    )

    appoint_panel = (
        HumanStep(views.AppointPanelView.as_view())
        .Annotation(title="Oppnevne partssammensatt faglig utvalg (SSU)")
        .Permission(_committee_role(CommitteeKind.SSU))
        .onCreate(this.task_created)
        .Next(this.recommend)
    )

    recommend = (
        HumanStep(views.RecommendView.as_view())
        .Annotation(title="Utrede og gi innstilling (faglig utvalg)")
        .Permission(_panel_role)
        .onCreate(this.task_created)
        .Next(this.after_recommend)
    )
    after_recommend = (
        flow.Switch()
        .Annotation(title="Innstilling")
        .Case(this.consultation, _status(TTStatus.ON_CONSULTATION))
        .Case(this.gp_council, _status(TTStatus.GP_COUNCIL_REVIEW))
        .Case(this.ssu_decide, _status(TTStatus.AWAITING_SSU))
        .Default(this.end)
    )

    consultation = (
        flow.Handle(this.consultation_closed)
        .Annotation(title="Høring (lukkes ved fristen eller når alle har svart)")
        .Next(this.after_consultation)
    )
    after_consultation = (
        flow.If(_status(TTStatus.GP_COUNCIL_REVIEW))
        .Annotation(title="Berører fastlegene, og er fastlegerådet ikke hørt?")
        .Then(this.gp_council)
        .Else(this.ssu_decide)
    )

    gp_council = (
        HumanStep(views.GpCouncilView.as_view())
        .Annotation(title="Vurdering i fastlegerådet")
        .Permission(_committee_role(CommitteeKind.GP_COUNCIL))
        .onCreate(this.task_created)
        .Next(this.ssu_decide)
    )

    ssu_decide = (
        HumanStep(views.SsuDecideView.as_view())
        .Annotation(title="Behandling og vedtak i SSU")
        .Permission(_committee_role(CommitteeKind.SSU))
        .onCreate(this.task_created)
        .Next(this.after_ssu)
    )
    after_ssu = (
        flow.Switch()
        .Annotation(title="SSUs vedtak")
        .Case(this.consultation, _status(TTStatus.ON_CONSULTATION))
        .Case(this.ssu_decide, _status(TTStatus.AWAITING_SSU))
        .Default(this.end)
    )

    end = flow.End()

    def start_process(self, activation, case):
        activation.process.case = case
        return activation.process

    def task_created(self, activation):
        """R-DL-3: every human step opens its deadline from the community's settings."""
        case = activation.process.case
        deadline_open(case, kind=activation.flow_task.name, task_id=activation.task.pk)

    def consultation_closed(self, activation):
        """The consultation was closed by `cases.services`; the flow moves on."""
