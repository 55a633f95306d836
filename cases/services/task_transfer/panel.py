"""R-TT-4: the SSU appoints a partssammensatt faglig utvalg for the proposal."""

from dataclasses import dataclass

from django.db import transaction

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
from .common import require_standing
from .ssu import assign_ssu_case_number


@dataclass(frozen=True)
class PanelMember:
    user: object
    competence: str
    party: Party | None = None


# The default composition (R-TT-4): competences needed from both sides, then once each.
BOTH_SIDES = (Competence.MEDICAL, Competence.NURSING)
ONCE = (
    Competence.LEGAL,
    Competence.ECONOMIC,
    Competence.USER_REPRESENTATIVE,
    Competence.EMPLOYEE_REPRESENTATIVE,
)
SIDE_LABELS = {
    PartyKind.HEALTH_TRUST: "fra helseforetaket",
    PartyKind.MUNICIPALITY: "fra en kommune",
}


def missing_panel_roles(members: list[PanelMember]) -> list[str]:
    """R-TT-4: what the panel lacks of its default composition, in plain Norwegian."""
    have = {(m.competence, m.party.kind if m.party else None) for m in members}
    competences = {m.competence for m in members}
    missing = [
        f"{Competence(competence).label} {SIDE_LABELS[side]}"
        for competence in BOTH_SIDES
        for side in (PartyKind.HEALTH_TRUST, PartyKind.MUNICIPALITY)
        if (competence, side) not in have
    ]
    missing += [Competence(c).label for c in ONCE if c not in competences]
    return missing


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


@transaction.atomic
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
        raise ValidationFailed(
            "Utvalget avviker fra standard sammensetning; begrunn avviket. Mangler: "
            + ", ".join(missing)
            + ".",
            code="panel_composition_deviation",
            errors=[
                field_error(
                    "deviation_reason", "Påkrevd. Mangler: " + ", ".join(missing), "required"
                )
            ],
        )
    panel = Committee.objects.create(
        community=case.community,
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
