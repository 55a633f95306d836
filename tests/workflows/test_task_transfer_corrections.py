"""Rules of oppgaveoverføring corrected in review (R-TT-2, R-TT-5, R-TT-9, R-TT-10,
R-TT-11), and the lifecycle as the one truth of what may happen when."""

from datetime import date, timedelta

import pytest
from django_fsm import TransitionNotAllowed

from api.errors import problem_exception_handler
from cases import calendar
from cases.errors import Conflict, ValidationFailed
from cases.models import Committee, CommitteeKind, Membership, Recommendation
from cases.services import task_transfer as tt
from cases.services.lifecycle import run_transition
from tests.factories import CommunityFactory, PartyFactory, UserFactory, member, proposal
from tests.journey import (
    ALL_MET,
    ASSESSMENT,
    NO_STATEMENT,
    RECOMMEND_FOR,
    approval,
    open_task,
    reload,
    step,
    submit,
    to_investigation,
    to_ssu,
)
from workflows.task_transfer import actions


def test_R_TT_2_passing_on_with_a_criterion_answered_no_needs_a_justification(world):
    """R-TT-2: the secretariat may pass a proposal on that fails a criterion, but must say why;
    without a justification nothing changes."""
    case = submit(world)
    criteria = dict(ALL_MET, d=False)
    with pytest.raises(ValidationFailed) as exc:
        step(world.secretary, case, "screen", {"decision": "proceed", "criteria": criteria})
    assert [(e["field"], e["code"]) for e in exc.value.errors] == [("justification", "required")]
    case = reload(case)
    assert case.status == "submitted" and not hasattr(case, "screening")
    step(
        world.secretary,
        case,
        "screen",
        {"decision": "proceed", "criteria": criteria, "justification": "Enighet søkes i SSU."},
    )
    case = reload(case)
    assert case.status == "awaiting_panel"
    assert case.screening.justification == "Enighet søkes i SSU."


def test_R_TT_5_a_recommendation_needs_a_statement_or_a_reason_why_none_was_needed(world):
    """R-TT-5: the panel must obtain statements: concluding with none requested and no
    recorded reason is refused (400 `statements_missing`) and changes nothing."""
    case = to_investigation(world)
    panel = world.panel_people["legal"]
    bare = {"recommendation": "for", "assessment": ASSESSMENT}
    with pytest.raises(ValidationFailed) as exc:
        step(panel, case, "recommend", bare)
    assert exc.value.code == "statements_missing"
    assert exc.value.errors[0]["field"] == "no_statement_reason"
    assert reload(case).status == "under_investigation"
    assert not Recommendation.objects.filter(case_id=case.pk).exists()

    step(panel, case, "recommend", RECOMMEND_FOR)
    case = reload(case)
    assert case.status == "awaiting_ssu"
    assert case.recommendation.no_statement_reason == NO_STATEMENT
    assert case.events.get(action="recommended").data["no_statement_reason"] == NO_STATEMENT


def test_R_TT_5_a_received_statement_is_enough_without_a_reason(world):
    """R-TT-5: with a statement requested and received, no reason is needed."""
    case = to_investigation(world)
    panel = world.panel_people["legal"]
    request = actions.request_statement(case=case, actor=panel, party=world.trust, unit=world.unit)
    actions.receive_statement(request=request, actor=panel, text="Klinikken støtter forslaget.")
    step(panel, case, "recommend", {"recommendation": "for", "assessment": ASSESSMENT})
    assert reload(case).recommendation.no_statement_reason == ""


def test_R_TT_5_a_statement_deadline_typed_in_the_past_is_refused(world):
    """R-TT-5, R-DL-1: the panel cannot ask for a statement due yesterday."""
    case = to_investigation(world)
    with pytest.raises(ValidationFailed) as exc:
        actions.request_statement(
            case=case,
            actor=world.panel_people["legal"],
            party=world.trust,
            due_on=calendar.today() - timedelta(days=1),
        )
    assert exc.value.errors[0] == {
        "field": "due_on",
        "code": "date_in_past",
        "message": "Fristen må ligge fram i tid.",
    }
    assert case.statements.count() == 0


def test_R_TT_8_a_consultation_deadline_on_a_weekend_moves_to_the_next_working_day(world):
    """R-TT-8, R-DL-1: the consultation's typed deadline falls on a Sunday: it is moved."""
    case = to_investigation(world)
    sunday = calendar.today() + timedelta(days=20)
    while sunday.weekday() != 6:
        sunday += timedelta(days=1)
    step(
        world.panel_people["legal"],
        case,
        "recommend",
        {
            **RECOMMEND_FOR,
            "consultation": True,
            "consultees": [world.tromso],
            "consultation_due_on": sunday,
        },
    )
    consultation = reload(case).consultations.get()
    assert consultation.due_on == calendar.roll_forward(sunday)
    assert consultation.due_on > sunday and calendar.is_business_day(consultation.due_on)


def test_R_TT_10_an_effective_date_in_the_past_is_refused(world):
    """R-TT-10: the SSU cannot approve a transfer effective yesterday; nothing changes."""
    case = to_ssu(world)
    yesterday = calendar.today() - timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        step(world.ssu_trust, case, "ssu_decide", approval(world, effective_on=yesterday))
    assert exc.value.errors[0]["field"] == "effective_on"
    assert exc.value.errors[0]["code"] == "date_in_past"
    case = reload(case)
    assert case.status == "awaiting_ssu" and not case.treatments.exists()
    step(world.ssu_trust, case, "ssu_decide", approval(world, effective_on=calendar.today()))
    assert reload(case).status == "approved"


def test_R_TT_11_giving_the_ssu_number_is_an_event(world):
    """R-TT-11: the number is given at the SSU's first act, and that is recorded."""
    case = to_investigation(world)
    event = case.events.get(action="ssu_case_number")
    assert event.data["ssu_case_number"] == case.ssu_case_number
    assert event.data["committee"] == world.ssu.pk
    assert event.actor == world.ssu_trust
    step(world.panel_people["legal"], case, "recommend", RECOMMEND_FOR)
    step(world.ssu_trust, case, "ssu_decide", approval(world))
    assert reload(case).events.filter(action="ssu_case_number").count() == 1


def test_R_TT_11_numbers_run_per_committee_and_per_year(world):
    """R-TT-11: each SSU numbers its own cases from 01 each year."""
    yy = calendar.today().year % 100
    here = to_investigation(world)
    assert here.ssu_case_number == f"01/{yy:02d}"

    elsewhere = CommunityFactory()
    trust = PartyFactory(community=elsewhere, trust=True, name="Annet HF")
    ssu = Committee.objects.create(community=elsewhere, kind=CommitteeKind.SSU, name="SSU 2")
    Committee.objects.create(community=elsewhere, kind=CommitteeKind.SECRETARIAT, name="Sekr 2")
    proposer = UserFactory(party=trust)
    case = actions.submit_proposal(community=elsewhere, proposer=proposer, data=proposal())
    number = tt.assign_ssu_case_number(case, actor=member(ssu, party=trust))
    assert number == f"01/{yy:02d}"  # the other SSU's first case this year

    next_year = date(calendar.today().year + 1, 1, 5)
    later = submit(world)
    assert tt.assign_ssu_case_number(later, on=next_year) == f"01/{(yy + 1) % 100:02d}"
    again = submit(world)
    assert tt.assign_ssu_case_number(again) == f"02/{yy:02d}"


def test_R_TT_9_majority_quorum_with_four_or_more_members_present(world):
    """R-TT-9: under the majority rule of the by-laws, more than half of all members must be
    present, with both sides among them."""
    world.community.quorum_rule = "majority"
    world.community.save()
    extra = [member(world.ssu, party=world.tromso) for _ in range(2)]  # 5 members in all
    assert Membership.objects.filter(committee=world.ssu).count() == 5
    municipal = [world.ssu_municipality, world.ssu_municipality2, *extra]

    def quorate(users):
        return tt.quorum_met(world.community, world.ssu, users)

    assert quorate([world.ssu_trust, world.ssu_municipality, world.ssu_municipality2])
    assert quorate([world.ssu_trust, *municipal])
    assert not quorate([world.ssu_trust, world.ssu_municipality])  # 2 of 5
    assert not quorate(municipal)  # 4 of 5, but the trust is absent

    case = to_ssu(world)
    present = [world.ssu_trust, *municipal[:3]]
    data = approval(world, positions=[{"member": u, "position": "agree"} for u in present])
    step(world.ssu_trust, case, "ssu_decide", data)
    treatment = reload(case).treatments.get()
    assert treatment.quorum_met is True and len(treatment.positions) == 4


def test_R_TT_4_the_same_person_twice_with_the_same_competence_is_refused(world):
    """R-TT-4: a duplicate appointment is a field error (400), not a database error."""
    case = submit(world)
    step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    legal = world.panel_people["legal"]
    members = [{"user": legal, "competence": "legal"}, {"user": legal, "competence": "legal"}]
    with pytest.raises(ValidationFailed) as exc:
        step(world.ssu_trust, case, "appoint_panel", {"members": members})
    assert exc.value.errors[0] == {
        "field": "members[1]",
        "code": "duplicate",
        "message": "Samme person er oppgitt to ganger med samme kompetanse.",
    }
    assert reload(case).status == "awaiting_panel"


def test_a_step_in_the_wrong_state_is_refused_by_the_lifecycle(world):
    """The services ask the lifecycle (django-fsm) whether a step may run now: the GP council
    cannot assess a case the SSU is treating (409 `illegal_state`)."""
    case = to_ssu(world)
    with pytest.raises(Conflict) as exc:
        tt.task_transfer_gp_assess(case=case, actor=world.gp, supports=True, assessment="Ja.")
    assert exc.value.code == "illegal_state"
    assert "Til behandling i SSU" in exc.value.message
    assert reload(case).status == "awaiting_ssu"
    assert open_task(case, "ssu_decide")


def test_a_transition_run_in_the_wrong_state_is_a_conflict_not_a_crash(world):
    """`run_transition` turns django-fsm's TransitionNotAllowed into a 409; so does the API's
    exception handler if one ever escapes a service."""
    case = submit(world)
    with pytest.raises(Conflict) as exc:
        run_transition(case.approve, actor=world.ssu_trust, action="approved")
    assert exc.value.code == "illegal_state"
    assert reload(case).status == "submitted"
    response = problem_exception_handler(TransitionNotAllowed("nope"), {})
    assert response.status_code == 409
    assert response.data["code"] == "illegal_state"
    assert response.content_type == "application/problem+json"
