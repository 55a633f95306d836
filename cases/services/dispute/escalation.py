"""Climbing the ladder: R-DSP-1 (the disagreement record), R-DSP-2 (consents, and the
agreement's exception for payment disputes over patients ready for discharge), R-DSP-4 (a
body's statement comes before the next stage)."""

from cases.errors import Conflict, DomainError, ValidationFailed, field_error
from cases.models import (
    DIALOGUE_PHASE,
    ConsentPurpose,
    DisagreementRecord,
    Dispute,
    DisputeStageEntry,
    LadderStage,
    StageStatement,
)

from ..lifecycle import ensure_can, run_transition
from ..transactions import service_transaction
from .common import (
    consenting_parties,
    locked_dispute,
    may_enter_alone,
    one_party_may_raise_kind,
    require_party,
    stage_on_ladder,
)


def _skipped(case: Dispute, target: LadderStage) -> list[LadderStage]:
    """The stages between the current one and `target`; each must be one that may be skipped."""
    if target.position <= case.stage.position:
        raise ValidationFailed(
            "Saken kan bare gå videre til et senere trinn.",
            code="stage_not_ahead",
            errors=[field_error("stage", "Ikke et senere trinn.", "not_ahead")],
        )
    between = list(
        case.ladder.stages.filter(
            position__gt=case.stage.position, position__lt=target.position
        ).order_by("position")
    )
    for stage in between:
        if not stage.may_be_skipped:
            raise ValidationFailed(
                f"Saken må først behandles på trinnet «{stage.get_kind_display()}».",
                code="stage_not_reachable",
                errors=[field_error("stage", "Et tidligere trinn kan ikke hoppes over.")],
            )
    return between


def require_disagreement_record(case: Dispute, target: LadderStage) -> None:
    """R-DSP-1: leaving the dialogue needs the disagreement record."""
    leaves_dialogue = case.stage.kind in DIALOGUE_PHASE and target.kind not in DIALOGUE_PHASE
    if leaves_dialogue and not DisagreementRecord.objects.filter(dispute=case).exists():
        raise Conflict(
            "Saken kan ikke gå videre fra dialogen uten en uenighetsprotokoll.",
            code="disagreement_record_missing",
        )


def one_party_may_raise(case: Dispute, target: LadderStage) -> bool:
    """R-DSP-2: the agreement's exception for this dispute at `target`."""
    return one_party_may_raise_kind(case.dispute_kind, target)


def require_consents(case: Dispute, target: LadderStage) -> None:
    """R-DSP-2: a stage that needs both parties' consent opens only when both consented."""
    if may_enter_alone(target, case.dispute_kind):
        return
    given = consenting_parties(case, target, ConsentPurpose.ENTER)
    missing = [p.name for p in case.dispute_parties if p.pk not in given]
    if missing:
        raise Conflict(
            "Trinnet krever samtykke fra begge parter. Mangler samtykke fra: " + ", ".join(missing),
            code="consent_missing",
        )


def require_statement(case: Dispute) -> None:
    """R-DSP-4: a stage whose body gives a statement is left only after the statement."""
    if (
        case.stage.gives_statement
        and not StageStatement.objects.filter(dispute=case, stage=case.stage).exists()
    ):
        raise Conflict(
            f"Uttalelsen fra «{case.stage.get_kind_display()}» er ikke registrert.",
            code="statement_missing",
        )


def escalation_blocker(
    case: Dispute, target: LadderStage, *, skipped: list | None = None
) -> DomainError | None:
    """Why the case cannot be brought to `target` now, or None: a stage on the way that may
    not be skipped, the disagreement record (R-DSP-1) or the current stage's statement
    (R-DSP-4). Consents (R-DSP-2) are asked separately: a party may consent on the way.
    `dispute_escalate` raises what this finds (having found the stages on the way already,
    `skipped`); the case page offers the stages it lets by."""
    try:
        if skipped is None:
            _skipped(case, target)
        require_disagreement_record(case, target)
        require_statement(case)
    except DomainError as problem:
        return problem
    return None


@service_transaction
def dispute_escalate(*, case: Dispute, actor, stage: str) -> Dispute:
    """Either party brings the dispute to the later stage `stage` of its ladder."""
    case = locked_dispute(case)
    party = require_party(actor, case)
    ensure_can(case.enter_stage)
    target = stage_on_ladder(case, stage)
    skipped = _skipped(case, target)  # raises first what `escalation_blocker` finds first
    blocker = escalation_blocker(case, target, skipped=skipped)
    if blocker is not None:
        raise blocker
    require_consents(case, target)
    left = case.stage
    run_transition(
        case.enter_stage,
        stage=target,
        actor=actor,
        action="stage_entered",
        data={
            "from_stage": left.kind,
            "stage": target.kind,
            "skipped": [s.kind for s in skipped],
            "requested_by": party.pk,
            "venue": target.venue,
        },
    )
    DisputeStageEntry.objects.create(dispute=case, stage=target, entered_by=actor)
    return case
