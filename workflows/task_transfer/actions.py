"""Actions on a task-transfer case outside its human tasks, under the flow lock.

The lock order is always process row first, then case row, as for task completion.
"""

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases.models import CaseKind, TaskTransfer
from cases.services import task_transfer as tt
from cases.services.consultations import due_consultations
from cases.services.transactions import action_block

from .flow import TaskTransferFlow


def submit_proposal(*, proposer, data: dict, community=None) -> TaskTransfer:
    """R-TT-1: record the proposal and start its flow (the secretariat's screening task)."""
    with action_block():  # the opening and the flow's start: one action
        case = tt.task_transfer_submit(community=community, proposer=proposer, data=data)
        TaskTransferFlow.start.run(case=case)
    return case


def _under_flow_lock(case: TaskTransfer, body):
    with TaskTransferFlow.lock(case.process.pk):
        return body()


def withdraw_proposal(*, case: TaskTransfer, actor, reason: str = "") -> TaskTransfer:
    """R-AUD-1: the case ends as withdrawn and its open tasks are cancelled."""

    def body():
        withdrawn = tt.task_transfer_withdraw(case=case, actor=actor, reason=reason)
        TaskTransferFlow.instance.cancel(case.process)
        return withdrawn

    return _under_flow_lock(case, body)


def request_statement(*, case: TaskTransfer, actor, party, unit=None, due_on=None):
    return _under_flow_lock(
        case,
        lambda: tt.task_transfer_request_statement(
            case=case, actor=actor, party=party, unit=unit, due_on=due_on
        ),
    )


def receive_statement(*, request, actor, text: str):
    return _under_flow_lock(
        request.case,
        lambda: tt.task_transfer_receive_statement(request=request, actor=actor, text=text),
    )


def _continue_after_consultation(case: TaskTransfer) -> None:
    task = Task.objects.get(
        process_id=case.process.pk,
        flow_task=TaskTransferFlow.consultation,
        status=STATUS.NEW,
    )
    TaskTransferFlow.consultation.run(task)


def respond_to_consultation(*, case: TaskTransfer, actor, party, text: str) -> bool:
    """R-TT-8: the last response closes the consultation and the flow moves on."""

    def body():
        closed = tt.task_transfer_respond_consultation(
            case=case, actor=actor, party=party, text=text
        )
        if closed:
            _continue_after_consultation(case)
        return closed

    return _under_flow_lock(case, body)


def close_due_consultations(today=None) -> int:
    """R-TT-8: consultations close at their deadline (a sweep hook). Only the due ones are
    selected, in SQL, before any lock is taken."""
    due = due_consultations(today=today).filter(case__kind=CaseKind.TASK_TRANSFER)
    closed = 0
    for case in TaskTransfer.objects.filter(pk__in=due.values("case_id")).select_related("process"):

        def body(case=case):
            if tt.task_transfer_close_due_consultation(case=case, today=today):
                _continue_after_consultation(case)
                return 1
            return 0

        closed += _under_flow_lock(case, body)
    return closed
