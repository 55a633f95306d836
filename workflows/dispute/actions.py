"""Actions on a dispute outside its human task, under the flow lock (process row first, then
case row, as for task completion). Each runs one service of `cases.services.dispute`; when it
moved the case to another stage or ended it, the stage's task «Følg opp tvisten» is closed so
the flow opens the next stage's task or ends."""

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases.models import Dispute
from cases.services import dispute as dsp
from cases.services.deadlines import deadline_close
from cases.services.lifecycle import holding
from cases.services.transactions import action_block
from workflows.engine import OPEN_STATES

from .flow import DisputeFlow


def open_dispute(*, actor, **data) -> Dispute:
    """Raise a dispute (R-DSP-6 breach claims too) and start its flow."""
    with action_block():  # the opening and the flow's start: one action
        case = dsp.dispute_open(actor=actor, **data)
        DisputeFlow.start.run(case=case)
    return case


def _close_follow_up(case: Dispute) -> None:
    """Close the open task of the stage the case has left; the flow routes on its state."""
    process = case.process  # carries this case: the flow's routing and assignment read it
    tasks = Task.objects.filter(
        process_id=process.pk, flow_task=DisputeFlow.follow_up, status__in=OPEN_STATES
    )
    for task in tasks:
        task.process = process  # not read again, nor the case through it
        activation = task.flow_task.activation_class(task)
        if task.status == STATUS.NEW:
            activation.assign(case.created_by)
        activation.start(None)
        deadline_close(case, task_id=task.pk)
        activation.execute()


def act(service, *, case: Dispute, **kwargs):
    """Run `service(case=case, **kwargs)` under the flow lock and move the flow on if the
    case changed stage or ended."""
    process = case.process
    with DisputeFlow.lock(process.pk):
        held = dsp.locked_dispute(case)  # the one read of the case in this action
        process.case = held  # and its process, known already: neither is read again
        stage_id, status = held.stage_id, held.status
        with holding(held):  # the service's `locked(case)` and the flow's routing see it
            result = service(case=case, **kwargs)
            if held.stage_id != stage_id or held.status != status:
                _close_follow_up(held)
        return result
