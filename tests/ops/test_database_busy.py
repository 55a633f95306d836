"""Two clients writing at once on the embedded SQLite default (issue 12: "database is locked",
5 of 5 races): WAL, IMMEDIATE transactions and a busy timeout make the second writer wait; a
lock held past the timeout is a 503 problem with `Retry-After` in the API and a Norwegian 503
page on the web, never a 500, and nothing is changed."""

import sqlite3
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from cases.models import Case, CaseEvent
from tests.api.conftest import assert_problem, raw_client
from tests.factories import proposal

SQLITE = "django.db.backends.sqlite3"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A file SQLite database with the project's SQLite options, as alias `race`."""
    alias = "race"
    race = {
        "ENGINE": SQLITE,
        "NAME": str(tmp_path / "race.sqlite3"),
        "OPTIONS": dict(settings.SAKSFLYT_SQLITE_OPTIONS),
    }
    configured = connections.configure_settings({"default": {}, alias: race})
    connections.settings[alias] = configured[alias]
    with django_db_blocker.unblock():
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def test_two_writers_at_once_both_succeed_and_neither_update_is_lost(sqlite_file):
    alias = sqlite_file
    with connections[alias].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("CREATE TABLE counter (n integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    barrier, results = threading.Barrier(2), []

    def read_then_write():
        try:
            barrier.wait()
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                n = cursor.fetchone()[0]
                time.sleep(0.3)  # the other writer starts meanwhile
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
            results.append("ok")
        except OperationalError as exc:
            results.append(str(exc))
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=read_then_write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == ["ok", "ok"]
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone()[0] == 2


def _submit(world):
    return raw_client(world.proposer).post("/api/v1/task-transfers/", proposal(), format="json")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock")
def test_a_write_lock_held_by_another_connection_is_a_503_problem(world, settings):
    """A second connection holds SQLite's write lock past the busy timeout."""
    holder = DatabaseWrapper({**connection.settings_dict}, alias="holder")
    holder.settings_dict["OPTIONS"] = {**holder.settings_dict["OPTIONS"], "timeout": 0}
    before = (Case.objects.count(), CaseEvent.objects.count())
    with holder.cursor() as cursor:
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute("UPDATE cases_party SET name = name")
        try:
            response = _submit(world)
        finally:
            cursor.execute("ROLLBACK")
    holder.close()
    body = assert_problem(response, 503, "database_busy")
    assert response["Retry-After"] == "2"
    assert body["detail"] == "Databasen er opptatt akkurat nå; prøv igjen om litt."
    assert (Case.objects.count(), CaseEvent.objects.count()) == before
    assert _submit(world).status_code == 201  # the lock is gone: the same request works


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")


def test_a_busy_database_is_a_503_problem_in_the_api(world, monkeypatch):
    monkeypatch.setattr("api.views.task_transfers.actions.submit_proposal", _locked)
    before = Case.objects.count()
    response = _submit(world)
    assert_problem(response, 503, "database_busy")
    assert response["Retry-After"] == "2"
    assert Case.objects.count() == before


def test_a_busy_database_is_a_norwegian_503_page_on_the_web(world, client, monkeypatch):
    monkeypatch.setattr("workflows.web.views.HomeView.get_context_data", _locked)
    client.force_login(world.secretary)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert "Prøv igjen om litt" in response.content.decode()


def test_other_database_errors_are_not_called_busy(world, monkeypatch):
    """An SQLite error other than its held write lock is our fault: a 500, not a 503."""

    def broken(*args, **kwargs):
        raise OperationalError("no such column: x") from sqlite3.OperationalError("no such column")

    monkeypatch.setattr("api.views.task_transfers.actions.submit_proposal", broken)
    assert_problem(_submit(world), 500, "server_error")
