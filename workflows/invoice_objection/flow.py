"""Fakturainnsigelse as a viewflow flow (R-OBJ-3..7).

One flow per objection case, that is per discharging unit of the lines objected to. The flow
holds who must act; `cases.services.invoice_objection` decides, and the gateways route on the
case's lifecycle state (the case model is the one truth of where the case is):

    start → answer (the unit's head; else the cooperation section's queue)
          → answered? → review (the municipality: whoever filed the objection)
          → appealed? → appeal_decision (the cooperation section) → cosign (a lawyer of the
            section, not the decider) → review_decision (the municipality) → end
    A fully upheld answer, an accepted answer or an accepted appeal decision ends the flow.

The answer's deadline (30 days from the day the trust received the objection, R-OBJ-3) is
opened by the service when the objection is filed; the answer task takes it over
(`Deadline.task_id`), so the task and its case show it and completing the task closes it.
"""

from viewflow import this
from viewflow.workflow import flow

from cases.models import CommitteeKind, Deadline, DeadlineState, Membership, ObjectionStatus
from cases.roles import standing_committee
from cases.services.invoice_objection import available_steps
from workflows.locks import row_lock
from workflows.models import CaseProcess
from workflows.nodes import CaseIf, CaseSwitch, HumanStep, case_status_in, start_process

ANSWER_RULE = "objection_answer"


def _case(activation):
    return activation.process.case.specific


def _section_role(activation):
    """The permission of the cooperation section of the case's community (its queue)."""
    committee = standing_committee(
        activation.process.case.community, CommitteeKind.COOPERATION_SECTION
    )
    return committee.role if committee else None


def _unit_head(activation):
    """R-OBJ-3: the objection goes to the discharging unit, that is to its head."""
    head = _case(activation).unit.head
    return head if head is not None and head.is_active else None


def _objector(activation):
    """The municipality's side: the user who filed the objection reviews the outcome."""
    return activation.process.case.created_by


def _cosigner(activation):
    """The one member of the section who may cosign (`available_steps`: a lawyer of the
    trust, not the decider), when there is exactly one; otherwise the task waits in the
    section's queue and `appeal_cosign` checks whoever takes it."""
    case = _case(activation)
    seats = Membership.objects.filter(
        committee__community_id=case.community_id,
        committee__kind=CommitteeKind.COOPERATION_SECTION,
        user__is_active=True,
    ).select_related("user")
    lawyers = {seat.user for seat in seats if "cosign" in available_steps(seat.user, case)}
    return lawyers.pop() if len(lawyers) == 1 else None


def take_over_answer_deadline(activation) -> None:
    """R-OBJ-3, R-DL-3: the answer task shows the deadline the service opened on filing."""
    Deadline.objects.filter(
        case_id=activation.process.case_id,
        rule=ANSWER_RULE,
        state=DeadlineState.OPEN,
        task_id__isnull=True,
    ).update(task_id=activation.task.pk)


class InvoiceObjectionFlow(flow.Flow):
    """Fakturainnsigelse"""

    process_class = CaseProcess
    lock_impl = row_lock
    process_title = "Fakturainnsigelse"
    process_description = (
        "Kommunens innsigelse mot en faktura for utskrivningsklare pasienter, besvart av "
        "utskrivende enhet og ved klage avgjort av seksjon for samhandling."
    )

    start = flow.StartHandle(start_process).Next(this.answer)

    answer = (
        HumanStep()
        .Annotation(title="Besvare innsigelsen (utskrivende enhet)")
        .Permission(_section_role)
        .Assign(_unit_head)
        .onCreate(take_over_answer_deadline)
        .Next(this.after_answer)
    )
    after_answer = (
        CaseIf(case_status_in(ObjectionStatus.ANSWERED))
        .Annotation(title="Er noe av innsigelsen avvist?")
        .Then(this.review)
        .Else(this.end)
    )

    review = (
        HumanStep()
        .Annotation(title="Vurdere svaret fra enheten (kommunen)")
        .Assign(_objector)
        .Next(this.after_review)
    )
    after_review = (
        CaseIf(case_status_in(ObjectionStatus.APPEALED))
        .Annotation(title="Klager kommunen?")
        .Then(this.appeal_decision)
        .Else(this.end)
    )

    appeal_decision = (
        HumanStep()
        .Annotation(title="Avgjøre klagen (seksjon for samhandling)")
        .Permission(_section_role)
        .Next(this.cosign)
    )
    cosign = (
        HumanStep()
        .Annotation(title="Medsignere klageavgjørelsen (jurist)")
        .Permission(_section_role)
        .Assign(_cosigner)
        .Next(this.after_cosign)
    )
    after_cosign = (
        CaseSwitch()
        .Annotation(title="Er avgjørelsen signert av begge?")
        .Case(this.review_decision, case_status_in(ObjectionStatus.APPEAL_DECIDED))
        .Case(this.appeal_decision, case_status_in(ObjectionStatus.APPEALED))
        .Default(this.end)
    )

    review_decision = (
        HumanStep()
        .Annotation(title="Vurdere klageavgjørelsen (kommunen)")
        .Assign(_objector)
        .Next(this.end)
    )

    end = flow.End().Annotation(title="Innsigelsen er avsluttet")
