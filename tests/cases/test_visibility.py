"""Visibility per case kind (R-PTY-2): `cases.selectors` asks each kind's rule. A case that
concerns only Harstad is not shown to a Tromsø SSU member, a Tromsø employee or a user of
another community, in lists, details, events, tasks and web pages alike; a denial changes
nothing. Task transfers widen the default for the bodies that handle them."""

import pytest
from viewflow.workflow.models import Task

from cases.selectors import cases_visible_to
from tests.factories import UserFactory
from tests.journey import submit


@pytest.fixture
def harstad_case(review, world):
    return review.review_open(
        community=world.community,
        actor=world.proposer,  # a Harstad user
        title="Gjelder bare Harstad",
        parties=[world.harstad],
    )


def _strangers(world):
    return {
        "SSU-medlem fra Tromsø": world.ssu_municipality,
        "ansatt i Tromsø": UserFactory(party=world.tromso),
        "bruker i et annet helsefellesskap": world.outsider,
        "pasient uten part": UserFactory(party=None),
    }


def test_R_PTY_2_a_case_of_one_municipality_is_hidden_from_the_others_in_the_api(
    api, world, harstad_case
):
    """R-PTY-2: lists, details, events and tasks of the API."""
    harstad_user = UserFactory(party=world.harstad)
    assert str(harstad_case.pk) in [
        c["id"] for c in api.get(harstad_user, "/api/v1/cases/").json()["results"]
    ]
    task = Task.objects.get(process__caseprocess__case_id=harstad_case.pk, status="NEW")
    for who, user in _strangers(world).items():
        listed = api.get(user, "/api/v1/cases/").json()["results"]
        assert str(harstad_case.pk) not in [c["id"] for c in listed], who
        assert api.get(user, f"/api/v1/cases/{harstad_case.pk}/").status_code == 404, who
        assert api.get(user, f"/api/v1/cases/{harstad_case.pk}/events/").status_code == 404, who
        assert api.get(user, f"/api/v1/tasks/{task.pk}/").status_code == 404, who
        queue = api.get(user, "/api/v1/tasks/?scope=queue").json()
        assert task.pk not in [t["id"] for t in queue], who
        docs = api.get(user, f"/api/v1/cases/{harstad_case.pk}/documents/")
        assert docs.status_code == 404, who


def test_R_PTY_2_a_denial_changes_nothing(api, world, harstad_case):
    """R-PTY-2: a Tromsø secretariat member holds the task's role but cannot see the case:
    claiming it answers 404 and the task stays unclaimed, with no event."""
    task = Task.objects.get(process__caseprocess__case_id=harstad_case.pk, status="NEW")
    assert world.secretary2.has_perm(task.owner_permission)
    response = api.post(world.secretary2, f"/api/v1/tasks/{task.pk}/claim/")
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == "NEW" and task.owner_id is None
    assert not harstad_case.events.filter(action="task_claimed").exists()


def test_R_PTY_2_a_case_of_one_municipality_is_hidden_on_the_web_pages(client, world, harstad_case):
    """R-PTY-2: case list, case page, home page task tables and the flow's pages."""
    task = Task.objects.get(process__caseprocess__case_id=harstad_case.pk, status="NEW")
    for who, user in _strangers(world).items():
        client.force_login(user)
        assert harstad_case.reference not in client.get("/saker/").content.decode(), who
        assert client.get(f"/saker/{harstad_case.pk}/").status_code == 404, who
        assert harstad_case.reference not in client.get("/").content.decode(), who
        detail = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        assert client.get(detail).status_code == 404, who
    client.force_login(world.proposer)
    assert harstad_case.reference in client.get("/saker/").content.decode()
    assert client.get(f"/saker/{harstad_case.pk}/").status_code == 200


def test_R_PTY_2_task_transfers_are_visible_to_the_bodies_that_handle_them(world):
    """R-PTY-2, R-TT-2 f: the kind's own rule widens the default: the community's SSU,
    secretariat and GP council see every task transfer of their community."""
    case = submit(world)
    for user in (world.ssu_municipality, world.secretary2, world.gp):
        assert cases_visible_to(user).filter(pk=case.pk).exists()
    assert not cases_visible_to(world.outsider).filter(pk=case.pk).exists()


def test_R_PTY_2_the_selector_asks_each_kinds_rule(world, harstad_case):
    """R-PTY-2: the same user sees a task transfer of the community (its rule) but not the
    other kind's case that does not concern the user's party (the default rule)."""
    transfer = submit(world)
    visible = set(cases_visible_to(world.ssu_municipality).values_list("pk", flat=True))
    assert transfer.pk in visible and harstad_case.pk not in visible
