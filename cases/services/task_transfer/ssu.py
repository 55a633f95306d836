"""R-TT-9..11: the SSU's treatment: consensus under the quorum rule, the decision with its
effective date and follow-up, and the SSU case number."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from cases.errors import Conflict, ValidationFailed, field_error
from cases.models import (
    Case,
    Committee,
    CommitteeKind,
    Community,
    Membership,
    Party,
    PartyKind,
    QuorumRule,
    SsuOutcome,
    SsuTreatment,
    TaskTransfer,
)
from cases.roles import standing_committee

from ..consultations import consultation_data, consultation_open
from ..deadlines import checked_future_date
from ..events import next_number, record_event, year_of
from ..lifecycle import ensure_can, locked, run_transition
from ..notifications import notify_proposer
from ..transactions import service_transaction
from .common import require_standing

FOLLOW_UP_ITEMS = {
    "training": "Opplæring, råd og veiledning fra parten som avgir oppgaven",
    "competence": "Kompetanseoverføring eller rekruttering",
    "economics": "Økonomiske forhold",
}


def assign_ssu_case_number(case: TaskTransfer, *, actor=None, on: date | None = None) -> str:
    """R-TT-11: the SSU's first treatment gives the case its number NN/YY, running per
    committee and year; the number is an event of its own."""
    if case.ssu_case_number:
        return case.ssu_case_number
    ssu = standing_committee(case.community_id, CommitteeKind.SSU)
    year = year_of(on)
    number = next_number(f"ssu:{ssu.pk}", year)
    case.ssu_case_number = f"{number:02d}/{year % 100:02d}"
    case.updated_at = timezone.now()
    # the number and the change mark in one write of the case's own row (the number is a
    # column of the base table: no read of the kind's table to find the row)
    Case.objects.filter(pk=case.pk).update(
        ssu_case_number=case.ssu_case_number, updated_at=case.updated_at
    )
    record_event(
        case,
        actor=actor,
        action="ssu_case_number",
        from_status=case.status,
        data={"ssu_case_number": case.ssu_case_number, "committee": ssu.pk},
        touch=False,
    )
    return case.ssu_case_number


@dataclass(frozen=True)
class Position:
    member: object  # User
    agrees: bool


def quorum_met(community: Community, ssu: Committee, present: list) -> bool:
    """R-TT-9: the quorum rule of the community's by-laws (vedtekter § 4 andre ledd)."""
    members = list(Membership.objects.filter(committee=ssu).select_related("party"))
    present_ids = {u.pk for u in present}
    sides = {m.party.kind for m in members if m.user_id in present_ids and m.party}
    both_sides = {PartyKind.MUNICIPALITY, PartyKind.HEALTH_TRUST} <= sides
    all_ids = {m.user_id for m in members}
    rule = community.quorum_rule
    if rule == QuorumRule.ALL_MEMBERS:
        return all_ids <= present_ids
    if rule == QuorumRule.MAJORITY_OF_MEMBERS:
        return both_sides and len(present_ids & all_ids) * 2 > len(all_ids)
    return both_sides


def _position_errors(ssu: Committee, positions: list[Position]) -> list[dict]:
    errors = []
    member_ids = set(Membership.objects.filter(committee=ssu).values_list("user_id", flat=True))
    seen = set()
    for i, p in enumerate(positions):
        if p.member.pk not in member_ids:
            errors.append(
                field_error(f"positions[{i}].member", "Ikke medlem av SSU.", "not_member")
            )
        if p.member.pk in seen:
            errors.append(
                field_error(
                    f"positions[{i}].member", "Medlemmet er oppgitt to ganger.", "duplicate"
                )
            )
        seen.add(p.member.pk)
    return errors


def _decision_errors(outcome, decision_text, effective_on, follow_up) -> list[dict]:
    errors = []
    if outcome in (SsuOutcome.APPROVE, SsuOutcome.REJECT) and not decision_text:
        errors.append(field_error("decision_text", "Vedtaksteksten er påkrevd.", "required"))
    if outcome == SsuOutcome.APPROVE:
        if effective_on is None:
            errors.append(
                field_error("effective_on", "Oppgi når overføringen iverksettes.", "required")
            )
        errors += [
            field_error(f"follow_up.{key}", f"{label} må være avklart.", "required")
            for key, label in FOLLOW_UP_ITEMS.items()
            if key not in follow_up
        ]
    return errors


def _transition_for(case: TaskTransfer, outcome: str):
    return {
        SsuOutcome.APPROVE: case.approve,
        SsuOutcome.REJECT: case.reject,
        SsuOutcome.POSTPONE: case.postpone,
        SsuOutcome.CONSULTATION: case.send_on_consultation,
    }[outcome]


def _check_consensus(case, ssu, outcome, positions) -> bool:
    """R-TT-9: approving and rejecting need quorum; approving needs no objection."""
    quorate = quorum_met(case.community, ssu, [p.member for p in positions])
    if outcome in (SsuOutcome.APPROVE, SsuOutcome.REJECT) and not quorate:
        raise ValidationFailed(
            "SSU er ikke vedtaksført etter vedtektene § 4 andre ledd; saken kan bare utsettes "
            "eller sendes på høring.",
            code="quorum_not_met",
            errors=[field_error("positions", "Vedtaksførhet er ikke oppfylt.", "quorum_not_met")],
        )
    objectors = [p.member for p in positions if not p.agrees]
    if outcome == SsuOutcome.APPROVE and objectors:
        raise ValidationFailed(
            "SSU vedtar ved konsensus; én innsigelse blokkerer vedtaket: "
            + ", ".join(u.get_full_name() or u.username for u in objectors),
            code="consensus_blocked",
            errors=[
                field_error("positions", "Minst ett medlem har innsigelse.", "consensus_blocked")
            ],
        )
    return quorate


@service_transaction
def task_transfer_ssu_decide(
    *,
    case: TaskTransfer,
    actor,
    positions: list[Position],
    outcome: str,
    decision_text: str = "",
    effective_on: date | None = None,
    follow_up: dict | None = None,
    consultees: list[Party] | None = None,
    consultation_due_on: date | None = None,
) -> SsuTreatment:
    """R-TT-9 consensus and quorum, R-TT-10 approval with effective date and follow-up."""
    case = locked(case)
    ssu = require_standing(actor, case, CommitteeKind.SSU, "SSU")
    if not case.gp_assessment_done():  # R-TT-7: the lifecycle's condition, told plainly
        raise Conflict(
            "Fastlegerådet må vurdere saken før SSU behandler den.", code="gp_council_pending"
        )
    if outcome not in SsuOutcome.values:
        raise ValidationFailed(
            "Ukjent utfall.", errors=[field_error("outcome", "Ukjent utfall.", "invalid_choice")]
        )
    transition = _transition_for(case, outcome)
    ensure_can(transition)
    decision_text = (decision_text or "").strip()
    follow_up = {k: str(v).strip() for k, v in (follow_up or {}).items() if str(v or "").strip()}
    errors = _position_errors(ssu, positions)
    errors += _decision_errors(outcome, decision_text, effective_on, follow_up)
    if errors:
        raise ValidationFailed("SSU-behandlingen er ufullstendig.", errors=errors)
    if outcome == SsuOutcome.APPROVE:
        effective_on = checked_future_date(
            effective_on, field="effective_on", label="Iverksettelsesdatoen"
        )
    quorate = _check_consensus(case, ssu, outcome, positions)
    assign_ssu_case_number(case, actor=actor)
    approved = outcome == SsuOutcome.APPROVE
    treatment = SsuTreatment.objects.create(
        case=case,
        positions=[
            {"member": p.member.pk, "position": "agree" if p.agrees else "object"}
            for p in positions
        ],
        quorum_met=quorate,
        outcome=outcome,
        decision_text=decision_text,
        effective_on=effective_on if approved else None,
        follow_up={**follow_up, "medical_responsibility_follows_task": True} if approved else {},
        recorded_by=actor,
    )
    data = {
        "treatment": treatment.pk,
        "ssu_case_number": case.ssu_case_number,
        "positions": treatment.positions,
        "quorum_met": quorate,
        "decision_text": decision_text,
    }
    if approved:
        data |= {"effective_on": effective_on.isoformat(), "follow_up": treatment.follow_up}
    opened = None
    if outcome == SsuOutcome.CONSULTATION:
        opened = consultation_open(
            case=case, actor=actor, consultees=consultees or [], due_on=consultation_due_on
        )
    action = {
        SsuOutcome.APPROVE: "approved",
        SsuOutcome.REJECT: "rejected",
        SsuOutcome.POSTPONE: "postponed",
        SsuOutcome.CONSULTATION: "sent_on_consultation",
    }[outcome]
    run_transition(transition, actor=actor, action=action, data=data | consultation_data(opened))
    _tell_proposer(case, outcome, decision_text, effective_on)
    return treatment


def _tell_proposer(case: TaskTransfer, outcome: str, decision_text: str, effective_on) -> None:
    if outcome == SsuOutcome.APPROVE:
        notify_proposer(
            case,
            email=case.proposer_email,
            headline="SSU har vedtatt oppgaveoverføringen",
            text=f"Vedtak i sak {case.ssu_case_number}:\n{decision_text}\n\n"
            f"Iverksettes {effective_on:%d.%m.%Y}. Det medisinskfaglige ansvaret følger oppgaven.",
        )
    elif outcome == SsuOutcome.REJECT:
        notify_proposer(
            case,
            email=case.proposer_email,
            headline="SSU vedtok ikke oppgaveoverføringen",
            text=f"Vedtak i sak {case.ssu_case_number}:\n{decision_text}",
        )
