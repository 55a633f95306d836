"""R-DSP-2: each party's consent to a stage that needs both; R-DSP-4: each party's acceptance
that a statement binds it. One of each per party and stage."""

from cases.errors import Conflict, ValidationFailed, field_error
from cases.models import ConsentPurpose, Dispute, DisputeConsent, LadderStage, Party

from ..events import record_event
from ..lifecycle import ensure_can
from ..transactions import service_transaction
from .common import locked_dispute, require_party, stage_on_ladder


def give_consent(
    case: Dispute, *, actor, party: Party, stage: LadderStage, purpose: str
) -> DisputeConsent:
    if DisputeConsent.objects.filter(
        dispute=case, stage=stage, party=party, purpose=purpose
    ).exists():
        raise Conflict(f"{party.name} har allerede samtykket.", code="already_consented")
    consent = DisputeConsent.objects.create(
        dispute=case, stage=stage, party=party, purpose=purpose, given_by=actor
    )
    record_event(
        case,
        actor=actor,
        action="binding_accepted" if purpose == ConsentPurpose.BIND else "consent_given",
        from_status=case.status,
        data={"party": party.pk, "stage": stage.kind},
    )
    return consent


def check_consent_target(case: Dispute, stage: LadderStage) -> None:
    """A consent to enter is for a later stage that needs both parties' consent."""
    if stage.position <= case.stage.position:
        raise Conflict("Saken har allerede passert dette trinnet.", code="stage_passed")
    if not stage.needs_both_consent:
        raise ValidationFailed(
            "Dette trinnet krever ikke samtykke.",
            code="consent_not_needed",
            errors=[field_error("stage", "Trinnet krever ikke samtykke.", "consent_not_needed")],
        )


@service_transaction
def dispute_consent(*, case: Dispute, actor, stage: str) -> DisputeConsent:
    """R-DSP-2: the actor's party consents to bringing the dispute to the stage `stage`."""
    case = locked_dispute(case)
    party = require_party(actor, case)
    ensure_can(case.enter_stage)
    target = stage_on_ladder(case, stage)
    check_consent_target(case, target)
    return give_consent(case, actor=actor, party=party, stage=target, purpose=ConsentPurpose.ENTER)
