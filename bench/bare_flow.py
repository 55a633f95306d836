"""Bare viewflow flows: N human steps in a row, no domain logic, the product's row lock.

`BareFlow<N>` is Start → step1 → … → stepN → End on viewflow's own `Process` model, with
the same flow lock as every Saksflyt process (`workflows.locks.row_lock`). `run_bare(n, user)`
drives one process through it as the engine drives a human task: each step is claimed under
the lock, then started and completed under the lock.
"""

from django.db import transaction
from django.http import HttpResponse
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.models import Task

from workflows.locks import row_lock

MAX_STEPS = 12


def _no_page(request, **kwargs):  # the steps are driven in code, never through a page
    return HttpResponse(status=404)


def _make_flow(n: int) -> type:
    attrs = {
        "__module__": __name__,
        "__doc__": f"Bare flow with {n} human steps",
        "lock_impl": row_lock,
        "start": flow.StartHandle().Next(this.step1),
        "end": flow.End(),
    }
    for k in range(1, n + 1):
        after = this.end if k == n else getattr(this, f"step{k + 1}")
        attrs[f"step{k}"] = flow.View(_no_page).Next(after)
    return type(f"BareFlow{n}", (flow.Flow,), attrs)


for _n in range(1, MAX_STEPS + 1):
    globals()[f"BareFlow{_n}"] = _make_flow(_n)


def flow_with(n: int) -> type:
    return globals()[f"BareFlow{n}"]


def _locked(flow_class, task_id, body):
    task = Task.objects.select_related("process").get(pk=task_id)
    with flow_class.lock(task.process_id), transaction.atomic():
        task.refresh_from_db()
        body(task.flow_task.activation_class(task))


def run_bare(n: int, user) -> None:
    flow_class = flow_with(n)
    process = flow_class.start.run()
    for _ in range(n):
        task = Task.objects.get(process=process, flow_task_type="HUMAN", status="NEW")
        _locked(flow_class, task.pk, lambda activation: activation.assign(user))

        def complete(activation):
            activation.start(None)
            activation.execute()

        _locked(flow_class, task.pk, complete)
    process.refresh_from_db()
    assert process.status == "DONE", process.status
