"""Polling a case costs one query for its number once its representation is built
(`api.representation`): what is served must always be what a fresh build gives, the `ETag`
must name one body, and a `304` must read nothing but the numbers.

These tests commit (`transaction=True`): the numbers are given at commit on PostgreSQL, and a
representation is cached only outside a transaction, as every real request is served."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from api import representation
from api.representation import Versions, entries, numbers_trusted
from api.views.common import case_representation, etag_of
from bench import processes
from cases import calendar
from cases.models import Case, CaseEvent
from cases.roles import forget_roles
from cases.selectors import visible_ids
from cases.services.events import record_event
from cases.services.links import link_cases
from tests.disputes import LADDER_B, open_dispute, sides_on
from tests.factories import build_world, proposal
from tests.journey import open_task
from workflows import engine
from workflows.registry import specs
from workflows.task_transfer.actions import submit_proposal


class _Request:
    def __init__(self, user):
        self.user = user


def _served(case_id, user):
    """What a GET of the case serves the user now, and its ETag (the view's own path)."""
    case = Case.objects.only("pk", "updated_at", "change_seq").get(pk=case_id)
    versions = Versions.of([case], _Request(user))
    etag = versions.etag()
    (body,) = versions.bodies()
    return body, (etag if versions.trusted else etag_of(body))


def _get(user, url, **headers):
    forget_roles(user)
    client = APIClient()
    client.force_authenticate(user=user)
    return client.get(url, **headers)


def _proposed():
    """A world with one proposal in it, and the proposal's URL."""
    world = build_world()
    case = submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
    return world, case, f"/api/v1/cases/{case.pk}/"


def _tables(queries) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", [spec.kind for spec in specs()])
def test_after_every_committed_step_each_process_is_served_as_built_afresh(kind):
    """R-AUD-1's change numbers name the representation: after each commit of a whole run of
    every registered process (bench/processes.py), the case as served (from the cache where
    an earlier check put it) equals a fresh build, and one ETag never names two bodies."""
    cast = processes.cast()
    viewer = cast.world.secretary
    cases, bodies_by_etag, checks = set(), {}, []

    def check():
        for pk in cases:
            served, etag = _served(pk, viewer)
            fresh = case_representation(pk, request=_Request(viewer))
            assert served == fresh, (pk, checks[-1:] if checks else None)
            assert bodies_by_etag.setdefault(etag, fresh) == fresh
            checks.append(etag)

    def on_event(sender, instance, created, **kwargs):
        cases.add(instance.case_id)
        transaction.on_commit(check)

    post_save.connect(on_event, sender=CaseEvent, dispatch_uid="polling-check")
    try:
        process = processes.RUNS[kind]
        process.run(cast, 0, process.given(cast, 0))
    finally:
        post_save.disconnect(sender=CaseEvent, dispatch_uid="polling-check")
    check()
    assert len(set(checks)) >= 5  # the case was seen in that many different states


@pytest.mark.django_db(transaction=True)
def test_a_304_reads_the_case_number_and_nothing_the_representation_shows():
    world, case, url = _proposed()
    first = _get(world.secretary, url)
    assert first.status_code == 200 and numbers_trusted()
    with CaptureQueriesContext(connection) as queries:
        again = _get(world.secretary, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    # The caller's seats and the case's number under the visibility rule; its links come
    # with the cached representation (it has none, so no visibility to ask for them).
    assert len(queries) == 2, _tables(queries)
    sql = _tables(queries)
    for table in ("viewflow_task", "cases_deadline", "auth_user", "cases_party"):
        assert f'"{table}"' not in sql, sql


@pytest.mark.django_db(transaction=True)
def test_a_second_get_is_served_from_the_cache_and_a_change_is_not():
    world, case, url = _proposed()
    first = _get(world.secretary, url)
    with CaptureQueriesContext(connection) as queries:
        second = _get(world.secretary, url)
    assert second.json() == first.json() and second["ETag"] == first["ETag"]
    assert "viewflow_task" not in _tables(queries)  # not built again

    engine.task_claim(task_id=open_task(case, "screen").pk, user=world.secretary)
    third = _get(world.secretary, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert third.status_code == 200 and third["ETag"] != first["ETag"]
    assert third.json()["open_tasks"][0]["assignee"] == world.secretary.username
    assert third.json() == case_representation(case.pk, request=_Request(world.secretary))


@pytest.mark.django_db(transaction=True)
def test_the_list_answers_304_from_its_page_of_numbers_and_changes_with_any_case():
    world = build_world()
    cases = [
        submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
        for _ in range(3)
    ]
    url = "/api/v1/cases/?page_size=2"
    first = _get(world.secretary, url)
    assert first.status_code == 200 and len(first.json()["results"]) == 2
    with CaptureQueriesContext(connection) as queries:
        again = _get(world.secretary, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "viewflow_task" not in _tables(queries)

    shown = first.json()["results"][0]["id"]
    record_event(Case.objects.get(pk=shown), actor=None, action="note")
    changed = _get(world.secretary, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    viewer = _Request(world.secretary)
    for row in changed.json()["results"]:
        assert row == case_representation(row["id"], request=viewer)
    assert len(cases) == 3


@pytest.mark.django_db(transaction=True)
def test_the_etag_turns_at_midnight_when_a_deadline_becomes_overdue(monkeypatch):
    """R-DL-3: `overdue` is read against today; the day is part of what names the body."""
    world, case, url = _proposed()
    first = _get(world.secretary, url)
    due = max(d["due_on"] for d in first.json()["deadlines"])
    later = calendar.today() + timedelta(days=400)
    monkeypatch.setattr(calendar, "today", lambda: later)
    after = _get(world.secretary, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert later.isoformat() > due
    assert all(d["overdue"] for d in after.json()["deadlines"] if d["state"] == "open")


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_during_a_build_is_neither_cached_nor_named_by_number(monkeypatch):
    world, case, url = _proposed()
    build = representation._build

    def build_then_change(pks, request):
        built = build(pks, request)
        record_event(Case.objects.get(pk=case.pk), actor=None, action="note")  # commits
        return built

    monkeypatch.setattr(representation, "_build", build_then_change)
    number = Case.objects.get(pk=case.pk).change_seq
    response = _get(world.secretary, url)
    assert response.status_code == 200
    assert response["ETag"] == etag_of(response.json())  # the body's own hash
    key = representation._key(representation._names(), case.pk, number)
    assert entries.get_many([key]) == {}
    assert Case.objects.get(pk=case.pk).change_seq != number


@pytest.mark.django_db
def test_inside_a_transaction_only_sqlite_numbers_are_trusted(world):
    """PostgreSQL numbers a change at COMMIT: inside a transaction the validator is the body's
    hash there, and the number on SQLite, which numbers each write as it is made."""
    case = submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
    with transaction.atomic():
        assert numbers_trusted() == (connection.vendor != "postgresql")
        served, etag = _served(case.pk, world.secretary)
        assert served == case_representation(case.pk, request=_Request(world.secretary))
        if connection.vendor == "postgresql":
            assert etag == etag_of(served)


@pytest.mark.django_db(transaction=True)
def test_cached_links_are_cut_to_what_each_caller_may_see():
    """R-PTY-2: the representation is cached once for all callers; the links each caller is
    shown are still only the linked cases that caller may see."""
    world = build_world()
    sides = sides_on(world, LADDER_B)
    origin = open_dispute(sides, subject="Opprinnelig sak")
    case = submit_proposal(community=world.community, proposer=world.proposer, data=proposal())
    link_cases(origin, case, relation="opened_from")
    url = f"/api/v1/cases/{case.pk}/"
    sees_all, sees_case = sides.trust, world.proposer
    assert set(visible_ids(sees_case, {case.pk, origin.pk})) == {case.pk}
    assert set(visible_ids(sees_all, {case.pk, origin.pk})) == {case.pk, origin.pk}
    full = _get(sees_all, url)
    cut = _get(sees_case, url)
    assert [link["id"] for link in full.json()["links"]] == [str(origin.pk)]
    assert cut.json()["links"] == [] and cut["ETag"] != full["ETag"]
    assert cut.json() == case_representation(case.pk, request=_Request(sees_case))
    assert _get(sees_case, url, HTTP_IF_NONE_MATCH=full["ETag"]).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_new_release_of_the_code_names_new_versions(monkeypatch):
    """A deploy may change what the code derives (status texts, task titles, the shape): no
    ETag or kept representation of the old code is taken for the new one."""
    world, case, url = _proposed()
    first = _get(world.secretary, url)
    monkeypatch.setattr(representation, "release", lambda: "another-release")
    with CaptureQueriesContext(connection) as queries:
        after = _get(world.secretary, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert '"viewflow_task"' in _tables(queries)  # built again for the new release
