"""Oppgaveoverføring: every rule R-TT-* is decided here, for the web UI and the API alike."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases import calendar
from cases.errors import Conflict, Forbidden, ValidationFailed, field_error
from cases.models import (
    TT_FINAL,
    Committee,
    CommitteeKind,
    Community,
    Competence,
    Consultation,
    ConsultationResponse,
    DeadlineState,
    GpAssessment,
    HospitalUnit,
    Membership,
    Party,
    PartyKind,
    QuorumRule,
    Recommendation,
    Screening,
    SsuOutcome,
    SsuTreatment,
    StatementRequest,
    TaskTransfer,
)
from cases.roles import forget_roles, is_member, party_of, standing_committee

from .deadlines import deadline_close, deadline_open
from .events import next_number, record_event, transition, year_of
from .notifications import notify_proposer

CRITERIA = {
    "a": "Like god eller bedre tjeneste for pasientene",
    "b": "Faglig forsvarlig",
    "c": "Økonomiske og juridiske forhold kan avklares før overføring",
    "d": "Basert på enighet mellom partene",
    "e": "Oppgaven har et visst volum/omfang",
    "f": "Kan gjøres gjeldende for alle kommuner eller aktuelle enheter i helseforetaket",
    "g": "Fastlegerådet vurderer forslaget dersom fastlegene berøres",
}
ASSESSMENT_SIDES = ("professional", "organisational", "economic", "legal")
FOLLOW_UP_ITEMS = {
    "training": "Opplæring, råd og veiledning fra parten som avgir oppgaven",
    "competence": "Kompetanseoverføring eller rekruttering",
    "economics": "Økonomiske forhold",
}
SINGLE_PATIENT_NOTICE = (
    "Ansvar for enkeltoppgaver i behandlingsforløpet til én pasient er ikke en "
    "oppgaveoverføring: det avtales direkte mellom kommunen og helseforetaket i hvert tilfelle."
)
PROPOSAL_FIELDS = (
    "title",
    "proposer_category",
    "proposer_name",
    "proposer_email",
    "task_description",
    "direction",
    "patient_group",
    "expected_volume",
    "service_justification",
    "consequences_professional",
    "consequences_organisational",
    "consequences_economic",
    "consequences_legal",
    "gps_affected",
)


def _require(user, committee: Committee | None, what: str) -> None:
    if not is_member(user, committee):
        raise Forbidden(f"Bare {what} kan gjøre dette.")


def _require_status(case: TaskTransfer, *statuses: str) -> None:
    if case.status not in statuses:
        raise Conflict(
            f"Saken har status «{case.status_display}»; dette steget er ikke mulig nå.",
            code="illegal_state",
        )


def _locked(case: TaskTransfer) -> TaskTransfer:
    return TaskTransfer.objects.select_for_update().get(pk=case.pk)


def _clean(obj, exclude=()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        errors = [
            field_error(field, message, "invalid" if field != "__all__" else "invalid")
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
        raise ValidationFailed("Skjemaet har feil.", errors=errors) from exc


# --- R-TT-1 -------------------------------------------------------------------------------
def proposal_community(proposer, requested: Community | None = None) -> Community:
    """R-TT-1, R-PTY-2: a party's user proposes in the party's community; a user without a
    party (patient, relative, other user) names the community the proposal is for."""
    party = party_of(proposer)
    if party is not None:
        if requested is not None and requested.pk != party.community_id:
            raise ValidationFailed(
                "Du kan bare foreslå i ditt eget helsefellesskap.",
                errors=[field_error("community", "Ikke ditt helsefellesskap.")],
            )
        return party.community
    if requested is None:
        raise ValidationFailed(
            "Oppgi helsefellesskapet forslaget gjelder.",
            errors=[field_error("community", "Påkrevd for brukere uten part.", "required")],
        )
    return requested


@transaction.atomic
def task_transfer_submit(
    *, proposer, data: dict, community: Community | None = None
) -> TaskTransfer:
    """R-TT-1: anyone may submit *Forslag til oppgaveoverføring*."""
    community = proposal_community(proposer, community)
    unknown = set(data) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValidationFailed(
            "Ukjente felt.", errors=[field_error(f, "Ukjent felt.", "unknown") for f in unknown]
        )
    case = TaskTransfer(community=community, created_by=proposer, reference="pending")
    for name in PROPOSAL_FIELDS:
        if name in data:
            setattr(case, name, data[name])
    _clean(case, exclude=["reference", "status", "kind"])
    case.reference = f"OO-{year_of()}-{next_number('task_transfer', year_of()):04d}"
    case.save()
    # The transfer can apply to every party of the community (R-TT-2 f).
    case.parties.set(community.parties.all())
    record_event(
        case,
        actor=proposer,
        action="submitted",
        to_status=case.status,
        data={"reference": case.reference},
    )
    return case


def can_withdraw(user, case: TaskTransfer) -> bool:
    """The proposer withdraws; the secretariat may register a withdrawal it received."""
    return case.created_by_id == user.pk or is_member(
        user, standing_committee(case.community, CommitteeKind.SECRETARIAT)
    )


@transaction.atomic
def task_transfer_withdraw(*, case: TaskTransfer, actor, reason: str = "") -> TaskTransfer:
    """R-AUD-1: withdrawal is a final state with its event; nothing is deleted."""
    case = _locked(case)
    if not can_withdraw(actor, case):
        raise Forbidden("Bare forslagsstilleren eller sekretariatet kan trekke forslaget.")
    if case.status in TT_FINAL:
        raise Conflict(f"Saken er avsluttet ({case.status_display}) og kan ikke trekkes.")
    deadline_close(case, state=DeadlineState.CANCELLED)
    transition(case, "withdraw", actor=actor, action="withdrawn", data={"reason": reason.strip()})
    return case


# --- R-TT-2, R-TT-3 ---------------------------------------------------------------------
@transaction.atomic
def task_transfer_screen(
    *, case: TaskTransfer, actor, proceed: bool, criteria: dict, justification: str = ""
) -> TaskTransfer:
    """R-TT-2 records every criterion a–g; R-TT-3 a rejection needs a written justification."""
    case = _locked(case)
    _require(actor, standing_committee(case.community, CommitteeKind.SECRETARIAT), "sekretariatet")
    _require_status(case, "submitted")
    errors = [
        field_error(f"criteria.{key}", "Hvert kriterium må vurderes (ja/nei).", "required")
        for key in CRITERIA
        if not isinstance(criteria.get(key), bool)
    ]
    errors += [
        field_error(f"criteria.{key}", "Ukjent kriterium.", "unknown")
        for key in criteria
        if key not in CRITERIA
    ]
    justification = (justification or "").strip()
    if not proceed and not justification:
        errors.append(
            field_error(
                "justification", "Et avslag må ha en skriftlig begrunnelse (R-TT-3).", "required"
            )
        )
    if errors:
        raise ValidationFailed("Screeningen er ufullstendig.", errors=errors)
    Screening.objects.create(
        case=case,
        criteria={k: criteria[k] for k in CRITERIA},
        passed=proceed,
        justification=justification,
        screened_by=actor,
    )
    data = {"criteria": {k: criteria[k] for k in CRITERIA}, "justification": justification}
    if proceed:
        transition(case, "pass_screening", actor=actor, action="screening_passed", data=data)
    else:
        transition(
            case, "reject_at_screening", actor=actor, action="rejected_at_screening", data=data
        )
        notify_proposer(
            case,
            email=case.proposer_email,
            headline="Forslaget ditt oppfyller ikke kriteriene for oppgaveoverføring",
            text=f"Sekretariatets begrunnelse:\n{justification}",
        )
    return case


# --- R-TT-11 --------------------------------------------------------------------------------
def assign_ssu_case_number(case: TaskTransfer, *, on: date | None = None) -> str:
    """R-TT-11: the first SSU treatment gives the case its number NN/YY."""
    if case.ssu_case_number:
        return case.ssu_case_number
    ssu = standing_committee(case.community, CommitteeKind.SSU)
    year = year_of(on)
    number = next_number(f"ssu:{ssu.pk}", year)
    case.ssu_case_number = f"{number:02d}/{year % 100:02d}"
    type(case).objects.filter(pk=case.pk).update(ssu_case_number=case.ssu_case_number)
    return case.ssu_case_number


# --- R-TT-4 --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PanelMember:
    user: object
    competence: str
    party: Party | None = None


def missing_panel_roles(members: list[PanelMember]) -> list[str]:
    """R-TT-4: what the panel lacks of its default composition."""
    have = {(m.competence, m.party.kind if m.party else None) for m in members}
    competences = {m.competence for m in members}
    missing = []
    for competence in (Competence.MEDICAL, Competence.NURSING):
        for side in (PartyKind.HEALTH_TRUST, PartyKind.MUNICIPALITY):
            if (competence, side) not in have:
                missing.append(f"{competence}:{side}")
    for competence in (
        Competence.LEGAL,
        Competence.ECONOMIC,
        Competence.USER_REPRESENTATIVE,
        Competence.EMPLOYEE_REPRESENTATIVE,
    ):
        if competence not in competences:
            missing.append(str(competence))
    return missing


@transaction.atomic
def task_transfer_appoint_panel(
    *, case: TaskTransfer, actor, members: list[PanelMember], deviation_reason: str = ""
) -> Committee:
    """R-TT-4: the SSU appoints the panel; a panel short of the default needs a reason."""
    case = _locked(case)
    _require(actor, standing_committee(case.community, CommitteeKind.SSU), "SSU")
    _require_status(case, "awaiting_panel")
    if not members:
        raise ValidationFailed(
            "Utvalget må ha medlemmer.",
            errors=[field_error("members", "Oppgi minst ett medlem.", "required")],
        )
    missing = missing_panel_roles(members)
    deviation_reason = (deviation_reason or "").strip()
    if missing and not deviation_reason:
        raise ValidationFailed(
            "Utvalget mangler roller fra standard sammensetning; begrunn avviket (R-TT-4).",
            code="panel_composition_deviation",
            errors=[field_error("deviation_reason", "Påkrevd: " + ", ".join(missing), "required")],
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
    assign_ssu_case_number(case)
    transition(
        case,
        "appoint_panel",
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


# --- R-TT-5 --------------------------------------------------------------------------------
@transaction.atomic
def task_transfer_request_statement(
    *,
    case: TaskTransfer,
    actor,
    party: Party,
    unit: HospitalUnit | None = None,
    due_on: date | None = None,
) -> StatementRequest:
    """R-TT-5: the panel asks an affected unit for a statement, with a deadline."""
    case = _locked(case)
    _require(actor, case.panel, "det faglige utvalget")
    _require_status(case, "under_investigation")
    if party.community_id != case.community_id:
        raise ValidationFailed(
            "Parten hører ikke til helsefellesskapet.",
            errors=[field_error("party", "Ukjent part.")],
        )
    if unit is not None and unit.party_id != party.pk:
        raise ValidationFailed(
            "Enheten hører ikke til parten.",
            errors=[field_error("unit", "Enheten hører ikke til parten.")],
        )
    if due_on is not None and due_on <= calendar.today():
        raise ValidationFailed(
            "Fristen må ligge fram i tid.",
            errors=[field_error("due_on", "Fristen må ligge fram i tid.")],
        )
    request = StatementRequest(
        case=case, party=party, unit=unit, requested_by=actor, due_on=date.min
    )
    deadline = deadline_open(case, kind="statement", due_on=due_on)
    request.due_on = deadline.due_on
    request.save()
    deadline.subject_id = request.pk
    deadline.save(update_fields=["subject_id"])
    record_event(
        case,
        actor=actor,
        action="statement_requested",
        from_status=case.status,
        data={
            "statement": request.pk,
            "recipient": request.recipient,
            "due_on": request.due_on.isoformat(),
        },
    )
    return request


def can_give_statement(user, request: StatementRequest) -> bool:
    """The panel records statements it receives; the unit head or the party may answer."""
    if is_member(user, request.case.panel):
        return True
    if request.unit_id:
        return request.unit.head_id == user.pk
    return party_of(user) == request.party


@transaction.atomic
def task_transfer_receive_statement(
    *, request: StatementRequest, actor, text: str
) -> StatementRequest:
    request = (
        StatementRequest.objects.select_for_update(of=("self",))
        .select_related("case", "unit")
        .get(pk=request.pk)
    )
    if not can_give_statement(actor, request):
        raise Forbidden("Bare utvalget eller den berørte enheten kan registrere uttalelsen.")
    if request.received_at:
        raise Conflict("Uttalelsen er allerede mottatt.", code="statement_already_received")
    _require_status(request.case, "under_investigation")
    if not (text or "").strip():
        raise ValidationFailed(
            "Uttalelsen er tom.", errors=[field_error("text", "Påkrevd.", "required")]
        )
    request.text, request.received_at, request.received_by = text.strip(), timezone.now(), actor
    request.save()
    deadline_close(request.case, kind="statement", subject_id=request.pk)
    record_event(
        request.case,
        actor=actor,
        action="statement_received",
        from_status=request.case.status,
        data={"statement": request.pk, "recipient": request.recipient},
    )
    return request


def pending_statements(case: TaskTransfer, *, on: date | None = None) -> list[StatementRequest]:
    """R-TT-5: statements neither received nor past their deadline."""
    on = on or calendar.today()
    return [
        s
        for s in case.statements.all()
        if s.received_at is None and not calendar.is_overdue(s.due_on, on=on)
    ]


# --- R-TT-6, R-TT-8 ------------------------------------------------------------------------
def _open_consultation(
    case: TaskTransfer, *, actor, consultees: list[Party], due_on: date | None
) -> Consultation:
    errors = []
    if not consultees:
        errors.append(
            field_error("consultees", "En høring må ha minst én høringsinstans.", "required")
        )
    if any(p.community_id != case.community_id for p in consultees):
        errors.append(
            field_error("consultees", "Høringsinstansene må være parter i helsefellesskapet.")
        )
    if due_on is not None and due_on <= calendar.today():
        errors.append(field_error("consultation_due_on", "Høringsfristen må ligge fram i tid."))
    if errors:
        raise ValidationFailed("Høringen kan ikke sendes ut.", errors=errors)
    deadline = deadline_open(case, kind="consultation", due_on=due_on)
    consultation = Consultation.objects.create(case=case, due_on=deadline.due_on, opened_by=actor)
    consultation.consultees.set(consultees)
    deadline.subject_id = consultation.pk
    deadline.save(update_fields=["subject_id"])
    return consultation


def _consultation_data(consultation: Consultation | None) -> dict:
    if consultation is None:
        return {}
    return {
        "consultation": consultation.pk,
        "consultees": [p.pk for p in consultation.consultees.all()],
        "due_on": consultation.due_on.isoformat(),
    }


@transaction.atomic
def task_transfer_recommend(
    *,
    case: TaskTransfer,
    actor,
    in_favour: bool,
    assessment: dict,
    consultation: bool = False,
    consultees: list[Party] | None = None,
    consultation_due_on: date | None = None,
) -> TaskTransfer:
    """R-TT-6: the panel's recommendation; R-TT-5 blocks it while statements are pending."""
    case = _locked(case)
    _require(actor, case.panel, "det faglige utvalget")
    _require_status(case, "under_investigation")
    errors = [
        field_error(f"assessment.{side}", "Utredningen må dekke denne siden.", "required")
        for side in ASSESSMENT_SIDES
        if not str(assessment.get(side) or "").strip()
    ]
    if errors:
        raise ValidationFailed("Utredningen er ufullstendig (R-TT-6).", errors=errors)
    waiting = pending_statements(case)
    if waiting:
        raise Conflict(
            "Utvalget kan ikke konkludere før alle uttalelser er mottatt eller fristen er ute "
            "(R-TT-5): " + ", ".join(f"{s.recipient} (frist {s.due_on:%d.%m.%Y})" for s in waiting),
            code="statements_pending",
        )
    Recommendation.objects.create(
        case=case,
        in_favour=in_favour,
        assessment={side: str(assessment[side]).strip() for side in ASSESSMENT_SIDES},
        given_by=actor,
    )
    if not in_favour:
        transition(
            case,
            "recommend_against",
            actor=actor,
            action="not_recommended",
            data={"assessment": assessment},
        )
        notify_proposer(
            case,
            email=case.proposer_email,
            headline="Det faglige utvalget innstiller ikke på overføring",
            text="Utvalgets vurdering:\n"
            + "\n".join(f"- {side}: {assessment[side]}" for side in ASSESSMENT_SIDES),
        )
        return case
    opened = None
    if consultation:
        opened = _open_consultation(
            case, actor=actor, consultees=consultees or [], due_on=consultation_due_on
        )
    transition(
        case,
        "recommend_for",
        actor=actor,
        action="recommended",
        data={"assessment": assessment, **_consultation_data(opened)},
        consultation=consultation,
    )
    return case


def open_consultation(case: TaskTransfer) -> Consultation | None:
    return case.consultations.filter(closed_at__isnull=True).first()


def can_respond_to_consultation(user, consultation: Consultation, party: Party) -> bool:
    """A consultee answers for its own party; the secretariat may register answers received."""
    if is_member(user, standing_committee(consultation.case.community, CommitteeKind.SECRETARIAT)):
        return True
    return party_of(user) == party


@transaction.atomic
def task_transfer_respond_consultation(
    *, case: TaskTransfer, actor, party: Party, text: str
) -> bool:
    """R-TT-8: one response per consultee. True when this response closed the consultation."""
    case = _locked(case)
    _require_status(case, "on_consultation")
    consultation = open_consultation(case)
    if consultation is None or not consultation.consultees.filter(pk=party.pk).exists():
        raise ValidationFailed(
            "Parten er ikke høringsinstans i denne høringen.",
            errors=[field_error("party", "Ikke høringsinstans.")],
        )
    if not can_respond_to_consultation(actor, consultation, party):
        raise Forbidden("Du kan bare svare for din egen part.")
    if consultation.responses.filter(party=party).exists():
        raise Conflict("Parten har allerede svart på høringen.", code="already_responded")
    if not (text or "").strip():
        raise ValidationFailed(
            "Høringssvaret er tomt.", errors=[field_error("text", "Påkrevd.", "required")]
        )
    ConsultationResponse.objects.create(
        consultation=consultation, party=party, text=text.strip(), given_by=actor
    )
    record_event(
        case,
        actor=actor,
        action="consultation_response",
        from_status=case.status,
        data={"consultation": consultation.pk, "party": party.pk},
    )
    answered = consultation.responses.count()
    if answered == consultation.consultees.count():
        _close_consultation(case, consultation, actor=actor, reason="all_answered")
        return True
    return False


def _close_consultation(
    case: TaskTransfer, consultation: Consultation, *, actor, reason: str
) -> None:
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["closed_at"])
    deadline_close(case, kind="consultation", subject_id=consultation.pk)
    transition(
        case,
        "close_consultation",
        actor=actor,
        action="consultation_closed",
        data={"consultation": consultation.pk, "reason": reason},
    )


@transaction.atomic
def task_transfer_close_due_consultation(*, case: TaskTransfer, today: date | None = None) -> bool:
    """R-TT-8: a consultation closes at its deadline. Returns True when it closed now."""
    case = _locked(case)
    consultation = open_consultation(case)
    if case.status != "on_consultation" or consultation is None:
        return False
    if not calendar.is_overdue(consultation.due_on, on=today):
        return False
    _close_consultation(case, consultation, actor=None, reason="deadline")
    return True


# --- R-TT-7 --------------------------------------------------------------------------------
@transaction.atomic
def task_transfer_gp_assess(
    *, case: TaskTransfer, actor, supports: bool, assessment: str
) -> TaskTransfer:
    """R-TT-7: the GP council's assessment, recorded before the SSU may treat the case."""
    case = _locked(case)
    _require(actor, standing_committee(case.community, CommitteeKind.GP_COUNCIL), "fastlegerådet")
    _require_status(case, "gp_council_review")
    if not (assessment or "").strip():
        raise ValidationFailed(
            "Vurderingen er tom.", errors=[field_error("assessment", "Påkrevd.", "required")]
        )
    GpAssessment.objects.create(
        case=case, supports=supports, assessment=assessment.strip(), given_by=actor
    )
    transition(
        case,
        "record_gp_assessment",
        actor=actor,
        action="gp_council_assessed",
        data={"supports": supports, "assessment": assessment.strip()},
    )
    return case


# --- R-TT-9, R-TT-10 -----------------------------------------------------------------------
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


def _validate_positions(ssu: Committee, positions: list[Position]) -> list[dict]:
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


@transaction.atomic
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
    case = _locked(case)
    ssu = standing_committee(case.community, CommitteeKind.SSU)
    _require(actor, ssu, "SSU")
    _require_status(case, "awaiting_ssu")
    if not case.gp_assessment_done():  # R-TT-7, also guarded by the lifecycle
        raise Conflict(
            "Fastlegerådet må vurdere saken før SSU behandler den (R-TT-7).",
            code="gp_council_pending",
        )
    if outcome not in SsuOutcome.values:
        raise ValidationFailed(
            "Ukjent utfall.", errors=[field_error("outcome", "Ukjent utfall.", "invalid_choice")]
        )
    errors = _validate_positions(ssu, positions)
    decision_text = (decision_text or "").strip()
    follow_up = {k: str(v).strip() for k, v in (follow_up or {}).items() if str(v or "").strip()}
    if outcome in (SsuOutcome.APPROVE, SsuOutcome.REJECT) and not decision_text:
        errors.append(field_error("decision_text", "Vedtaksteksten er påkrevd.", "required"))
    if outcome == SsuOutcome.APPROVE:
        if effective_on is None:
            errors.append(
                field_error(
                    "effective_on", "Oppgi når overføringen iverksettes (R-TT-10).", "required"
                )
            )
        errors += [
            field_error(f"follow_up.{key}", f"{label} må være avklart (R-TT-10).", "required")
            for key, label in FOLLOW_UP_ITEMS.items()
            if key not in follow_up
        ]
    if errors:
        raise ValidationFailed("SSU-behandlingen er ufullstendig.", errors=errors)
    present = [p.member for p in positions]
    quorate = quorum_met(case.community, ssu, present)
    objectors = [p.member for p in positions if not p.agrees]
    if outcome in (SsuOutcome.APPROVE, SsuOutcome.REJECT) and not quorate:
        raise ValidationFailed(
            "SSU er ikke vedtaksført etter vedtektene § 4 andre ledd; saken kan bare utsettes "
            "eller sendes på høring (R-TT-9).",
            code="quorum_not_met",
            errors=[field_error("positions", "Vedtaksførhet er ikke oppfylt.", "quorum_not_met")],
        )
    if outcome == SsuOutcome.APPROVE and objectors:
        raise ValidationFailed(
            "SSU vedtar ved konsensus; én innsigelse blokkerer vedtaket (R-TT-9): "
            + ", ".join(u.get_full_name() or u.username for u in objectors),
            code="consensus_blocked",
            errors=[
                field_error("positions", "Minst ett medlem har innsigelse.", "consensus_blocked")
            ],
        )
    assign_ssu_case_number(case)
    treatment = SsuTreatment.objects.create(
        case=case,
        positions=[
            {"member": p.member.pk, "position": "agree" if p.agrees else "object"}
            for p in positions
        ],
        quorum_met=quorate,
        outcome=outcome,
        decision_text=decision_text,
        effective_on=effective_on if outcome == SsuOutcome.APPROVE else None,
        follow_up={**follow_up, "medical_responsibility_follows_task": True}
        if outcome == SsuOutcome.APPROVE
        else {},
        recorded_by=actor,
    )
    data = {
        "treatment": treatment.pk,
        "ssu_case_number": case.ssu_case_number,
        "positions": treatment.positions,
        "quorum_met": quorate,
        "decision_text": decision_text,
    }
    if outcome == SsuOutcome.APPROVE:
        data |= {"effective_on": effective_on.isoformat(), "follow_up": treatment.follow_up}
        transition(case, "approve", actor=actor, action="approved", data=data)
        notify_proposer(
            case,
            email=case.proposer_email,
            headline="SSU har vedtatt oppgaveoverføringen",
            text=f"Vedtak i sak {case.ssu_case_number}:\n{decision_text}\n\n"
            f"Iverksettes {effective_on:%d.%m.%Y}. Det medisinskfaglige ansvaret følger oppgaven.",
        )
    elif outcome == SsuOutcome.REJECT:
        transition(case, "reject", actor=actor, action="rejected", data=data)
        notify_proposer(
            case,
            email=case.proposer_email,
            headline="SSU vedtok ikke oppgaveoverføringen",
            text=f"Vedtak i sak {case.ssu_case_number}:\n{decision_text}",
        )
    elif outcome == SsuOutcome.POSTPONE:
        transition(case, "postpone", actor=actor, action="postponed", data=data)
    else:
        opened = _open_consultation(
            case, actor=actor, consultees=consultees or [], due_on=consultation_due_on
        )
        transition(
            case,
            "send_on_consultation",
            actor=actor,
            action="sent_on_consultation",
            data=data | _consultation_data(opened),
        )
    return treatment


__all__ = [
    "CRITERIA",
    "DeadlineState",
    "PanelMember",
    "Position",
    "SINGLE_PATIENT_NOTICE",
    "assign_ssu_case_number",
    "missing_panel_roles",
    "pending_statements",
    "quorum_met",
    "task_transfer_appoint_panel",
    "task_transfer_close_due_consultation",
    "task_transfer_gp_assess",
    "task_transfer_receive_statement",
    "task_transfer_recommend",
    "task_transfer_request_statement",
    "task_transfer_respond_consultation",
    "task_transfer_screen",
    "task_transfer_ssu_decide",
    "task_transfer_submit",
]
