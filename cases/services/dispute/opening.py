"""Opening a dispute between the two parties of an agreement (R-DSP-6 breach claims too)."""

from decimal import Decimal

from cases.errors import Conflict, Forbidden, ValidationFailed, field_error
from cases.models import (
    Case,
    CaseLink,
    Dispute,
    DisputeKind,
    DisputeStageEntry,
    LadderStage,
    Party,
)
from cases.roles import party_of

from ..events import next_number, record_opening, year_of
from ..links import link_cases
from ..transactions import service_transaction
from .common import may_enter_alone, required_text


def _counterparty_errors(own: Party, counterparty: Party) -> list[dict]:
    if counterparty.pk == own.pk or counterparty.community_id != own.community_id:
        return [field_error("counterparty", "Velg den andre parten i avtalen.", "invalid")]
    if counterparty.kind == own.kind:
        return [
            field_error(
                "counterparty",
                "Avtalen er mellom en kommune og helseforetaket; motparten må være den andre.",
                "same_kind",
            )
        ]
    return []


def _claim_amount(dispute_kind: str, amount: Decimal | None) -> Decimal | None:
    """R-DSP-6: a breach claim is for a documented economic loss, so it has an amount."""
    if amount is not None and amount <= 0:
        raise ValidationFailed(
            "Beløpet må være større enn null.",
            errors=[field_error("claim_amount", "Beløpet må være større enn null.", "invalid")],
        )
    if dispute_kind == DisputeKind.BREACH and amount is None:
        raise ValidationFailed(
            "Et krav om erstatning for mislighold må oppgi beløpet for det dokumenterte tapet.",
            code="claim_amount_missing",
            errors=[field_error("claim_amount", "Oppgi kravets beløp.", "required")],
        )
    return amount


def opening_party(actor) -> Party:
    """The party `actor` raises a dispute for: 403 for someone who belongs to no party."""
    own = party_of(actor) if getattr(actor, "is_authenticated", False) else None
    if own is None:
        raise Forbidden("Bare en part i avtalen kan reise en tvist.", code="not_a_party")
    return own


def may_open_from(user, case: Case) -> bool:
    """Whether `user` may raise a dispute from `case`: a party (the rule of `opening_party`)
    of the community the case belongs to."""
    try:
        own = opening_party(user)
    except Forbidden:
        return False
    return own.community_id == case.community_id


def _checked_opening(actor, counterparty: Party, dispute_kind: str, subject: str, amount):
    """What every opening checks: the actor's party, the counterparty, the kind, the subject
    and the claim amount. Returns (own party, subject, amount)."""
    own = opening_party(actor)
    errors = _counterparty_errors(own, counterparty)
    if dispute_kind not in DisputeKind.values:
        errors.append(field_error("kind", "Ukjent type tvist.", "invalid_choice"))
    if errors:
        raise ValidationFailed("Skjemaet har feil.", errors=errors)
    subject = required_text(subject, "subject", "Beskriv hva uenigheten gjelder.")
    return own, subject, _claim_amount(dispute_kind, amount)


def _ladder_of(own: Party):
    """The community's ladder and its first stage; 400 without a ladder with stages."""
    ladder = own.community.dispute_ladder
    first = ladder.first_stage() if ladder is not None else None
    if first is None:
        raise ValidationFailed(
            "Helsefellesskapet har ingen tvisteløsningstrapp for avtalen.", code="no_ladder"
        )
    return ladder, first


def _create(
    *,
    actor,
    own,
    counterparty,
    ladder,
    stage,
    dispute_kind,
    subject,
    clause,
    amount,
    title,
    opened_from,
    event_data=None,
) -> Dispute:
    """The dispute on `stage`, its first stage entry, its opening event and its link to the
    case it came from: what every opening writes."""
    year = year_of()
    case = Dispute(
        community=own.community,
        created_by=actor,
        reference=f"TV-{year}-{next_number('dispute', year):04d}",
        title=(title.strip() or subject)[:300],
        status=stage.kind,
        dispute_kind=dispute_kind,
        subject=subject,
        agreement_clause=clause.strip(),
        claim_amount=amount,
        claimant=own,
        respondent=counterparty,
        ladder=ladder,
        stage=stage,
    )
    record_opening(
        case,
        parties=(own, counterparty),
        actor=actor,
        action="dispute_opened",
        data={
            "reference": case.reference,
            "kind": dispute_kind,
            "ladder": ladder.slug,
            **(event_data or {}),
        },
    )
    DisputeStageEntry.objects.create(dispute=case, stage=stage, entered_by=actor)
    if opened_from is not None:
        link_cases(case, opened_from, relation=CaseLink.Relation.OPENED_FROM, actor=actor)
    return case


@service_transaction
def dispute_open(
    *,
    actor,
    counterparty: Party,
    dispute_kind: str,
    subject: str,
    agreement_clause: str = "",
    claim_amount: Decimal | None = None,
    title: str = "",
    opened_from: Case | None = None,
) -> Dispute:
    """Either party raises a dispute against the other; it starts on the first stage of the
    ladder of the community's agreement. `opened_from` links it to the case it came from."""
    own, subject, amount = _checked_opening(
        actor, counterparty, dispute_kind, subject, claim_amount
    )
    ladder, first = _ladder_of(own)
    return _create(
        actor=actor,
        own=own,
        counterparty=counterparty,
        ladder=ladder,
        stage=first,
        dispute_kind=dispute_kind,
        subject=subject,
        clause=agreement_clause,
        amount=amount,
        title=title,
        opened_from=opened_from,
    )


def may_open_alone_at(stage: LadderStage, dispute_kind: str) -> bool:
    """R-OBJ-7: whether one party may open a dispute straight at `stage` (R-DSP-2's rule)."""
    return may_enter_alone(stage, dispute_kind)


@service_transaction
def dispute_open_at_stage(
    *,
    actor,
    counterparty: Party,
    dispute_kind: str,
    subject: str,
    stage: str,
    agreement_clause: str = "",
    claim_amount: Decimal | None = None,
    title: str = "",
    opened_from: Case | None = None,
) -> Dispute:
    """R-OBJ-7: open a dispute directly at the ladder's stage of kind `stage` (an objection
    whose appeal decision the municipality disputes goes to the national board), on the
    actor's request alone where the ladder allows it (`may_open_alone_at`); linked to the
    case it came from."""
    own, subject, amount = _checked_opening(
        actor, counterparty, dispute_kind, subject, claim_amount
    )
    ladder, _ = _ladder_of(own)
    target = ladder.stage_of_kind(stage)
    if target is None:
        raise ValidationFailed(
            f"Avtalen «{ladder.agreement}» har ikke dette trinnet.",
            code="stage_not_on_ladder",
            errors=[field_error("stage", "Trinnet finnes ikke i avtalens trapp.", "not_on_ladder")],
        )
    if not may_open_alone_at(target, dispute_kind):
        raise Conflict(
            f"Avtalen «{ladder.agreement}» krever at begge parter samtykker før saken bringes"
            f" inn for «{target.get_kind_display()}».",
            code="consent_missing",
        )
    return _create(
        actor=actor,
        own=own,
        counterparty=counterparty,
        ladder=ladder,
        stage=target,
        dispute_kind=dispute_kind,
        subject=subject,
        clause=agreement_clause,
        amount=amount,
        title=title,
        opened_from=opened_from,
        event_data={"stage": target.kind, "requested_by": own.pk},
    )
