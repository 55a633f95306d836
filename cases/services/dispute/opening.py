"""Opening a dispute between the two parties of an agreement (R-DSP-6 breach claims too)."""

from decimal import Decimal

from django.db import transaction

from cases.errors import Forbidden, ValidationFailed, field_error
from cases.models import Case, CaseLink, Dispute, DisputeKind, DisputeStageEntry, Party
from cases.roles import party_of

from ..events import next_number, record_event, year_of
from ..links import link_cases
from .common import required_text


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


@transaction.atomic
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
    own = opening_party(actor)
    errors = _counterparty_errors(own, counterparty)
    if dispute_kind not in DisputeKind.values:
        errors.append(field_error("kind", "Ukjent type tvist.", "invalid_choice"))
    if errors:
        raise ValidationFailed("Skjemaet har feil.", errors=errors)
    subject = required_text(subject, "subject", "Beskriv hva uenigheten gjelder.")
    amount = _claim_amount(dispute_kind, claim_amount)
    ladder = own.community.dispute_ladder
    first = ladder.first_stage() if ladder else None
    if first is None:
        raise ValidationFailed(
            "Helsefellesskapet har ingen tvisteløsningstrapp for avtalen.", code="no_ladder"
        )
    year = year_of()
    case = Dispute(
        community=own.community,
        created_by=actor,
        reference=f"TV-{year}-{next_number('dispute', year):04d}",
        title=(title.strip() or subject)[:300],
        status=first.kind,
        dispute_kind=dispute_kind,
        subject=subject,
        agreement_clause=agreement_clause.strip(),
        claim_amount=amount,
        claimant=own,
        respondent=counterparty,
        ladder=ladder,
        stage=first,
    )
    case.save()
    case.parties.set([own, counterparty])
    DisputeStageEntry.objects.create(dispute=case, stage=first, entered_by=actor)
    record_event(
        case,
        actor=actor,
        action="dispute_opened",
        to_status=case.status,
        data={"reference": case.reference, "kind": dispute_kind, "ladder": ladder.slug},
    )
    if opened_from is not None:
        link_cases(case, opened_from, relation=CaseLink.Relation.OPENED_FROM, actor=actor)
    return case
