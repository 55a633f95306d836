"""Tvisteløsning as a viewflow flow (R-DSP-1..6).

A dispute is mostly actions either party may take at any time (record a position, consent,
escalate, resolve…), made through `actions` under the flow lock; the case's lifecycle decides
what is possible. The flow holds who must act: at each stage one human task, «Følg opp
tvisten», assigned to the person who opened the dispute. When an action moves the case to
another stage the task is closed and a new one opens for the new stage; when the case ends,
the flow ends.
"""

from viewflow import this
from viewflow.workflow import flow

from cases.models.dispute import DISPUTE_OPEN
from workflows.locks import row_lock
from workflows.models import CaseProcess
from workflows.nodes import CaseIf, HumanStep, case_status_in, start_process


def _opener(activation):
    return activation.process.case.created_by


class DisputeFlow(flow.Flow):
    """Tvisteløsning"""

    process_class = CaseProcess
    lock_impl = row_lock
    process_title = "Tvisteløsning"
    process_description = "Uenighet mellom partene i en samarbeidsavtale, løst trinn for trinn."

    start = flow.StartHandle(start_process).Next(this.follow_up)

    follow_up = (
        HumanStep().Annotation(title="Følg opp tvisten").Assign(_opener).Next(this.after_follow_up)
    )
    after_follow_up = (
        CaseIf(case_status_in(*DISPUTE_OPEN))
        .Annotation(title="Er tvisten fortsatt åpen?")
        .Then(this.follow_up)
        .Else(this.end)
    )

    end = flow.End().Annotation(title="Tvisten er avsluttet")
