"""`/api/v1/cases/`: the read model, visibility, filters, polling, ETag and the audit trail."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import calendar
from cases.models import Case, Deadline
from tests.factories import proposal
from workflows.task_transfer.actions import submit_proposal

CASE_FIELDS = {
    "id",
    "kind",
    "reference",
    "ssu_case_number",
    "title",
    "status",
    "status_display",
    "parties",
    "created_at",
    "updated_at",
    "closed_at",
    "open_tasks",
    "deadlines",
    "links",
}


def _submit(world, **overrides):
    return submit_proposal(
        community=world.community, proposer=world.proposer, data=proposal(**overrides)
    )


def test_detail_has_the_contract_fields(api, world):
    case = _submit(world)
    response = api.get(world.secretary, f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == CASE_FIELDS
    assert body["id"] == str(case.pk)
    assert body["kind"] == "task_transfer"
    assert body["reference"] == case.reference
    assert body["ssu_case_number"] is None
    assert body["status"] == "submitted"
    assert body["status_display"] == "Til vurdering i sekretariatet"
    assert {p["id"] for p in body["parties"]} == {
        world.trust.pk,
        world.tromso.pk,
        world.harstad.pk,
    }
    assert body["closed_at"] is None
    assert body["links"] == []
    [task] = body["open_tasks"]
    deadline = Deadline.objects.get(task_id=task["id"])
    assert task == {
        "id": task["id"],
        "name": "screen",
        "title": "Vurdere forslaget mot kriteriene (sekretariatet)",
        "assignee": None,
        "candidates": "Sekretariatet",
        "due_on": deadline.due_on.isoformat(),
        "overdue": False,
    }
    assert body["deadlines"] == [
        {
            "kind": "screening",
            "label": "Vurdering i sekretariatet",
            "due_on": deadline.due_on.isoformat(),
            "state": "open",
            "overdue": False,
        }
    ]


def test_case_outside_the_callers_parties_is_404(api, world):
    case = _submit(world)
    response = api.get(world.outsider, f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert api.get(world.outsider, f"/api/v1/cases/{case.pk}/events/").status_code == 404
    assert api.get(world.outsider, "/api/v1/cases/").json()["results"] == []


def test_unknown_case_is_404(api, world):
    response = api.get(world.secretary, "/api/v1/cases/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_etag_and_if_none_match(api, world):
    case = _submit(world)
    url = f"/api/v1/cases/{case.pk}/"
    first = api.get(world.secretary, url)
    etag = first["ETag"]
    assert etag.startswith('"') and len(etag) == 66
    assert first["Last-Modified"]
    again = api.get(world.secretary, url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # A change (claiming the task) gives a new representation and a new ETag.
    task_id = first.json()["open_tasks"][0]["id"]
    assert api.post(world.secretary, f"/api/v1/tasks/{task_id}/claim/").status_code == 200
    changed = api.get(world.secretary, url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["open_tasks"][0]["assignee"] == "sekretar"


def test_list_is_cursor_paginated_by_updated_at(api, world):
    cases = [_submit(world, title=f"Forslag {i}") for i in range(3)]
    base = timezone.now() - timedelta(days=3)
    for offset, case in enumerate(cases):
        Case.objects.filter(pk=case.pk).update(updated_at=base + timedelta(hours=offset))
    first = api.get(world.secretary, "/api/v1/cases/", data={"page_size": 2}).json()
    assert [c["title"] for c in first["results"]] == ["Forslag 0", "Forslag 1"]
    assert first["previous"] is None
    second = api.get(world.secretary, first["next"]).json()
    assert [c["title"] for c in second["results"]] == ["Forslag 2"]
    assert second["next"] is None


def test_updated_since_returns_what_changed(api, world):
    old, new = _submit(world, title="Gammel"), _submit(world, title="Ny")
    Case.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=2))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    body = api.get(world.secretary, "/api/v1/cases/", data={"updated_since": since}).json()
    assert [c["id"] for c in body["results"]] == [str(new.pk)]


def test_invalid_updated_since_is_400(api, world):
    response = api.get(world.secretary, "/api/v1/cases/", data={"updated_since": "i går"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert [e["field"] for e in body["errors"]] == ["updated_since"]


def test_filters_kind_status_party(api, world):
    case = _submit(world)
    url = "/api/v1/cases/"

    def ids(**params):
        response = api.get(world.secretary, url, data=params)
        assert response.status_code == 200, response.json()
        return [c["id"] for c in response.json()["results"]]

    assert ids(kind="task_transfer") == [str(case.pk)]
    assert ids(kind="dispute") == []
    assert ids(status="submitted") == [str(case.pk)]
    assert ids(status="approved") == []
    assert ids(party=world.tromso.pk) == [str(case.pk)]
    assert ids(party=999999) == []
    bad = api.get(world.secretary, url, data={"kind": "nonsense"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "kind"


def test_overdue_filter(api, world):
    late, on_time = _submit(world, title="Sen"), _submit(world, title="I tide")
    Deadline.objects.filter(case=late).update(due_on=calendar.today() - timedelta(days=1))
    body = api.get(world.secretary, "/api/v1/cases/", data={"overdue": "true"}).json()
    assert [c["id"] for c in body["results"]] == [str(late.pk)]
    assert body["results"][0]["open_tasks"][0]["overdue"] is True
    assert body["results"][0]["deadlines"][0]["overdue"] is True
    body = api.get(world.secretary, "/api/v1/cases/", data={"overdue": "false"}).json()
    assert [c["id"] for c in body["results"]] == [str(on_time.pk)]


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_cases(api, world, django_assert_max_num_queries):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(world.secretary, "/api/v1/cases/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _submit(world)
    count()  # warm the per-user role cache
    few = count()
    for i in range(5):
        _submit(world, title=f"Flere {i}")
    many = count()
    assert many == few
    with django_assert_max_num_queries(10):
        response = api.get(world.secretary, "/api/v1/cases/")
    assert len(response.json()["results"]) == 6


def test_events_are_the_audit_trail(api, world):
    case = _submit(world)
    task_id = api.get(world.secretary, f"/api/v1/cases/{case.pk}/").json()["open_tasks"][0]["id"]
    api.post(world.secretary, f"/api/v1/tasks/{task_id}/claim/")
    response = api.get(world.proposer, f"/api/v1/cases/{case.pk}/events/")
    assert response.status_code == 200
    events = response.json()
    assert [e["action"] for e in events] == ["submitted", "task_claimed"]
    assert set(events[0]) == {"at", "actor", "action", "from_status", "to_status", "data"}
    assert events[0]["actor"] == "forslagsstiller"
    assert events[0]["to_status"] == "submitted"
    assert events[1]["actor"] == "sekretar"
    assert events[1]["data"] == {"task": task_id, "name": "screen"}
