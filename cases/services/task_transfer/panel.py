"""R-TT-4: the SSU appoints a partssammensatt faglig utvalg for the proposal."""

from dataclasses import dataclass

from cases.errors import ValidationFailed, field_error
from cases.models import (
    Committee,
    CommitteeKind,
    Competence,
    Membership,
    Party,
    PartyKind,
    TaskTransfer,
)
from cases.roles import forget_roles

from ..lifecycle import ensure_can, locked, run_transition
from ..transactions import service_transaction
from .common import require_standing
from .ssu import assign_ssu_case_number


@dataclass(frozen=True)
class PanelMember:
    user: object
    competence: str
    party: Party | None = None


@dataclass(frozen=True)
class Seat:
    """One seat of the default composition: a competence, from one side or from any."""

    competence: str
    side: str | None = None  # PartyKind; None: any party, or none


# The default composition (R-TT-4), the one definition the check and the page's text read.
DEFAULT_COMPOSITION = (
    Seat(Competence.MEDICAL, PartyKind.HEALTH_TRUST),
    Seat(Competence.MEDICAL, PartyKind.MUNICIPALITY),
    Seat(Competence.NURSING, PartyKind.HEALTH_TRUST),
    Seat(Competence.NURSING, PartyKind.MUNICIPALITY),
    Seat(Competence.LEGAL),
    Seat(Competence.ECONOMIC),
    Seat(Competence.USER_REPRESENTATIVE),
    Seat(Competence.EMPLOYEE_REPRESENTATIVE),
)
SIDE_LABELS = {
    PartyKind.HEALTH_TRUST: "helseforetaket",
    PartyKind.MUNICIPALITY: "en kommune",
}


def _seat_label(seat: Seat) -> str:
    label = Competence(seat.competence).label
    return f"{label} fra {SIDE_LABELS[seat.side]}" if seat.side else label


def _filled(seat: Seat, members: list[PanelMember]) -> bool:
    """A member fills a seat by competence; the side follows from the party they belong to."""
    return any(
        m.competence == seat.competence
        and (seat.side is None or (m.party is not None and m.party.kind == seat.side))
        for m in members
    )


def missing_panel_roles(members: list[PanelMember]) -> list[str]:
    """R-TT-4: what the panel lacks of its default composition, in plain Norwegian."""
    return [_seat_label(seat) for seat in DEFAULT_COMPOSITION if not _filled(seat, members)]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _listed(parts: list[str]) -> str:
    """Parts as a Norwegian list: «a, b og c»."""
    return ", ".join(parts[:-1]) + " og " + parts[-1] if len(parts) > 1 else "".join(parts)


def default_composition_text() -> str:
    """R-TT-4 as the page tells it before the SSU submits: the seats of `DEFAULT_COMPOSITION`,
    grouped by competence, in plain Norwegian."""
    sides: dict[str, list] = {}
    for seat in DEFAULT_COMPOSITION:
        sides.setdefault(seat.competence, []).append(seat.side)
    parts = []
    for competence, competence_sides in sides.items():
        label = _lower_first(Competence(competence).label)
        named = [SIDE_LABELS[side] for side in competence_sides if side]
        if len(named) > 1:
            label += " fra både " + " og ".join(named)
        elif named:
            label += " fra " + named[0]
        parts.append(label)
    return f"Standard sammensetning: {_listed(parts)}. Mangler en rolle, må du begrunne avviket."


def _member_errors(members: list[PanelMember]) -> list[dict]:
    if not members:
        return [field_error("members", "Oppgi minst ett medlem.", "required")]
    errors, seen = [], set()
    for i, m in enumerate(members):
        key = (m.user.pk, m.competence)
        if key in seen:
            errors.append(
                field_error(
                    f"members[{i}]",
                    "Samme person er oppgitt to ganger med samme kompetanse.",
                    "duplicate",
                )
            )
        seen.add(key)
    return errors


@service_transaction
def task_transfer_appoint_panel(
    *, case: TaskTransfer, actor, members: list[PanelMember], deviation_reason: str = ""
) -> Committee:
    """R-TT-4: the SSU appoints the panel; a panel short of the default needs a reason."""
    case = locked(case)
    require_standing(actor, case, CommitteeKind.SSU, "SSU")
    ensure_can(case.appoint_panel)
    errors = _member_errors(members)
    if errors:
        raise ValidationFailed("Utvalget kan ikke oppnevnes slik.", errors=errors)
    missing = missing_panel_roles(members)
    deviation_reason = (deviation_reason or "").strip()
    if missing and not deviation_reason:
        message = (
            "Utvalget avviker fra standard sammensetning: det mangler "
            + _listed([_lower_first(role) for role in missing])
            + ". Begrunn avviket, eller velg noen til rollene som mangler."
        )
        raise ValidationFailed(
            message,
            code="panel_composition_deviation",
            errors=[field_error("deviation_reason", message, "required")],
        )
    panel = Committee.objects.create(
        community_id=case.community_id,
        kind=CommitteeKind.EXPERT_PANEL,
        name=f"Faglig utvalg for {case.reference}",
        case=case,
    )
    Membership.objects.bulk_create(
        Membership(committee=panel, user=m.user, competence=m.competence, party=m.party)
        for m in members
    )
    for m in members:
        forget_roles(m.user)
    case.panel = panel
    case.panel_deviation_reason = deviation_reason
    assign_ssu_case_number(case, actor=actor)
    run_transition(
        case.appoint_panel,
        actor=actor,
        action="panel_appointed",
        data={
            "members": [
                {
                    "user": m.user.pk,
                    "competence": m.competence,
                    "party": m.party.pk if m.party else None,
                }
                for m in members
            ],
            "missing_roles": missing,
            "deviation_reason": deviation_reason,
        },
    )
    return panel
