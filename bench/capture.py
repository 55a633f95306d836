"""Milliseconds and SQL statements of repeated runs, in this process: one loop for the
benchmarks that time code through the ORM (bench/cost.py, bench/journey.py)."""

import time

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def samples(body, runs: int, given=lambda i: None) -> tuple[list[float], list[int]]:
    """Milliseconds and statements of `body(i, given(i))` for each of `runs` runs; what
    `given(i)` makes beforehand is not measured."""
    times, counts = [], []
    for i in range(runs):
        start_from = given(i)
        reset_queries()  # the query log is capped; keep each capture within it
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            body(i, start_from)
            times.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
    return times, counts
