"""Process cost: one complete run of each registered process through the service layer,
beside a bare viewflow flow with as many human steps and the same row lock, and beside
SpiffWorkflow running the same steps as BPMN, stored in PostgreSQL after each step."""

import statistics

from viewflow.workflow.models import Task

from workflows.registry import specs

from . import bare_flow, spiff
from .capture import samples
from .processes import RUNS
from .table import Table, ratio


def measure(body, runs: int, given=lambda i: None) -> tuple[float, float]:
    """Median milliseconds and statements of `body(i, given(i))` over `runs` runs."""
    times, counts = samples(body, runs, given)
    return statistics.median(times), statistics.median(counts)


def human_steps(case) -> int:
    return Task.objects.filter(process_id=case.process.pk, flow_task_type="HUMAN").count()


def run(table: Table, cast, *, runs: int) -> None:
    spiff.create_table()
    user = cast.world.secretary
    for spec in specs():
        process_run = RUNS.get(spec.kind)
        if process_run is None:
            table.add("3", f"{spec.label}: én hel sak", "ingen kjøring i bench/processes.py")
            continue
        warm_up = process_run.run(cast, -1, process_run.given(cast, -1))
        steps = human_steps(warm_up)
        ms, sql = measure(
            lambda i, given, p=process_run: p.run(cast, i, given),
            runs,
            given=lambda i, p=process_run: p.given(cast, i),
        )
        bare_ms, bare_sql = measure(lambda i, _, n=steps: bare_flow.run_bare(n, user), runs)
        spiff_ms, spiff_sql = measure(lambda i, _, n=steps: spiff.run_spiff(n, {"ok": True}), runs)
        label = f"{spec.label} ({steps} menneskelige steg)"
        r_sql, r_ms = ratio(sql, bare_sql), ratio(ms, bare_ms)
        table.add(
            "3",
            f"{label}: SQL per sak",
            f"{sql:.0f}",
            f"bar viewflow: {bare_sql:.0f}",
            r_sql,
            "≤ 1.5",
            r_sql <= 1.5,
        )
        table.add(
            "3",
            f"{label}: ms per sak",
            f"{ms:.1f}",
            f"bar viewflow: {bare_ms:.1f}",
            r_ms,
            "≤ 2",
            r_ms <= 2,
        )
        r_spiff = ratio(ms, spiff_ms)
        table.add(
            "3",
            f"{label}: ms per sak mot SpiffWorkflow",
            f"{ms:.1f}",
            f"SpiffWorkflow: {spiff_ms:.1f} ms, {spiff_sql:.0f} SQL",
            r_spiff,
            "< 1",
            r_spiff < 1,
        )
