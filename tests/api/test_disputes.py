"""Tvisteløsning through the REST API: both ladders from opening to their last stage, the
USK payment exception, the flow's task per stage, and each bad input of the issue answering
its problem code with nothing changed."""

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from cases.models import (
    CaseEvent,
    Committee,
    CommitteeKind,
    Dispute,
    DisputeConsent,
    DisputeLadder,
    LadderStage,
)
from tests.disputes import LADDER_A, LADDER_B, sides_on
from tests.factories import member, proposal
from workflows.task_transfer.actions import submit_proposal

from .conftest import Api, assert_problem, field_codes

URL = "/api/v1/disputes/"


@pytest.fixture
def api():
    return Api()


def _open(api, sides, kind="agreement", **extra):
    body = {
        "parties": [sides.world.tromso.pk, sides.world.trust.pk],
        "subject": "Uenighet om ansvaret for oppfølging etter utskrivning",
        "agreement_clause": "Delavtale 2, punkt 2.2",
        "kind": kind,
        **extra,
    }
    response = api.post(sides.municipality, URL, body)
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def _do(api, user, case_id, verb, data=None, expect=200):
    response = api.post(user, f"{URL}{case_id}/{verb}/", data or {})
    assert response.status_code == expect, response.json()
    return response.json()


def _to_record(api, sides, case_id):
    _do(api, sides.municipality, case_id, "positions", {"text": "Foretaket har ansvaret."})
    _do(api, sides.trust, case_id, "positions", {"text": "Kommunen har ansvaret."})
    return _do(api, sides.trust, case_id, "record-disagreement")


def _states(body) -> dict:
    return {row["stage"]: row["state"] for row in body["ladder_progress"]}


def _follow_up_tasks(case_id, *statuses):
    return Task.objects.filter(
        process__caseprocess__case_id=case_id, flow_task_type="HUMAN", status__in=statuses
    )


def _snapshot(case_id) -> tuple:
    case = Dispute.objects.get(pk=case_id)
    return (
        case.status,
        case.stage_id,
        CaseEvent.objects.filter(case=case).count(),
        DisputeConsent.objects.filter(dispute=case).count(),
        case.positions.count(),
        case.entries.count(),
        _follow_up_tasks(case_id, STATUS.DONE).count(),
    )


def _refused(api, user, case_id, verb, data, status, code):
    before = _snapshot(case_id)
    response = api.post(user, f"{URL}{case_id}/{verb}/", data)
    assert_problem(response, status, code)
    assert _snapshot(case_id) == before


def test_ladder_a_complete_path(world, api):
    """R-DSP-1, R-DSP-2, R-DSP-4: ladder A from the dialogue through the SSU (both consent),
    the local body and the national body to the court at the municipal party's venue."""
    sides = sides_on(world, LADDER_A)
    body_member = member(
        Committee.objects.create(
            community=world.community, kind=CommitteeKind.DISPUTE_BODY, name="Tvisteorgan"
        ),
        party=world.harstad,
        username="tvisteorgan",
    )
    case_id = _open(api, sides)
    _do(api, sides.municipality, case_id, "consent", {"stage": "ssu"})
    _do(api, sides.trust, case_id, "consent", {"stage": "ssu"})
    body = _do(api, sides.municipality, case_id, "escalate", {"stage": "ssu"})
    assert body["stage"] == "ssu" and _states(body)["dialogue"] == "passed"
    _to_record(api, sides, case_id)
    _do(api, sides.municipality, case_id, "escalate", {"stage": "local_body"})
    _do(api, body_member, case_id, "statement", {"text": "Organet anbefaler deling."})
    _do(api, sides.trust, case_id, "escalate", {"stage": "national_board"})
    _do(api, sides.trust, case_id, "statement", {"text": "Nemnda anbefaler deling."})
    body = _do(api, sides.municipality, case_id, "escalate", {"stage": "court"})
    assert body["status"] == "court" and body["closed_at"] is None
    assert _states(body) == {
        "dialogue": "passed",
        "ssu": "passed",
        "local_body": "passed",
        "national_board": "passed",
        "court": "current",
    }
    court = next(row for row in body["ladder_progress"] if row["stage"] == "court")
    assert court["venue"] == "Den kommunale partens tingrett"
    assert [s["stage"] for s in body["statements"]] == ["local_body", "national_board"]
    assert body["disagreement_record"]["text"].startswith("Uenighetsprotokoll")
    # the flow holds one open task per stage: five stages, four closed, one open
    assert _follow_up_tasks(case_id, STATUS.DONE).count() == 4
    assert _follow_up_tasks(case_id, STATUS.ASSIGNED).get().owner == sides.municipality


def test_ladder_b_board_statement_binds_when_both_accept(world, api):
    """R-DSP-2, R-DSP-4: ladder B, the board on both parties' consent; its statement ends the
    dispute once both parties accepted it as binding, and the flow ends with it."""
    sides = sides_on(world, LADDER_B)
    case_id = _open(api, sides)
    _to_record(api, sides, case_id)
    _do(api, sides.municipality, case_id, "consent", {"stage": "national_board"})
    _do(api, sides.trust, case_id, "consent", {"stage": "national_board"})
    _do(api, sides.trust, case_id, "escalate", {"stage": "national_board"})
    _do(api, sides.municipality, case_id, "accept-binding")
    _do(api, sides.trust, case_id, "accept-binding")
    body = _do(api, sides.trust, case_id, "statement", {"text": "Nemnda: kostnadene deles."})
    assert body["status"] == "bound_by_statement" and body["closed_at"]
    board = next(row for row in body["ladder_progress"] if row["stage"] == "national_board")
    assert board["bound"] == sorted([world.tromso.pk, world.trust.pk]) and board["statement"]
    assert not _follow_up_tasks(case_id, STATUS.NEW, STATUS.ASSIGNED).exists()
    assert Dispute.objects.get(pk=case_id).process.status == PROCESS.DONE


def test_ladder_b_advisory_statement_then_arbitration_if_both_agree(world, api):
    """R-DSP-4: an advisory statement; on to court is skippable, arbitration needs both."""
    sides = sides_on(world, LADDER_B)
    case_id = _open(api, sides)
    _to_record(api, sides, case_id)
    for user in (sides.municipality, sides.trust):
        _do(api, user, case_id, "consent", {"stage": "national_board"})
    _do(api, sides.trust, case_id, "escalate", {"stage": "national_board"})
    _do(api, sides.trust, case_id, "statement", {"text": "Nemnda anbefaler deling."})
    _refused(
        api, sides.trust, case_id, "escalate", {"stage": "arbitration"}, 409, "consent_missing"
    )
    for user in (sides.municipality, sides.trust):
        _do(api, user, case_id, "consent", {"stage": "arbitration"})
    body = _do(api, sides.municipality, case_id, "escalate", {"stage": "arbitration"})
    assert _states(body) == {
        "dialogue": "passed",
        "national_board": "passed",
        "court": "skipped",
        "arbitration": "current",
    }


def test_usk_payment_dispute_reaches_the_board_on_one_partys_request(world, api):
    """R-DSP-2: under ladder B a USK payment dispute goes to the board on one party's
    request, without the other's consent."""
    sides = sides_on(world, LADDER_B)
    case_id = _open(api, sides, kind="usk_payment", claim_amount="125000.00")
    _to_record(api, sides, case_id)
    body = _do(api, sides.municipality, case_id, "escalate", {"stage": "national_board"})
    assert body["stage"] == "national_board" and body["consents"] == []
    board = next(row for row in body["ladder_progress"] if row["stage"] == "national_board")
    assert board["one_party_may_raise"] is True


def test_usk_payment_dispute_is_refused_under_a_ladder_that_forbids_it(world, api):
    """R-DSP-2: where the agreement makes no exception, one party's request is refused."""
    sides = sides_on(world, LADDER_B)
    LadderStage.objects.filter(ladder__slug=LADDER_B, kind="national_board").update(
        usk_one_party=False
    )
    case_id = _open(api, sides, kind="usk_payment")
    _to_record(api, sides, case_id)
    _refused(
        api,
        sides.municipality,
        case_id,
        "escalate",
        {"stage": "national_board"},
        409,
        "consent_missing",
    )


def test_escalating_without_a_disagreement_record_is_refused(world, api):
    """R-DSP-1: leaving the dialogue needs the disagreement record."""
    sides = sides_on(world, LADDER_B)
    case_id = _open(api, sides)
    _refused(
        api,
        sides.trust,
        case_id,
        "escalate",
        {"stage": "court"},
        409,
        "disagreement_record_missing",
    )


def test_a_consent_from_outside_the_parties_is_refused(world, api):
    """R-DSP-2: only the two parties consent; someone else is refused first (403)."""
    sides = sides_on(world, LADDER_B)
    case_id = _open(api, sides)
    _refused(api, sides.stranger, case_id, "consent", {"stage": "national_board"}, 404, "not_found")
    # the stranger's party sits on no stage: seen only by the parties, so not even found
    Dispute.objects.get(pk=case_id).parties.add(world.harstad)
    _refused(
        api, sides.stranger, case_id, "consent", {"stage": "national_board"}, 403, "not_a_party"
    )


def test_a_second_consent_of_a_party_is_refused(world, api):
    """R-DSP-2: one consent per party and stage."""
    sides = sides_on(world, LADDER_B)
    case_id = _open(api, sides)
    _do(api, sides.trust, case_id, "consent", {"stage": "national_board"})
    _refused(
        api, sides.trust, case_id, "consent", {"stage": "national_board"}, 409, "already_consented"
    )


def test_a_resolution_without_terms_is_refused_and_with_terms_ends_the_dispute(world, api):
    """R-DSP-3: the agreement is recorded with its terms, at any stage; the flow ends."""
    sides = sides_on(world, LADDER_B)
    case_id = _open(api, sides)
    _refused(api, sides.trust, case_id, "resolve", {"terms": "  "}, 400, "terms_missing")
    body = _do(api, sides.trust, case_id, "resolve", {"terms": "Kostnadene deles likt."})
    assert body["status"] == "resolved"
    assert body["resolution"]["terms"] == "Kostnadene deles likt."
    assert Dispute.objects.get(pk=case_id).process.status == PROCESS.DONE
    _refused(api, sides.trust, case_id, "resolve", {"terms": "Igjen."}, 409, "illegal_state")


def test_a_court_stage_on_a_ladder_without_one_is_refused(world, api):
    """R-DSP-4: the court is a stage only where the agreement names it."""
    sides = sides_on(world, LADDER_B)
    no_court = DisputeLadder.objects.create(slug="uten-domstol", name="Uten", agreement="Y")
    LadderStage.objects.create(ladder=no_court, position=1, kind="dialogue")
    LadderStage.objects.create(ladder=no_court, position=2, kind="local_body")
    world.community.dispute_ladder = no_court
    world.community.save()
    case_id = _open(api, sides)
    _to_record(api, sides, case_id)
    _refused(api, sides.trust, case_id, "escalate", {"stage": "court"}, 400, "stage_not_on_ladder")


def test_a_breach_claim_needs_its_amount(world, api):
    """R-DSP-6: a breach claim is for a documented loss, so it names the amount."""
    sides = sides_on(world, LADDER_B)
    body = {
        "parties": [world.tromso.pk, world.trust.pk],
        "subject": "Tapt inntekt etter brudd på avtalen",
        "kind": "breach",
    }
    assert_problem(api.post(sides.municipality, URL, body), 400, "claim_amount_missing")
    assert not Dispute.objects.exists()
    case_id = _open(api, sides, kind="breach", claim_amount="48000.00")
    assert api.get(sides.trust, f"{URL}{case_id}/").json()["claim_amount"] == "48000.00"


def test_only_ones_own_party_opens_a_dispute(world, api):
    sides = sides_on(world, LADDER_B)
    body = {"parties": [world.harstad.pk, world.trust.pk], "subject": "X", "kind": "agreement"}
    response = api.post(sides.municipality, URL, body)
    assert_problem(response, 400, "validation_error")
    assert field_codes(response) == {("parties", "not_own_party")}
    assert not Dispute.objects.exists()


def test_the_stage_task_records_the_openers_position(world, api):
    """The flow's task «Følg opp tvisten» is the opener's; completing it records the
    position of the opener's party, and a new task waits at the same stage."""
    sides = sides_on(world, LADDER_B)
    case_id = _open(api, sides)
    task = api.open_task(sides.municipality, case_id, "follow_up")
    done = api.post(
        sides.municipality, f"/api/v1/tasks/{task['id']}/complete/", {"text": "Vårt syn."}
    )
    assert done.status_code == 200, done.json()
    body = api.get(sides.trust, f"{URL}{case_id}/").json()
    assert [(p["party"], p["text"]) for p in body["positions"]] == [(world.tromso.pk, "Vårt syn.")]
    assert _follow_up_tasks(case_id, STATUS.ASSIGNED).count() == 1


def test_interest_over_several_half_years(world, api):
    """R-DSP-5: kr 100 000 from 1 June to 1 August 2023: 30 days at 10.75 % (883.56) and
    31 days at 11.75 % (997.95), worked by hand: 1 881.51."""
    sides = sides_on(world, LADDER_B)
    case_id = _open(api, sides)
    response = api.get(
        sides.trust, f"{URL}{case_id}/interest/?principal=100000&start=2023-06-01&end=2023-08-01"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(x["days"], x["rate"], x["amount"]) for x in body["lines"]] == [
        (30, "10.75", "883.56"),
        (31, "11.75", "997.95"),
    ]
    assert body["total"] == "1881.51" and body["days"] == 61
    missing = api.get(
        sides.trust, f"{URL}{case_id}/interest/?principal=1&start=2019-01-01&end=2019-02-01"
    )
    assert_problem(missing, 400, "interest_rate_missing")


def test_a_dispute_opened_from_another_case_links_both_ways(world, api):
    """A dispute raised from a case it concerns: both cases list the other in `links`; a case
    the opener may not see is no case to raise it from."""
    sides = sides_on(world, LADDER_B)
    origin = api.submit(world.secretary2)["id"]  # a task transfer Tromsø sees
    case_id = _open(api, sides, linked_case=origin)
    dispute_links = api.get(sides.trust, f"/api/v1/cases/{case_id}/").json()["links"]
    assert [link["id"] for link in dispute_links] == [origin]
    origin_links = api.get(sides.municipality, f"/api/v1/cases/{origin}/").json()["links"]
    assert [link["id"] for link in origin_links] == [case_id]
    elsewhere = world.outsider.profile.party.community
    Committee.objects.create(community=elsewhere, kind=CommitteeKind.SECRETARIAT, name="S")
    hidden = submit_proposal(proposer=world.outsider, data=proposal())
    body = {
        "parties": [world.tromso.pk, world.trust.pk],
        "subject": "Fra en sak vi ikke ser",
        "kind": "agreement",
        "linked_case": str(hidden.pk),
    }
    response = api.post(sides.municipality, URL, body)
    assert_problem(response, 400, "validation_error")
    assert field_codes(response) == {("linked_case", "does_not_exist")}
    assert Dispute.objects.count() == 1
