"""The engine reads a task's process and case once per action: the task is read again under
the flow lock together with its process, the process's case and the case as its kind, so
neither viewflow's activation nor the step reads them again one by one."""

from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.journey import ALL_MET, open_task, submit
from workflows import engine
from workflows.registry import node_spec


def _selects(queries) -> list[str]:
    """The reads, less the flow lock's `SELECT 1 … FOR UPDATE` on the process row."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and not q["sql"].startswith('SELECT 1 AS "a"')
    ]


def _reads_of(queries, table: str) -> list[str]:
    return [sql for sql in _selects(queries) if sql.split(" WHERE ")[0].endswith(f'FROM "{table}"')]


def test_claim_and_completion_read_process_and_case_with_the_task(world):
    case = submit(world)
    task = open_task(case, "screen")
    with CaptureQueriesContext(connection) as claim:
        engine.task_claim(task_id=task.pk, user=world.secretary)
    assert _reads_of(claim, "viewflow_process") == []
    assert _reads_of(claim, "workflows_caseprocess") == []
    run = node_spec(task.flow_task).step
    data = {"decision": "proceed", "criteria": ALL_MET}
    with CaptureQueriesContext(connection) as complete:
        engine.task_complete(
            task_id=task.pk, user=world.secretary, apply=lambda c: run(c, world.secretary, data)
        )
    repeated = {sql: n for sql, n in Counter(_selects(complete)).items() if n > 1}
    assert not [sql for sql in repeated if 'FROM "viewflow_process"' in sql.split(" WHERE ")[0]]
    assert _reads_of(complete, "workflows_caseprocess") == []
