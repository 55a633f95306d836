"""`/api/v1/tasks/`: inbox, queue, claim, release, complete; 403 for rights, 409 for state."""

from viewflow.workflow.models import Task

from cases.models import CaseEvent, TaskTransfer
from tests.api.conftest import CRITERIA_OK
from tests.factories import proposal
from workflows.task_transfer.actions import submit_proposal

SCREEN_OK = {"decision": "proceed", "criteria": CRITERIA_OK}


def _case_and_task(world):
    case = submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
    task = Task.objects.get(process=case.process, flow_task_type="HUMAN", status="NEW")
    return case, task


def _snapshot(case):
    task_rows = list(
        Task.objects.filter(process=case.process).values_list("pk", "status", "owner_id")
    )
    case = TaskTransfer.objects.get(pk=case.pk)
    return case.status, CaseEvent.objects.filter(case=case).count(), task_rows


def test_queue_lists_tasks_the_user_may_claim_with_their_form(api, world):
    case, task = _case_and_task(world)
    body = api.get(world.secretary, "/api/v1/tasks/", data={"scope": "queue"}).json()
    [item] = body
    assert item["id"] == task.pk
    assert item["case"] == str(case.pk)
    assert item["flow"] == "task_transfer"
    assert item["name"] == "screen"
    assert item["title"] == "Vurdere forslaget mot kriteriene (sekretariatet)"
    assert item["status"] == "NEW"
    assert item["assignee"] is None
    assert item["due_on"]
    assert item["overdue"] is False
    form = {f["name"]: f for f in item["form"]}
    assert form["decision"] == {
        "name": "decision",
        "type": "choice",
        "required": True,
        "choices": ["proceed", "reject"],
    }
    assert form["criteria"]["type"] == "object"
    assert [f["name"] for f in form["criteria"]["fields"]] == list("abcdefg")
    assert form["justification"]["required"] is False
    # Others see nothing to claim; the inbox is empty until claimed.
    assert api.get(world.ssu_trust, "/api/v1/tasks/?scope=queue").json() == []
    assert api.get(world.secretary, "/api/v1/tasks/?scope=inbox").json() == []


def test_claim_moves_the_task_to_the_inbox_and_release_back(api, world):
    _, task = _case_and_task(world)
    claimed = api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    assert claimed.status_code == 200
    assert claimed.json()["assignee"] == "sekretar"
    assert claimed.json()["status"] == "ASSIGNED"
    assert [t["id"] for t in api.get(world.secretary, "/api/v1/tasks/").json()] == [task.pk]
    assert api.get(world.secretary2, "/api/v1/tasks/?scope=queue").json() == []
    released = api.post(world.secretary, f"/api/v1/tasks/{task.pk}/release/")
    assert released.status_code == 200
    assert released.json()["assignee"] is None
    assert [t["id"] for t in api.get(world.secretary2, "/api/v1/tasks/?scope=queue").json()] == [
        task.pk
    ]


def test_invalid_scope_is_400(api, world):
    response = api.get(world.secretary, "/api/v1/tasks/", data={"scope": "all"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "scope"


def test_claim_without_the_role_is_403_and_changes_nothing(api, world):
    case, task = _case_and_task(world)
    before = _snapshot(case)
    response = api.post(world.ssu_trust, f"/api/v1/tasks/{task.pk}/claim/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert _snapshot(case) == before


def test_claim_of_an_assigned_task_is_409(api, world):
    case, task = _case_and_task(world)
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    before = _snapshot(case)
    response = api.post(world.secretary2, f"/api/v1/tasks/{task.pk}/claim/")
    assert response.status_code == 409
    assert response.json()["code"] == "task_not_claimable"
    assert _snapshot(case) == before


def test_release_of_someone_elses_task_is_403_and_unassigned_is_409(api, world):
    _, task = _case_and_task(world)
    response = api.post(world.secretary, f"/api/v1/tasks/{task.pk}/release/")
    assert response.status_code == 409
    assert response.json()["code"] == "task_not_assigned"
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    response = api.post(world.secretary2, f"/api/v1/tasks/{task.pk}/release/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_task_of_an_invisible_case_is_404(api, world):
    _, task = _case_and_task(world)
    for verb in ("claim", "release", "complete"):
        response = api.post(world.outsider, f"/api/v1/tasks/{task.pk}/{verb}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert api.post(world.secretary, "/api/v1/tasks/999999/claim/").status_code == 404


def test_complete_someone_elses_task_is_403_and_changes_nothing(api, world):
    case, task = _case_and_task(world)
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    before = _snapshot(case)
    response = api.post(world.secretary2, f"/api/v1/tasks/{task.pk}/complete/", SCREEN_OK)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert _snapshot(case) == before


def test_complete_an_unclaimed_task_is_409(api, world):
    _, task = _case_and_task(world)
    response = api.post(world.secretary, f"/api/v1/tasks/{task.pk}/complete/", SCREEN_OK)
    assert response.status_code == 409
    assert response.json()["code"] == "task_not_open"


def test_complete_moves_the_case_and_a_finished_task_is_409(api, world):
    case, task = _case_and_task(world)
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    response = api.post(world.secretary, f"/api/v1/tasks/{task.pk}/complete/", SCREEN_OK)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "awaiting_panel"
    assert [t["name"] for t in body["open_tasks"]] == ["appoint_panel"]
    before = _snapshot(case)
    again = api.post(world.secretary, f"/api/v1/tasks/{task.pk}/complete/", SCREEN_OK)
    assert again.status_code == 409
    assert again.json()["code"] == "task_not_open"
    assert _snapshot(case) == before


def test_same_idempotency_key_returns_the_first_result(api, world):
    case, task = _case_and_task(world)
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    url = f"/api/v1/tasks/{task.pk}/complete/"
    first = api.post(world.secretary, url, SCREEN_OK, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 200
    events = CaseEvent.objects.filter(case=case).count()
    second = api.post(world.secretary, url, SCREEN_OK, HTTP_IDEMPOTENCY_KEY="k-1")
    assert second.status_code == 200
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert CaseEvent.objects.filter(case=case).count() == events
    # The same key for a different request is refused; without a key it is a plain 409.
    other = api.post(
        world.secretary, url, {**SCREEN_OK, "justification": "x"}, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert api.post(world.secretary, url, SCREEN_OK).status_code == 409


def test_a_failed_completion_is_not_remembered_by_its_key(api, world):
    _, task = _case_and_task(world)
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    url = f"/api/v1/tasks/{task.pk}/complete/"
    bad = api.post(world.secretary, url, {"decision": "maybe"}, HTTP_IDEMPOTENCY_KEY="k-2")
    assert bad.status_code == 400
    good = api.post(world.secretary, url, {**SCREEN_OK}, HTTP_IDEMPOTENCY_KEY="k-3")
    assert good.status_code == 200


def test_input_errors_are_400_with_field_paths_and_change_nothing(api, world):
    case, task = _case_and_task(world)
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    before = _snapshot(case)
    response = api.post(
        world.secretary,
        f"/api/v1/tasks/{task.pk}/complete/",
        {"decision": "maybe", "criteria": {"a": "kanskje"}},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert {(e["field"], e["code"]) for e in body["errors"]} == {
        ("decision", "invalid_choice"),
        ("criteria.a", "invalid_type"),
    }
    assert _snapshot(case) == before
    # A missing criterion is the service's rule (R-TT-2), reported with its path.
    response = api.post(
        world.secretary,
        f"/api/v1/tasks/{task.pk}/complete/",
        {"decision": "proceed", "criteria": {"a": True}},
    )
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {f"criteria.{k}" for k in "bcdefg"}
    assert _snapshot(case) == before


def test_unknown_panel_member_id_is_400_with_path(api, world):
    case, task = _case_and_task(world)
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/")
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/complete/", SCREEN_OK)
    panel_task = Task.objects.get(process=case.process, flow_task_type="HUMAN", status="NEW")
    api.post(world.ssu_trust, f"/api/v1/tasks/{panel_task.pk}/claim/")
    before = _snapshot(case)
    response = api.post(
        world.ssu_trust,
        f"/api/v1/tasks/{panel_task.pk}/complete/",
        {
            "members": [
                {"user": world.panel_people["legal"].pk, "competence": "legal"},
                {"user": 999999, "competence": "medical"},
            ]
        },
    )
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("members[1].user", "does_not_exist")
    ]
    assert _snapshot(case) == before
    # A panel short of the default composition needs a reason (R-TT-4).
    response = api.post(
        world.ssu_trust,
        f"/api/v1/tasks/{panel_task.pk}/complete/",
        {"members": [{"user": world.panel_people["legal"].pk, "competence": "legal"}]},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "panel_composition_deviation"
    assert response.json()["errors"][0]["field"] == "deviation_reason"
    assert _snapshot(case) == before


def test_stale_if_match_is_412_and_changes_nothing(api, world):
    case, task = _case_and_task(world)
    etag = api.get(world.secretary, f"/api/v1/cases/{case.pk}/")["ETag"]
    api.post(world.secretary, f"/api/v1/tasks/{task.pk}/claim/", HTTP_IF_MATCH=etag)
    before = _snapshot(case)
    stale = api.post(
        world.secretary, f"/api/v1/tasks/{task.pk}/complete/", SCREEN_OK, HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    assert _snapshot(case) == before
    fresh = api.get(world.secretary, f"/api/v1/cases/{case.pk}/")["ETag"]
    done = api.post(
        world.secretary, f"/api/v1/tasks/{task.pk}/complete/", SCREEN_OK, HTTP_IF_MATCH=fresh
    )
    assert done.status_code == 200
