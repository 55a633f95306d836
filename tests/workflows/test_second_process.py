"""A second process, defined in tests/ only, registers and runs through the generic task API,
case page and step pages with no change outside the tests (the process registry)."""

import re

from viewflow.workflow.models import Task

from cases.models import Case, CaseEvent
from tests.journey import open_task as open_tt_task
from tests.journey import submit
from workflows import registry

from . import second_process as sp


def _open(world):
    return sp.review_open(
        community=world.community,
        actor=world.proposer,
        title="Hvem har ansvaret for hjemmedialysen?",
        parties=[world.harstad, world.trust],
    )


def _task(api, user, case_id, name):
    queue = api.get(user, "/api/v1/tasks/?scope=queue").json()
    tasks = [t for t in queue if t["case"] == str(case_id) and t["name"] == name]
    assert len(tasks) == 1, queue
    return tasks[0]


def test_a_second_process_runs_through_the_task_api(review, api, world):
    case = _open(world)
    task = _task(api, world.secretary, case.pk, "screen")
    assert task["flow"] == sp.KIND
    assert task["title"] == "Svar på spørsmålet"
    detail = api.get(world.secretary, f"/api/v1/tasks/{task['id']}/").json()
    assert [f["name"] for f in detail["form"]] == ["text"]

    assert api.post(world.secretary, f"/api/v1/tasks/{task['id']}/claim/").status_code == 200
    refused = api.post(world.secretary, f"/api/v1/tasks/{task['id']}/complete/", {"text": " "})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "text"
    assert Case.objects.get(pk=case.pk).status == "asked"
    done = api.post(world.secretary, f"/api/v1/tasks/{task['id']}/complete/", {"text": "Kommunen."})
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "answered"
    assert done.json()["status_display"] == "Besvart"

    # The secretariat member from Tromsø holds the role but cannot see a case that concerns
    # only Harstad and the trust (this kind has no rule that widens the default).
    assert api.get(world.secretary2, "/api/v1/tasks/?scope=queue").json() == []
    second = _task(api, world.secretary, case.pk, "approve")
    api.post(world.secretary, f"/api/v1/tasks/{second['id']}/claim/")
    finished = api.post(
        world.secretary, f"/api/v1/tasks/{second['id']}/complete/", {"confirm": True}
    )
    assert finished.status_code == 200
    body = finished.json()
    assert body["status"] == "closed" and body["closed_at"] and body["open_tasks"] == []
    events = api.get(world.proposer, f"/api/v1/cases/{case.pk}/events/").json()
    assert [e["action"] for e in events if not e["action"].startswith("task_")] == [
        "review_opened",
        "review_answered",
        "review_approved",
    ]


def test_nodes_are_keyed_by_flow_and_node(review, api, world):
    """Both flows have a node called `screen`: each task takes its own flow's input and runs
    its own flow's step."""
    transfer = submit(world)
    case = _open(world)
    review_task = _task(api, world.secretary, case.pk, "screen")
    transfer_task = open_tt_task(transfer, "screen")
    tt_form = api.get(world.secretary, f"/api/v1/tasks/{transfer_task.pk}/").json()["form"]
    assert {f["name"] for f in tt_form} == {"decision", "criteria", "justification"}
    api.post(world.secretary, f"/api/v1/tasks/{review_task['id']}/claim/")
    response = api.post(
        world.secretary, f"/api/v1/tasks/{review_task['id']}/complete/", {"text": "Svar."}
    )
    assert response.status_code == 200
    assert CaseEvent.objects.filter(case_id=case.pk, action="review_answered").exists()
    assert not CaseEvent.objects.filter(case_id=transfer.pk, action="review_answered").exists()
    assert Case.objects.get(pk=transfer.pk).status == "submitted"


def test_the_second_process_has_its_case_page_and_step_page(review, client, world):
    case = _open(world)
    client.force_login(world.proposer)
    page = client.get(f"/saker/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Spørsmål stilt" in html  # status label and event label from its spec
    assert "Gjennomgang" in html  # its label as the kind of case
    assert "Svar på spørsmålet" in html  # the open task

    task = Task.objects.get(process__caseprocess__case_id=case.pk, status="NEW")
    from workflows import engine

    engine.task_claim(task_id=task.pk, user=world.secretary)
    client.force_login(world.secretary)
    url = task.flow_task.reverse("execute", args=[task.process_id, task.pk])
    step_page = client.get(url)
    assert step_page.status_code == 200
    assert 'name="text"' in step_page.content.decode()
    response = client.post(url, {"text": "Kommunen har ansvaret."})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "answered"
    home = client.get("/").content.decode()
    assert re.search(r"Godkjenn svaret", home)  # the next step waits in the queue
    menu = client.get("/saker/").content.decode()
    assert "Gjennomgang" in menu  # its flow app in the menu


def test_a_process_is_gone_from_the_generic_parts_when_unregistered(world, api):
    """Without its spec, a kind's tasks are not completable through the API (no node spec)."""
    registry.register(sp.spec())
    case = _open(world)
    registry.unregister(sp.KIND)
    task = Task.objects.get(process__caseprocess__case_id=case.pk, status="NEW")
    assert registry.node_spec(task.flow_task) is None
