"""The peer engine: SpiffWorkflow running the same human steps as BPMN user tasks, its whole
workflow serialised to PostgreSQL after each step (as an application on SpiffWorkflow stores
it), under a row lock on the stored workflow like Saksflyt's flow lock.

Each step: lock the row, load and deserialise the workflow, complete the ready user task
with its data, run the engine steps, serialise and store it; commit.
"""

from django.db import connection, transaction
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

TABLE = "bench_spiff_workflow"
_SPECS: dict[int, object] = {}
_SERIALIZER = BpmnWorkflowSerializer()


def bpmn(n: int) -> str:
    """A process of `n` user tasks in sequence."""
    ids = ["start", *[f"step{k}" for k in range(1, n + 1)], "end"]
    nodes = ['<bpmn:startEvent id="start"/>']
    nodes += [f'<bpmn:userTask id="step{k}" name="Steg {k}"/>' for k in range(1, n + 1)]
    nodes.append('<bpmn:endEvent id="end"/>')
    flows = [
        f'<bpmn:sequenceFlow id="f{k}" sourceRef="{a}" targetRef="{b}"/>'
        for k, (a, b) in enumerate(zip(ids, ids[1:], strict=False))
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'id="defs" targetNamespace="http://bpmn.io/schema/bpmn">'
        f'<bpmn:process id="steps{n}" isExecutable="true">'
        + "".join(nodes + flows)
        + "</bpmn:process></bpmn:definitions>"
    )


def spec_with(n: int):
    if n not in _SPECS:
        parser = BpmnParser()
        parser.add_bpmn_str(bpmn(n).encode())
        _SPECS[n] = parser.get_spec(f"steps{n}")
    return _SPECS[n]


def create_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, state text NOT NULL)"
        )


def run_spiff(n: int, data: dict) -> None:
    workflow = BpmnWorkflow(spec_with(n))
    workflow.do_engine_steps()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (state) VALUES (%s) RETURNING id",  # noqa: S608
            [_SERIALIZER.serialize_json(workflow)],
        )
        (pk,) = cursor.fetchone()
    for _ in range(n):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT state FROM {TABLE} WHERE id = %s FOR UPDATE", [pk])  # noqa: S608
            workflow = _SERIALIZER.deserialize_json(cursor.fetchone()[0])
            task = workflow.get_next_task(state=TaskState.READY, manual=True)
            task.data.update(data)
            task.run()
            workflow.do_engine_steps()
            cursor.execute(
                f"UPDATE {TABLE} SET state = %s WHERE id = %s",  # noqa: S608
                [_SERIALIZER.serialize_json(workflow), pk],
            )
    assert workflow.is_completed()
