"""viewflow's bulk assign (queue) and unassign (inbox) pages: they take only tasks the user
may see and act on, go through the engine, and record the same events as the API (R-AUD-1)."""

from cases.models import CaseEvent
from tests.factories import UserFactory
from tests.journey import open_task, submit

ASSIGN = "/tasktransfer/queue/assign/"
UNASSIGN = "/tasktransfer/inbox/unassign/"


def _bulk(client, url, task, *, confirm: bool):
    data = {"pk": [task.pk]}
    if confirm:
        data["_confirm"] = "1"
    return client.post(url, data)


def test_R_AUD_1_bulk_claim_and_release_are_events_like_the_apis(client, world):
    """R-AUD-1: the claim and the release from the bulk pages are recorded."""
    case = submit(world)
    task = open_task(case, "screen")
    client.force_login(world.secretary)
    confirm_page = _bulk(client, ASSIGN, task, confirm=False)
    assert confirm_page.status_code == 200
    assert "Vurdere forslaget mot kriteriene" in confirm_page.content.decode()
    assert _bulk(client, ASSIGN, task, confirm=True).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.owner) == ("ASSIGNED", world.secretary)
    claimed = CaseEvent.objects.get(case_id=case.pk, action="task_claimed")
    assert (claimed.actor, claimed.data) == (world.secretary, {"task": task.pk, "name": "screen"})

    assert _bulk(client, UNASSIGN, task, confirm=True).status_code == 302
    task.refresh_from_db()
    assert (task.status, task.owner_id) == ("NEW", None)
    released = CaseEvent.objects.get(case_id=case.pk, action="task_released")
    assert released.data == {"task": task.pk, "name": "screen"}


def test_a_task_the_user_may_not_see_is_neither_shown_nor_taken(client, world):
    """A patient, or a user of another community, posting a task id is shown nothing of it
    and changes nothing."""
    case = submit(world, title="Et forslag bare partene ser")
    task = open_task(case, "screen")
    for user in (UserFactory(party=None), world.outsider):
        client.force_login(user)
        page = _bulk(client, ASSIGN, task, confirm=False).content.decode()
        assert "Et forslag bare partene ser" not in page
        assert "Vurdere forslaget" not in page
        _bulk(client, ASSIGN, task, confirm=True)
        task.refresh_from_db()
        assert task.status == "NEW" and task.owner_id is None
    assert not CaseEvent.objects.filter(case_id=case.pk, action="task_claimed").exists()


def test_a_user_without_the_role_takes_nothing_in_bulk(client, world):
    """The SSU member can see the case but holds no secretariat role: nothing is claimed."""
    case = submit(world)
    task = open_task(case, "screen")
    client.force_login(world.ssu_trust)
    _bulk(client, ASSIGN, task, confirm=True)
    task.refresh_from_db()
    assert task.status == "NEW" and task.owner_id is None
    assert not CaseEvent.objects.filter(case_id=case.pk, action="task_claimed").exists()


def test_a_task_of_a_case_the_role_holder_may_not_see_is_not_taken_in_bulk(client, world, review):
    """The Tromsø secretariat member holds the task's role, but the case concerns only
    Harstad: the bulk page neither shows nor takes it."""
    from viewflow.workflow.models import Task

    case = review.review_open(
        community=world.community,
        actor=world.proposer,
        title="Gjelder bare Harstad",
        parties=[world.harstad],
    )
    task = Task.objects.get(process__caseprocess__case_id=case.pk, status="NEW")
    assert world.secretary2.has_perm(task.owner_permission)
    client.force_login(world.secretary2)
    page = _bulk(client, "/review/queue/assign/", task, confirm=False).content.decode()
    assert "Svar på spørsmålet" not in page
    _bulk(client, "/review/queue/assign/", task, confirm=True)
    task.refresh_from_db()
    assert task.status == "NEW" and task.owner_id is None
