"""Oppgaveoverføring as a viewflow flow (retningslinje 1 §3; R-TT-1..11).

The flow orchestrates; `cases.services.task_transfer` decides. Gateways route on the case's
lifecycle state, so the case model stays the one truth of where the case is. Each human
step's form, step function and deadline are in its node spec (`spec.py`).
"""

from viewflow import this
from viewflow.workflow import flow

from cases.models import CommitteeKind, TaskTransfer, TTStatus
from cases.roles import standing_committee
from workflows.locks import row_lock
from workflows.models import CaseProcess
from workflows.nodes import CaseIf, CaseSwitch, HumanStep, case_status_in, start_process


def _committee_role(kind):
    def role(activation):
        return standing_committee(activation.process.case.community_id, kind).role

    return role


def _panel_role(activation):
    """The panel just appointed. A completion through the engine holds the case the service
    appointed it on (no second read); viewflow's own step page holds the base case, read
    before the appointment, so the panel is read afresh there."""
    case = activation.process.case
    if not (isinstance(case, TaskTransfer) and case.panel_id):
        case = TaskTransfer.objects.select_related("panel").get(pk=activation.process.case_id)
    return case.panel.role


class TaskTransferFlow(flow.Flow):
    """Oppgaveoverføring"""

    process_class = CaseProcess
    lock_impl = row_lock
    process_title = "Oppgaveoverføring"
    process_description = "Forslag om å overføre en oppgave mellom helseforetaket og kommunene."

    start = flow.StartHandle(start_process).Next(this.screen)

    screen = (
        HumanStep()
        .Annotation(title="Vurdere forslaget mot kriteriene (sekretariatet)")
        .Permission(_committee_role(CommitteeKind.SECRETARIAT))
        .Next(this.after_screen)
    )
    after_screen = (
        CaseIf(case_status_in(TTStatus.AWAITING_PANEL))
        .Annotation(title="Oppfyller forslaget kriteriene?")
        .Then(this.appoint_panel)
        .Else(this.end)
    )

    appoint_panel = (
        HumanStep()
        .Annotation(title="Oppnevne partssammensatt faglig utvalg (SSU)")
        .Permission(_committee_role(CommitteeKind.SSU))
        .Next(this.recommend)
    )

    recommend = (
        HumanStep()
        .Annotation(title="Utrede og gi innstilling (faglig utvalg)")
        .Permission(_panel_role)
        .Next(this.after_recommend)
    )
    after_recommend = (
        CaseSwitch()
        .Annotation(title="Innstilling")
        .Case(this.consultation, case_status_in(TTStatus.ON_CONSULTATION))
        .Case(this.gp_council, case_status_in(TTStatus.GP_COUNCIL_REVIEW))
        .Case(this.ssu_decide, case_status_in(TTStatus.AWAITING_SSU))
        .Default(this.end)
    )

    consultation = (
        flow.Handle(this.consultation_closed)
        .Annotation(title="Høring (lukkes ved fristen eller når alle har svart)")
        .Next(this.after_consultation)
    )
    after_consultation = (
        CaseIf(case_status_in(TTStatus.GP_COUNCIL_REVIEW))
        .Annotation(title="Berører fastlegene, og er fastlegerådet ikke hørt?")
        .Then(this.gp_council)
        .Else(this.ssu_decide)
    )

    gp_council = (
        HumanStep()
        .Annotation(title="Vurdering i fastlegerådet")
        .Permission(_committee_role(CommitteeKind.GP_COUNCIL))
        .Next(this.ssu_decide)
    )

    ssu_decide = (
        HumanStep()
        .Annotation(title="Behandling og vedtak i SSU")
        .Permission(_committee_role(CommitteeKind.SSU))
        .Next(this.after_ssu)
    )
    after_ssu = (
        CaseSwitch()
        .Annotation(title="SSUs vedtak")
        .Case(this.consultation, case_status_in(TTStatus.ON_CONSULTATION))
        .Case(this.ssu_decide, case_status_in(TTStatus.AWAITING_SSU))
        .Default(this.end)
    )

    end = flow.End().Annotation(title="Saken er avsluttet")

    def consultation_closed(self, activation):
        """The consultation was closed by `cases.services`; the flow moves on."""
