"""Query budgets: SQL statements per API request, counted in the server's own process
(Django's test client, the bench settings, the real PostgreSQL), authenticated by token."""

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from api.representation import entries
from tests.journey import ALL_MET, open_task
from workflows import engine

from .data import api_client, token_for
from .table import Table


def statements(client, method: str, path: str, expect: int, **kwargs) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, **kwargs)
    assert response.status_code == expect, (path, response.status_code, response.content[:300])
    return len(queries)


def _authed(user):
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


def run(table: Table, cast, population) -> None:
    w = cast.world
    secretary, secretary2 = _authed(w.secretary), _authed(w.secretary2)
    case = population.cases[0]
    url = f"/api/v1/cases/{case.pk}/"
    entries.clear()  # built afresh, then served from what the worker keeps, then a 304
    built = statements(secretary, "get", url, 200)
    kept = statements(secretary, "get", url, 200)
    etag = secretary.get(url)["ETag"]
    unchanged = statements(secretary, "get", url, 304, HTTP_IF_NONE_MATCH=etag)
    table.add("2", "SQL per sakdetalj: bygd / fra minnet / 304", f"{built} / {kept} / {unchanged}")
    small_n, large_n = population.inbox_small, population.inbox_large
    counts = {}
    for n in (small_n, large_n):
        entries.clear()
        counts[n] = statements(secretary, "get", f"/api/v1/cases/?page_size={n}", 200)
    table.add(
        "2",
        f"SQL per saksliste, {large_n} saker (bygd)",
        str(counts[large_n]),
        f"{counts[small_n]} ved {small_n} saker",
        target="lik",
        met=counts[large_n] == counts[small_n],
    )
    kept = statements(secretary, "get", f"/api/v1/cases/?page_size={large_n}", 200)
    table.add("2", f"SQL per saksliste, {large_n} saker (fra minnet)", str(kept))
    small = statements(secretary2, "get", "/api/v1/tasks/?scope=inbox", 200)
    large = statements(secretary, "get", "/api/v1/tasks/?scope=inbox", 200)
    table.add(
        "2",
        f"SQL per innboks, {large_n} oppgaver",
        str(large),
        f"{small} ved {small_n} oppgaver",
        target="lik",
        met=large == small,
    )
    spare = population.spare[0]
    task = open_task(spare, "screen")
    engine.task_claim(task_id=task.pk, user=w.secretary)
    body = {"decision": "proceed", "criteria": ALL_MET}
    done = statements(
        secretary, "post", f"/api/v1/tasks/{task.pk}/complete/", 200, data=body, format="json"
    )
    table.add("2", "SQL per fullført oppgave (screening, API)", str(done))
