"""`GET /api/v1/cases/?changed_after=<cursor>`: the change feed (`cases.changes`).

Transactional, so the values PostgreSQL gives at commit are there to read on both databases.
The race it exists for is proved in tests/api/test_changed_after_pg.py.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from viewflow.workflow.models import Task

from cases import calendar
from cases.models import Case, Deadline
from cases.services.deadlines import deadlines_escalate_missed
from cases.services.documents import document_upload
from tests.factories import proposal
from workflows import engine
from workflows.task_transfer.actions import submit_proposal

pytestmark = pytest.mark.django_db(transaction=True)

FEED = "/api/v1/cases/?changed_after="
SCREEN_OK = {"decision": "proceed", "criteria": {k: True for k in "abcdefg"}}


def _submit(world, title="Sak"):
    return submit_proposal(
        community=world.community, proposer=world.proposer, data=proposal(title=title)
    )


def _seq(case) -> int:
    return Case.objects.values_list("change_seq", flat=True).get(pk=case.pk)


def _open_task(case):
    return Task.objects.get(
        process=case.process, flow_task_type="HUMAN", status__in=engine.OPEN_STATES
    )


def _poll(api, user, cursor, **params):
    query = "".join(f"&{k}={v}" for k, v in params.items())
    response = api.get(user, f"{FEED}{cursor}{query}")
    assert response.status_code == 200, response.json()
    body = response.json()
    return [row["id"] for row in body["results"]], body


def test_the_feed_gives_changed_cases_in_change_order_and_the_cursor_to_use_next(api, world):
    first, second = _submit(world, "Først"), _submit(world, "Så")
    ids, body = _poll(api, world.secretary, "0")
    assert ids == [str(first.pk), str(second.pk)]
    assert body["next_cursor"] == str(_seq(second))
    assert body["next"] is None

    engine.task_claim(task_id=_open_task(first).pk, user=world.secretary)
    ids, body = _poll(api, world.secretary, body["next_cursor"])
    assert ids == [str(first.pk)]
    cursor = body["next_cursor"]

    ids, body = _poll(api, world.secretary, cursor)
    assert ids == []
    assert body["next_cursor"] == cursor


def test_the_feed_pages_and_follows_the_other_filters(api, world):
    cases = [_submit(world, f"Sak {i}") for i in range(3)]
    ids, body = _poll(api, world.secretary, "0", page_size=2)
    assert ids == [str(c.pk) for c in cases[:2]]
    assert f"changed_after={body['next_cursor']}" in body["next"]
    ids, body = _poll(api, world.secretary, body["next_cursor"], page_size=2)
    assert ids == [str(cases[2].pk)]
    assert body["next"] is None

    engine.task_claim(task_id=_open_task(cases[1]).pk, user=world.secretary)
    ids, _ = _poll(api, world.secretary, "0", status="submitted")
    assert ids == [str(cases[0].pk), str(cases[2].pk), str(cases[1].pk)]


def test_the_feed_shows_only_cases_the_caller_may_see(api, world):
    """R-PTY-2: the feed is the case list, so a case of other parties is not in it."""
    _submit(world)
    ids, body = _poll(api, world.outsider, "0")
    assert ids == []
    assert body["next_cursor"] == "0"


@pytest.mark.parametrize("cursor", ["abc", "-1", "1.5", " ", "9" * 30, "١٢"])
def test_an_invalid_cursor_is_a_400_problem(api, world, cursor):
    response = api.get(world.secretary, f"{FEED}{cursor}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "invalid_cursor"


def _claim(api, world, case):
    engine.task_claim(task_id=_open_task(case).pk, user=world.secretary)


def _release(api, world, case):
    _claim(api, world, case)
    before = _seq(case)
    engine.task_release(task_id=_open_task(case).pk, user=world.secretary)
    return before


def _reassign(api, world, case):
    engine.task_reassign(
        task_id=_open_task(case).pk, user=world.secretary, to_user=world.secretary2
    )


def _document(api, world, case):
    upload = SimpleUploadedFile("notat.txt", b"Et notat.", content_type="text/plain")
    document_upload(case=case.specific, actor=world.proposer, upload=upload)


def _missed_deadline(api, world, case):
    Deadline.objects.filter(case=case).update(due_on=calendar.today() - timedelta(days=3))
    assert deadlines_escalate_missed() == 1


def _complete_screening(api, world, case):
    """Completing a task also closes its deadline and creates the next task."""
    _claim(api, world, case)
    before = _seq(case)
    task = _open_task(case)
    response = api.post(world.secretary, f"/api/v1/tasks/{task.pk}/complete/", SCREEN_OK)
    assert response.status_code == 200, response.json()
    return before


@pytest.mark.parametrize(
    "change",
    [_claim, _release, _reassign, _document, _missed_deadline, _complete_screening],
    ids=lambda f: f.__name__.strip("_"),
)
def test_every_change_path_moves_the_case_forward_in_the_feed(api, world, change):
    case, other = _submit(world), _submit(world)
    before = _seq(case)
    before = change(api, world, case) or before
    assert _seq(case) > max(before, _seq(other))
    ids, _ = _poll(api, world.secretary, str(_seq(other)))
    assert ids == [str(case.pk)]
