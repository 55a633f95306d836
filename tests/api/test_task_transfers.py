"""`/api/v1/task-transfers/`: the proposal (R-TT-1) and the case actions outside tasks."""

from datetime import timedelta
from unittest import mock

from cases import calendar
from cases.errors import DomainError
from cases.models import CaseEvent, StatementRequest, TaskTransfer
from tests.api.conftest import ASSESSMENT, CRITERIA_OK, to_investigation
from tests.factories import UserFactory, proposal
from workflows import engine


def test_submit_gives_201_with_the_case(api, world):
    response = api.post(world.proposer, "/api/v1/task-transfers/", proposal())
    assert response.status_code == 201
    body = response.json()
    assert response["Location"] == f"/api/v1/cases/{body['id']}/"
    assert body["kind"] == "task_transfer"
    assert body["status"] == "submitted"
    assert body["reference"].startswith("OO-")
    assert [t["name"] for t in body["open_tasks"]] == ["screen"]
    case = TaskTransfer.objects.get(pk=body["id"])
    assert case.community == world.community
    assert case.created_by == world.proposer


def test_submit_with_missing_fields_is_400_and_creates_nothing(api, world):
    data = proposal()
    del data["title"]
    data["direction"] = "sideways"
    response = api.post(world.proposer, "/api/v1/task-transfers/", data)
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        ("title", "required"),
        ("direction", "invalid_choice"),
    }
    assert not TaskTransfer.objects.exists()


def test_patient_without_party_names_the_community(api, world):
    patient = UserFactory(party=None, username="pasient")
    response = api.post(patient, "/api/v1/task-transfers/", proposal(proposer_category="patient"))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "community", "code": "required", "message": "Påkrevd for brukere uten part."}
    ]
    response = api.post(
        patient, "/api/v1/task-transfers/", {**proposal(), "community": "finnes-ikke"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "does_not_exist"
    assert not TaskTransfer.objects.exists()
    response = api.post(
        patient, "/api/v1/task-transfers/", {**proposal(), "community": world.community.slug}
    )
    assert response.status_code == 201
    # R-PTY-2: the proposer sees the own proposal.
    assert api.get(patient, f"/api/v1/cases/{response.json()['id']}/").status_code == 200


def test_party_member_cannot_propose_in_another_community(api, world):
    response = api.post(
        world.outsider, "/api/v1/task-transfers/", {**proposal(), "community": "annen"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "community"


def test_detail_has_proposal_and_steps(api, world):
    case_id = to_investigation(api, world)
    response = api.get(world.secretary, f"/api/v1/task-transfers/{case_id}/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "under_investigation"
    assert body["task_description"] == proposal()["task_description"]
    assert body["screening"]["passed"] is True
    assert body["screening"]["criteria"] == CRITERIA_OK
    assert len(body["panel_members"]) == 8
    assert body["recommendation"] is None
    assert body["treatments"] == []
    assert api.get(world.outsider, f"/api/v1/task-transfers/{case_id}/").status_code == 404


def test_statement_request_needs_the_panel(api, world):
    case_id = to_investigation(api, world)
    url = f"/api/v1/task-transfers/{case_id}/statements/"
    events = CaseEvent.objects.filter(case_id=case_id).count()
    response = api.post(world.secretary, url, {"party": world.trust.pk})
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not StatementRequest.objects.exists()
    assert CaseEvent.objects.filter(case_id=case_id).count() == events
    response = api.post(world.panel_people["legal"], url, {"party": 999999})
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "party",
        "code": "does_not_exist",
        "message": response.json()["errors"][0]["message"],
    }
    past = (calendar.today() - timedelta(days=1)).isoformat()
    response = api.post(world.panel_people["legal"], url, {"party": world.trust.pk, "due_on": past})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "due_on"


def test_receive_statement_twice_is_409(api, world):
    case_id = to_investigation(api, world)
    panel = world.panel_people["legal"]
    created = api.post(
        panel,
        f"/api/v1/task-transfers/{case_id}/statements/",
        {"party": world.trust.pk, "unit": world.unit.pk},
    )
    assert created.status_code == 201
    sid = created.json()["id"]
    assert created.json()["recipient"] == "UNN HF – Medisinsk klinikk"
    url = f"/api/v1/task-transfers/{case_id}/statements/{sid}/receive/"
    empty = api.post(panel, url, {"text": "  "})
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["field"] == "text"
    outsider = api.post(world.ssu_trust, url, {"text": "Uttalelse"})
    assert outsider.status_code == 403
    ok = api.post(panel, url, {"text": "Klinikken støtter forslaget."})
    assert ok.status_code == 200
    assert ok.json()["received_at"]
    again = api.post(panel, url, {"text": "Igjen"})
    assert again.status_code == 409
    assert again.json()["code"] == "statement_already_received"
    missing = api.post(panel, f"/api/v1/task-transfers/{case_id}/statements/999999/receive/", {})
    assert missing.status_code == 404


def test_consultation_response_outside_a_consultation(api, world):
    case_id = to_investigation(api, world)
    response = api.post(
        world.ssu_municipality,
        f"/api/v1/task-transfers/{case_id}/consultation-responses/",
        {"party": world.tromso.pk, "text": "Svar"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_state"


def test_busy_case_is_503_with_retry_after(api, world):
    case_id = api.submit(world.proposer)["id"]
    task_id = api.open_task(world.secretary, case_id)["id"]
    with mock.patch.object(engine, "task_claim", side_effect=engine.Busy("Opptatt.")):
        response = api.post(world.secretary, f"/api/v1/tasks/{task_id}/claim/")
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response.json()["code"] == "case_busy"
    assert isinstance(engine.Busy("x"), DomainError)


def test_recommend_with_incomplete_assessment(api, world):
    case_id = to_investigation(api, world)
    panel = world.panel_people["legal"]
    task = api.open_task(panel, case_id, "recommend")
    api.post(panel, f"/api/v1/tasks/{task['id']}/claim/")
    response = api.complete(
        panel,
        task["id"],
        {"recommendation": "for", "assessment": {**ASSESSMENT, "legal": ""}},
        expect=400,
    )
    assert response.json()["errors"] == [
        {
            "field": "assessment.legal",
            "code": "required",
            "message": "Utredningen må dekke denne siden.",
        }
    ]


def test_withdraw_ends_the_case_and_a_stranger_gets_404(api, world):
    """R-AUD-1: withdrawal is a state with its event; the open tasks disappear."""
    case_id = api.post(world.proposer, "/api/v1/task-transfers/", proposal()).json()["id"]
    url = f"/api/v1/task-transfers/{case_id}/withdraw/"

    assert api.post(world.outsider, url, {"reason": "x"}).status_code == 404
    denied = api.post(world.ssu_trust, url, {"reason": "x"})
    assert denied.status_code == 403
    assert denied.json()["code"] == "permission_denied"
    assert TaskTransfer.objects.get(pk=case_id).status == "submitted"

    response = api.post(world.proposer, url, {"reason": "Ikke lenger aktuelt."})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "withdrawn"
    assert body["status_display"] == "Trukket av forslagsstiller"
    assert body["open_tasks"] == [] and body["closed_at"]
    again = api.post(world.proposer, url, {})
    assert again.status_code == 409
    assert again.json()["code"] == "illegal_state"
    assert CaseEvent.objects.filter(case_id=case_id, action="withdrawn").count() == 1
