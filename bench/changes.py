"""Change polling: `GET /api/v1/cases/?changed_after=<cursor>` when 10 cases changed since
the cursor, among 1 000 cases and among 100 000 (in the server's process, by token)."""

import statistics
import time
from datetime import timedelta

from django.db import connection, reset_queries
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from cases import calendar
from cases.models import Case
from cases.services.events import record_event

from . import bulk
from .data import api_client, token_for
from .table import Table, ratio

CHANGED = 10


def _touch(count: int) -> int:
    """Change `count` bulk cases (an event each); the cursor from just before."""
    cursor = Case.objects.aggregate(m=Max("change_seq"))["m"] or 0
    for case in Case.objects.filter(reference__startswith="BULK-").order_by("?")[:count]:
        record_event(case, actor=None, action="document_uploaded", from_status=case.status)
    return cursor


def _poll(client, cursor: int, repeats: int) -> tuple[float, int]:
    times, counts = [], []
    for _ in range(repeats):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(f"/api/v1/cases/?changed_after={cursor}")
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
        assert response.status_code == 200, response.content[:300]
        assert len(response.json()["results"]) == CHANGED, len(response.json()["results"])
    return statistics.median(times), int(statistics.median(counts))


def grow_to(total: int, template, opened_by) -> None:
    """Bulk cases on consultation (not due for years) until there are `total` cases."""
    far = calendar.today() + timedelta(days=3650)
    bulk.add_cases_on_consultation(
        template, total - Case.objects.count(), opened_by=opened_by, due_on=far
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(table: Table, cast, template, *, small: int, large: int, repeats: int) -> None:
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(cast.world.secretary)}")
    figures = {}
    for total in (small, large):
        grow_to(total, template, cast.world.secretary)
        cursor = _touch(CHANGED)
        client.get(f"/api/v1/cases/?changed_after={cursor}")  # warm-up
        figures[total] = _poll(client, cursor, repeats)
    (s_ms, s_sql), (l_ms, l_sql) = figures[small], figures[large]
    r = ratio(l_ms, s_ms)
    table.add(
        "5",
        f"changed_after, {CHANGED} av {large} endret: ms, SQL",
        f"{l_ms:.1f} ms, {l_sql} SQL",
        f"{CHANGED} av {small}: {s_ms:.1f} ms, {s_sql} SQL",
        r,
        "≤ 2",
        r <= 2,
    )
