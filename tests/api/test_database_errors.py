"""A database that is restarting or unreachable is a 503 problem with Retry-After, on every
database; tests/ops/test_database_restart.py proves it against a real PostgreSQL restart."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError

from workflows import engine


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("terminating connection due to administrator command"),
        InterfaceError("connection already closed"),
    ],
)
def test_a_lost_database_connection_is_a_503_problem(api, world, error):
    case_id = api.submit(world.proposer)["id"]
    task_id = api.open_task(world.secretary, case_id)["id"]
    with mock.patch.object(engine, "task_claim", side_effect=error):
        response = api.post(world.secretary, f"/api/v1/tasks/{task_id}/claim/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "2"
    body = response.json()
    assert body["code"] == "database_unavailable"
    assert "administrator" not in body["detail"] and "closed" not in body["detail"]


def test_a_row_lock_not_granted_in_time_is_case_busy(api, world):
    """A lock_timeout inside a service (PostgreSQL's SQLSTATE 55P03) is the same 503
    `case_busy` as a flow lock that could not be taken."""
    case_id = api.submit(world.proposer)["id"]
    task_id = api.open_task(world.secretary, case_id)["id"]

    class LockNotAvailable(Exception):
        sqlstate = "55P03"

    error = OperationalError("canceling statement due to lock timeout")
    error.__cause__ = LockNotAvailable()
    with mock.patch.object(engine, "task_claim", side_effect=error):
        response = api.post(world.secretary, f"/api/v1/tasks/{task_id}/claim/")
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response.json()["code"] == "case_busy"


class _PgError(Exception):
    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "unavailable"),
    [
        ("08006", True),  # connection_failure
        ("57P01", True),  # admin_shutdown (the server is restarting)
        ("57P03", True),  # cannot_connect_now (still starting)
        ("53100", False),  # disk_full: not something a retry in two seconds mends
        ("42P01", False),  # undefined_table: our fault, a 500
    ],
)
def test_only_a_lost_or_refused_connection_counts_as_an_unavailable_database(sqlstate, unavailable):
    from cases.errors import database_unavailable

    error = OperationalError("…")
    error.__cause__ = _PgError(sqlstate)
    assert database_unavailable(error) is unavailable
