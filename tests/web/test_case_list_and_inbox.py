"""The case list (search, filters, order, next deadline, pages) and the inbox (tasks, and the
statements and consultations a party is asked for), and reassignment by the secretariat."""

import re
from datetime import timedelta

from cases import calendar
from cases.models import Deadline, TaskTransfer
from tests.factories import UserFactory
from tests.journey import (
    open_task,
    reload,
    submit,
    to_consultation,
    to_investigation,
)
from workflows import engine
from workflows.task_transfer import actions


def _references(html: str) -> list[str]:
    return re.findall(r'data-label="Referanse"><a href="[^"]+">([^<]+)</a>', html)


def test_the_case_list_searches_reference_ssu_number_title_and_text(client, world):
    first = submit(world, title="Hjemmedialyse")
    second = submit(world, title="Sårstell", task_description="Stell av kroniske sår i hjemmet.")
    third = to_investigation(world, title="Blodprøver")
    client.force_login(world.secretary)

    def found(query):
        return _references(client.get("/saker/", {"q": query}).content.decode())

    assert found("Hjemmedialyse") == [first.reference]
    assert found("kroniske sår") == [second.reference]  # the proposal's text
    assert found(third.ssu_case_number) == [third.reference]
    assert found(second.reference) == [second.reference]
    assert sorted(found("")) == sorted([first.reference, second.reference, third.reference])


def test_the_case_list_filters_by_status_party_mine_and_overdue(client, world):
    mine = submit(world, title="Forslag fra Harstad")
    other = to_investigation(world, title="Under utredning")
    task = open_task(mine, "screen")
    Deadline.objects.filter(task_id=task.pk).update(due_on=calendar.today() - timedelta(days=2))
    client.force_login(world.proposer)

    def found(**query):
        return _references(client.get("/saker/", query).content.decode())

    assert found(status="under_investigation") == [other.reference]
    assert found(overdue="on") == [mine.reference]
    assert set(found(party=world.harstad.pk)) == {mine.reference, other.reference}
    assert set(found(mine="on")) == {mine.reference, other.reference}  # opened both
    assert "Oversittet" in client.get("/saker/", {"overdue": "on"}).content.decode()
    client.force_login(world.secretary)
    assert found(mine="on") == []  # the secretary opened none and holds no task
    engine.task_claim(task_id=open_task(other, "recommend").pk, user=world.panel_people["legal"])
    client.force_login(world.panel_people["legal"])
    assert found(mine="on") == [other.reference]  # holds its task


def test_the_case_list_orders_by_deadline_and_pages(client, world):
    cases = [submit(world, title=f"Forslag {i:02d}") for i in range(27)]
    soonest = cases[5]
    Deadline.objects.filter(case=soonest).update(due_on=calendar.today() + timedelta(days=1))
    client.force_login(world.secretary)
    page1 = client.get("/saker/", {"order": "deadline"}).content.decode()
    assert _references(page1)[0] == soonest.reference
    assert len(_references(page1)) == 25
    assert "Side 1 av 2" in page1
    page2 = client.get("/saker/", {"order": "deadline", "page": 2}).content.decode()
    assert len(_references(page2)) == 2
    assert soonest.reference not in _references(page2)
    by_title = _references(client.get("/saker/", {"order": "title"}).content.decode())
    titles = dict(TaskTransfer.objects.values_list("reference", "title"))
    assert [titles[r] for r in by_title] == sorted(titles[r] for r in by_title)


def test_a_bad_filter_value_is_ignored_not_an_error(client, world):
    submit(world)
    client.force_login(world.secretary)
    response = client.get("/saker/", {"party": "x", "order": "nonsense", "status": "zzz"})
    assert response.status_code == 200
    assert len(_references(response.content.decode())) == 1


def test_a_statement_request_is_a_task_in_the_addressed_partys_inbox(client, world):
    """R-TT-5: the unit asked for a statement finds it in its inbox and answers it there."""
    case = to_investigation(world)
    world.unit.head = UserFactory(party=world.trust, first_name="Kari", last_name="Klinikk")
    world.unit.save()
    request = actions.request_statement(
        case=case, actor=world.panel_people["legal"], party=world.trust, unit=world.unit
    )
    client.force_login(world.unit.head)
    home = client.get("/").content.decode()
    assert "Forespørsler til din part" in home
    assert f"Uttalelse fra {request.recipient}" in home and case.reference in home
    page = client.get(f"/saker/{case.pk}/").content.decode()
    assert "Registrer uttalelse" in page
    response = client.post(
        f"/saker/{case.pk}/uttalelser/{request.pk}/", {"text": "Klinikken støtter forslaget."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.received_at and request.received_by == world.unit.head
    assert "Forespørsler til din part" not in client.get("/").content.decode()
    # another party's user is not asked, and may not answer
    client.force_login(world.proposer)
    assert "Forespørsler til din part" not in client.get("/").content.decode()


def test_a_consultation_is_a_task_for_each_consultee_until_it_answers(client, world):
    """R-TT-8: each consultee's users find the consultation in their inbox."""
    case = to_consultation(world, [world.tromso, world.harstad])
    client.force_login(world.proposer)  # Harstad
    assert "Høringssvar" in client.get("/").content.decode()
    actions.respond_to_consultation(
        case=reload(case), actor=world.proposer, party=world.harstad, text="Harstad støtter."
    )
    assert "Forespørsler til din part" not in client.get("/").content.decode()
    client.force_login(world.ssu_municipality)  # Tromsø has not answered
    assert "Høringssvar" in client.get("/").content.decode()


def test_the_secretariat_gives_a_task_to_someone_with_its_role(client, world):
    case = submit(world)
    task = open_task(case, "screen")
    client.force_login(world.secretary)
    page = client.get(f"/saker/{case.pk}/").content.decode()
    assert "Fordel" in page and world.secretary2.get_full_name() in page
    url = f"/saker/{case.pk}/oppgaver/{task.pk}/fordel/"
    assert client.post(url, {"user": world.proposer.pk}).status_code == 302
    task.refresh_from_db()
    assert task.owner_id is None  # the proposer lacks the role: refused
    assert client.post(url, {"user": world.secretary2.pk}).status_code == 302
    task.refresh_from_db()
    assert (task.owner, task.status) == (world.secretary2, "ASSIGNED")
    event = case.events.get(action="task_reassigned")
    assert event.actor == world.secretary
    assert event.data["assignee"] == world.secretary2.pk
    # someone outside the secretariat is not offered it, and is refused
    client.force_login(world.proposer)
    assert "Fordel" not in client.get(f"/saker/{case.pk}/").content.decode()
    client.post(url, {"user": world.secretary.pk})
    task.refresh_from_db()
    assert task.owner == world.secretary2
