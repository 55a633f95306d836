"""Claiming and releasing in the browser goes through the engine, like the API."""

import pytest

from tests.journey import open_task, submit


@pytest.fixture
def screen_task(world):
    case = submit(world)
    task = open_task(case, "screen")
    return case, task


def _url(task, action):
    return f"/tasktransfer/{task.process_id}/{task.flow_task.name}/{task.pk}/{action}/"


def test_claim_in_the_web_records_an_event_and_release_puts_it_back(client, world, screen_task):
    case, task = screen_task
    client.force_login(world.secretary)
    response = client.post(_url(task, "assign"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "ASSIGNED" and task.owner == world.secretary
    assert case.events.filter(action="task_claimed", actor=world.secretary).count() == 1

    response = client.post(_url(task, "unassign"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "NEW" and task.owner is None
    assert case.events.filter(action="task_released").count() == 1


def test_claim_in_the_web_without_the_role_changes_nothing(client, world, screen_task):
    case, task = screen_task
    client.force_login(world.ssu_trust)
    response = client.post(_url(task, "assign"))
    assert response.status_code in (302, 403)
    task.refresh_from_db()
    assert task.status == "NEW" and task.owner is None
    assert not case.events.filter(action="task_claimed").exists()


def test_the_proposer_withdraws_from_the_case_page(client, world, screen_task):
    """R-AUD-1: withdrawal is offered to the proposer only, and the case stays as withdrawn."""
    case, task = screen_task
    url = f"/saker/{case.pk}/"
    client.force_login(world.ssu_trust)
    assert "withdraw-form" not in client.get(url).content.decode()
    client.post(f"{url}trekk/", {"reason": "Prøver meg"})
    assert case.events.filter(action="withdrawn").count() == 0

    client.force_login(world.proposer)
    assert "Trekk forslaget" in client.get(url).content.decode()
    response = client.post(f"{url}trekk/", {"reason": "Løst lokalt."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Trukket av forslagsstiller" in page
    assert "Forslaget trukket" in page
    assert "withdraw-form" not in page
    task.refresh_from_db()
    assert task.status == "CANCELED"
