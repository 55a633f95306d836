"""The deadline sweep at scale: 10 000 and then 1 000 000 open deadlines, beside 100 000
cases on consultation, with 100 due deadlines and 100 due consultations per pass.

Each pass has its own due batch: batch b is due on day D0 + b, and pass b runs the sweep as
of D0 + b + 1, so it finds exactly that batch due (earlier ones are done, later ones not yet
due). The due consultations are real cases (through the services, with their flows); the
due deadlines and the open background are rows made in SQL on the bulk cases."""

import statistics
import time
from datetime import timedelta

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from cases import calendar
from cases.models import Consultation, Deadline, DeadlineState
from tests.journey import to_consultation
from workflows.sweep import run_sweep

from . import bulk
from .table import Table, ratio


def _due_consultations(world, count: int, due_on) -> None:
    for _ in range(count):
        case = to_consultation(world)
        Consultation.objects.filter(case=case, closed_at__isnull=True).update(due_on=due_on)
        Deadline.objects.filter(case=case, rule="consultation", state=DeadlineState.OPEN).update(
            due_on=due_on
        )


def _defer_new_deadlines(d0, far) -> None:
    """Deadlines opened by the last pass (the next step of a closed consultation) are due by
    today's calendar; move them out so each pass finds only its own batch due."""
    Deadline.objects.filter(state=DeadlineState.OPEN, due_on__lt=d0).update(due_on=far)


def _pass(d0, far, b: int, due: int) -> tuple[float, int]:
    _defer_new_deadlines(d0, far)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = run_sweep(today=d0 + timedelta(days=b + 1))
        ms = (time.perf_counter() - started) * 1000
    assert result["consultations_closed"] == due, result
    assert result["deadlines_escalated"] >= due, result
    return ms, len(queries), result["deadlines_escalated"]


def run(table: Table, cast, *, small_open: int, large_open: int, due: int, repeats: int):
    world = cast.world
    d0 = calendar.today() + timedelta(days=500)
    far = calendar.today() + timedelta(days=3650)
    for b in range(2 * repeats):
        _due_consultations(world, due, d0 + timedelta(days=b))
        bulk.add_open_deadlines(due, due_on=d0 + timedelta(days=b))
    run_sweep(today=d0)  # everything due before the batches, and the warm-up
    figures = {}
    for config, open_count in enumerate((small_open, large_open)):
        bulk.add_open_deadlines(open_count - bulk.open_deadline_count(), due_on=far)
        runs = [_pass(d0, far, config * repeats + r, due) for r in range(repeats)]
        figures[open_count] = (
            statistics.median(ms for ms, _, _ in runs),
            int(statistics.median(n for _, n, _ in runs)),
        )
        escalated = runs[-1][2]
    on_consultation = Consultation.objects.filter(closed_at__isnull=True).count()
    (s_ms, s_sql), (l_ms, l_sql) = figures[small_open], figures[large_open]
    r = ratio(l_ms, s_ms)
    table.add(
        "4",
        f"sveip, {large_open} åpne frister: ms, SQL",
        f"{l_ms:.0f} ms, {l_sql} SQL",
        f"{small_open} åpne: {s_ms:.0f} ms, {s_sql} SQL",
        r,
        "≤ 2",
        r <= 2,
    )
    table.add(
        "4",
        "per pass: høringer lukket, frister eskalert, saker på høring",
        f"{due} / {escalated} / {on_consultation}",
    )
