"""Each party's position per stage, and R-DSP-1: the disagreement record (uenighetsprotokoll)
drafted from the positions recorded while the parties sought a solution themselves."""

from cases.errors import Conflict
from cases.models import (
    DIALOGUE_PHASE,
    DisagreementRecord,
    Dispute,
    DisputePosition,
)

from ..events import record_event
from ..lifecycle import ensure_can
from ..transactions import service_transaction
from .common import locked_dispute, require_party, required_text


def _record_exists(case: Dispute) -> bool:
    return DisagreementRecord.objects.filter(dispute=case).exists()


@service_transaction
def dispute_record_position(*, case: Dispute, actor, text: str) -> DisputePosition:
    """The actor's party states (or restates) its position at the current stage. Positions of
    the dialogue are fixed once the disagreement record is drafted from them."""
    case = locked_dispute(case)
    party = require_party(actor, case)
    ensure_can(case.resolve)
    text = required_text(text, "text", "Skriv partens standpunkt.")
    if case.stage.kind in DIALOGUE_PHASE and _record_exists(case):
        raise Conflict(
            "Uenighetsprotokollen er skrevet; standpunktene fra dialogen kan ikke endres.",
            code="disagreement_recorded",
        )
    # Under the case's row lock no one else writes this party's position: a plain read and
    # write, without `update_or_create`'s two savepoints for a race that cannot happen.
    position = DisputePosition.objects.filter(dispute=case, stage=case.stage, party=party).first()
    if position is None:
        position = DisputePosition.objects.create(
            dispute=case, stage=case.stage, party=party, text=text, recorded_by=actor
        )
    else:
        position.text, position.recorded_by = text, actor
        position.save(update_fields=["text", "recorded_by", "recorded_at"])
    record_event(
        case,
        actor=actor,
        action="position_recorded",
        from_status=case.status,
        data={"party": party.pk, "stage": case.stage.kind},
    )
    return position


def dialogue_positions(case: Dispute) -> dict[int, DisputePosition]:
    """Each party's latest position from the stages of the dialogue, by party id."""
    latest = {}
    rows = DisputePosition.objects.filter(dispute=case, stage__kind__in=DIALOGUE_PHASE)
    for position in rows.select_related("party").order_by("recorded_at", "id"):
        latest[position.party_id] = position
    return latest


def missing_positions(case: Dispute, positions=None) -> list[str]:
    """R-DSP-1: the parties whose dialogue position the disagreement record still lacks."""
    positions = dialogue_positions(case) if positions is None else positions
    return [p.name for p in case.dispute_parties if p.pk not in positions]


def draft_disagreement_text(case: Dispute, positions: dict[int, DisputePosition]) -> str:
    """The uenighetsprotokoll in Norwegian, from the case and each party's position."""
    agreement = case.ladder.agreement
    if case.agreement_clause:
        agreement += f", {case.agreement_clause}"
    lines = [
        "Uenighetsprotokoll",
        "",
        f"Sak: {case.reference} {case.title}",
        f"Avtale: {agreement}",
        f"Parter: {case.claimant.name} og {case.respondent.name}",
        f"Type tvist: {case.get_dispute_kind_display()}",
        f"Uenigheten gjelder: {case.subject}",
    ]
    if case.claim_amount is not None:
        lines.append(f"Kravets beløp: kr {case.claim_amount:,.2f}".replace(",", " "))
    for party in case.dispute_parties:
        lines += ["", f"{party.name} sitt standpunkt:", positions[party.pk].text]
    lines += [
        "",
        "Partene har ikke kommet til enighet gjennom dialog og forhandlinger. Saken bringes "
        "videre etter avtalens bestemmelser om tvisteløsning.",
    ]
    return "\n".join(lines)


@service_transaction
def dispute_record_disagreement(*, case: Dispute, actor) -> DisagreementRecord:
    """R-DSP-1: draft the disagreement record once both parties have stated their position."""
    case = locked_dispute(case)
    require_party(actor, case)
    ensure_can(case.resolve)
    if case.stage.kind not in DIALOGUE_PHASE:
        raise Conflict("Uenighetsprotokollen skrives i dialogen.", code="illegal_state")
    if _record_exists(case):
        raise Conflict("Uenighetsprotokollen er allerede skrevet.", code="already_recorded")
    positions = dialogue_positions(case)
    missing = missing_positions(case, positions)
    if missing:
        raise Conflict(
            "Begge parter må ha registrert sitt standpunkt først. Mangler: " + ", ".join(missing),
            code="positions_missing",
        )
    record = DisagreementRecord.objects.create(
        dispute=case,
        text=draft_disagreement_text(case, positions),
        positions={str(pk): p.text for pk, p in positions.items()},
        drafted_by=actor,
    )
    record_event(case, actor=actor, action="disagreement_recorded", from_status=case.status)
    return record
