"""The secretariat gives a task to someone who holds its role (`POST /tasks/{id}/reassign/`)."""

from tests.journey import open_task, submit


def test_the_secretariat_reassigns_a_taken_task_and_it_is_an_event(api, world):
    case = submit(world)
    task = open_task(case, "screen")
    url = f"/api/v1/tasks/{task.pk}/"
    assert api.post(world.secretary, url + "claim/").status_code == 200
    response = api.post(world.secretary, url + "reassign/", {"user": world.secretary2.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["assignee"] == world.secretary2.username
    event = case.events.get(action="task_reassigned")
    assert event.data == {
        "task": task.pk,
        "name": "screen",
        "previous": world.secretary.pk,
        "assignee": world.secretary2.pk,
    }


def test_reassignment_is_refused_to_others_and_to_people_without_the_role(api, world):
    case = submit(world)
    task = open_task(case, "screen")
    url = f"/api/v1/tasks/{task.pk}/reassign/"
    denied = api.post(world.ssu_trust, url, {"user": world.secretary2.pk})
    assert denied.status_code == 403
    assert denied.json()["code"] == "permission_denied"
    wrong = api.post(world.secretary, url, {"user": world.proposer.pk})
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0] == {
        "field": "user",
        "code": "not_member",
        "message": "Har ikke rollen som kreves.",
    }
    missing = api.post(world.secretary, url, {"user": 999999})
    assert missing.status_code == 400
    task.refresh_from_db()
    assert task.owner_id is None and task.status == "NEW"
    assert not case.events.filter(action="task_reassigned").exists()
    assert api.post(world.outsider, url, {"user": world.secretary2.pk}).status_code == 404
