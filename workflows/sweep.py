"""The periodic sweep: viewflow's timers, every process's sweep hooks, missed-deadline
escalation (R-DL-3) and e-mail that is still unsent.

Each part selects what is due in SQL before it locks anything, so a pass costs what is due,
not what is open. Run by Celery beat in production (`workflows.tasks.sweep`), and by
`manage.py sweep [--every N]` (the run script starts it beside the web server).
"""

import logging

from viewflow.workflow.timers import fire_due_timers

from cases.services.deadlines import deadlines_escalate_missed
from cases.services.mail import deliver_pending

from .registry import specs

log = logging.getLogger(__name__)

LABELS = {
    "deadlines_escalated": "frister eskalert",
    "mail_sent": "e-poster sendt",
}


def run_sweep(*, today=None) -> dict[str, int]:
    fire_due_timers()
    result: dict[str, int] = {}
    for spec in specs():
        for hook in spec.sweep_hooks:
            result[hook.name] = result.get(hook.name, 0) + hook.run(today)
    result["deadlines_escalated"] = deadlines_escalate_missed(today=today)
    result["mail_sent"] = deliver_pending()
    return result


def describe(result: dict[str, int]) -> str:
    """One line in Norwegian: what the pass did."""
    labels = {**LABELS, **{h.name: h.label for s in specs() for h in s.sweep_hooks}}
    return ", ".join(f"{labels.get(name, name)}: {count}" for name, count in result.items())
