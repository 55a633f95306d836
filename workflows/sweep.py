"""The periodic sweep: timers, consultation deadlines, missed-deadline escalation (R-DL-3).

Run by `manage.py sweep` (once, or `--every N` seconds): the run script starts it beside the
web server; in production one scheduler process runs it.
"""

import logging

from viewflow.workflow.timers import fire_due_timers

from cases.services.deadlines import deadlines_escalate_missed

from .task_transfer.actions import close_due_consultations

log = logging.getLogger(__name__)


def run_sweep(*, today=None) -> dict:
    fire_due_timers()
    result = {
        "consultations_closed": close_due_consultations(today=today),
        "deadlines_escalated": deadlines_escalate_missed(today=today),
    }
    return result
