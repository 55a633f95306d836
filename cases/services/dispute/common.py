"""What every dispute step shares: who acts for which party, and which stage is meant."""

from cases.errors import Forbidden, ValidationFailed, field_error
from cases.models import Dispute, DisputeConsent, DisputeKind, LadderStage, Party
from cases.roles import party_of

from ..lifecycle import locked

# What every dispute step reads of the case: its ladder and the stage it stands on, its two
# parties (the record and the consents name them) and who opened it (the flow's assignee).
DISPUTE_RELATED = ("ladder", "stage", "claimant", "respondent", "created_by")


def locked_dispute(case: Dispute) -> Dispute:
    """The dispute under its row lock, with its ladder and current stage in the same read."""
    return locked(case, *DISPUTE_RELATED)


def acting_party(user, case: Dispute) -> Party | None:
    """The party of the dispute `user` acts for, or None."""
    party = party_of(user) if getattr(user, "is_authenticated", False) else None
    if party is not None and party.pk in (case.claimant_id, case.respondent_id):
        return party
    return None


def require_party(user, case: Dispute) -> Party:
    """403 unless `user` belongs to one of the two parties of the dispute."""
    party = acting_party(user, case)
    if party is None:
        raise Forbidden("Bare de to partene i tvisten kan gjøre dette.", code="not_a_party")
    return party


def stage_on_ladder(case: Dispute, kind: str) -> LadderStage:
    """The stage of kind `kind` on the dispute's ladder; 400 if the ladder has none."""
    stage = case.ladder.stage_of_kind(kind)
    if stage is None:
        raise ValidationFailed(
            f"Avtalen «{case.ladder.agreement}» har ikke dette trinnet.",
            code="stage_not_on_ladder",
            errors=[field_error("stage", "Trinnet finnes ikke i avtalens trapp.", "not_on_ladder")],
        )
    return stage


def consenting_parties(case: Dispute, stage: LadderStage, purpose: str) -> set[int]:
    return set(
        DisputeConsent.objects.filter(dispute=case, stage=stage, purpose=purpose).values_list(
            "party_id", flat=True
        )
    )


def required_text(value: str, field: str, message: str, code: str = "validation_error") -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(message, code=code, errors=[field_error(field, message, "required")])
    return text


def one_party_may_raise_kind(dispute_kind: str, stage) -> bool:
    """R-DSP-2: the agreement's exception, a payment dispute over patients ready for
    discharge that one party may bring to `stage` on its own (`usk_one_party`)."""
    return dispute_kind == DisputeKind.USK_PAYMENT and stage.usk_one_party


def may_enter_alone(stage, dispute_kind: str) -> bool:
    """R-DSP-2, R-OBJ-7: one party may bring a dispute to `stage` on its own request when the
    stage needs no joint consent, or under the agreement's exception for USK payment."""
    return not stage.needs_both_consent or one_party_may_raise_kind(dispute_kind, stage)
