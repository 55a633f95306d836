"""Flow building blocks every process uses: the human step and routing on the case state.

A `HumanStep` needs no view of its own: the generic step page (`workflows.web.steps`) finds
the node's form and step function in the registry. When its task is created, the deadline
rule of its node spec opens (R-DL-3).
"""

from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes import IfActivation, SwitchActivation

from cases.models import Case
from cases.services.deadlines import deadline_open
from cases.services.lifecycle import is_held

from .registry import node_spec
from .web.steps import ClaimTaskView, ReleaseTaskView, StepView, TaskDetailView


def open_task_deadline(activation) -> None:
    """R-DL-3: a human task opens the deadline its node spec names, counted from today."""
    node = node_spec(activation.flow_task)
    if node is not None and node.deadline_rule is not None:
        deadline_open(activation.process.case, rule=node.deadline_rule, task_id=activation.task.pk)


class HumanStep(flow.View):
    """A human step whose page, claim and release go through the engine like the API's."""

    assign_view_class = ClaimTaskView
    unassign_view_class = ReleaseTaskView
    detail_view_class = TaskDetailView

    def __init__(self, view=None, **kwargs):
        super().__init__(view or StepView.as_view(), **kwargs)
        self._on_create = open_task_deadline
        # viewflow's lists and dashboard describe a task by this: name its case.
        self.task_summary_template = "{{ process.case.reference }} – {{ process.case.title }}"

    def __str__(self) -> str:
        # viewflow prints a node as its Title-Cased name ("Appoint Panel"): show its title.
        return str(self.task_title) if self.task_title else super().__str__()


def case_status_in(*statuses):
    """A gateway condition: route on the case's lifecycle state, read fresh (the service
    has just changed it), so the case model stays the one truth of where the case is. The
    case the action holds under its row lock (`holding`) is that truth already."""

    def check(activation):
        process = activation.process
        case = type(process)._meta.get_field("case").get_cached_value(process, None)
        if case is not None and is_held(case):
            return case.status in statuses
        return Case.objects.filter(pk=process.case_id, status__in=statuses).exists()

    return check


# Gates that route on the case (`case_status_in`). viewflow evaluates a gate's condition in
# a savepoint of its own, for gates whose errors it keeps on the task instead of raising (a
# job's or timer's context). Ours raise (the default), so the error leaves the action and its
# block rolls back; the conditions write nothing. Two statements per gate passed, saved.
class _CaseIfActivation(IfActivation):
    @Activation.status.super()
    def activate(self):
        with self.exception_guard():
            self._condition_result = self.flow_task._condition(self)


class _CaseSwitchActivation(SwitchActivation):
    @Activation.status.super()
    def activate(self):
        """viewflow's choice: the first branch whose condition holds, else the default."""
        with self.exception_guard():
            default = None
            for node, condition in self.flow_task._branches:
                if not condition:
                    default = node
                elif condition(self):
                    self.next_task = node
                    break
            else:
                self.next_task = default
            if not self.next_task:
                raise FlowRuntimeError(f"No next task available for {self.flow_task.name}")


class CaseIf(flow.If):
    """`flow.If` on the case's state, without viewflow's savepoint (see above)."""

    activation_class = _CaseIfActivation


class CaseSwitch(flow.Switch):
    """`flow.Switch` on the case's state, without viewflow's savepoint (see above)."""

    activation_class = _CaseSwitchActivation


def start_process(activation, case):
    """The body of every flow's `StartHandle`: the process carries the case."""
    activation.process.case = case
    return activation.process
