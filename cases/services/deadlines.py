"""Deadlines of cases and tasks (R-DL-1, R-DL-3)."""

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from cases import calendar
from cases.models import Case, Deadline, DeadlineState

from .events import record_event
from .notifications import notify_deadline_missed

log = logging.getLogger(__name__)


def deadline_open(
    case: Case,
    *,
    kind: str,
    due_on: date | None = None,
    days: int | None = None,
    start: date | None = None,
    task_id: int | None = None,
    subject_id: int | None = None,
) -> Deadline:
    """Open a deadline: an explicit `due_on`, or `days` after `start` by R-DL-1."""
    if due_on is None:
        if days is None:
            days = case.community.days_for(kind)
        due_on = calendar.deadline_after_days(start or calendar.today(), days)
    return Deadline.objects.create(
        case=case, kind=kind, due_on=due_on, task_id=task_id, subject_id=subject_id
    )


def deadline_close(
    case: Case,
    *,
    state: str = DeadlineState.MET,
    task_id: int | None = None,
    kind: str | None = None,
    subject_id: int | None = None,
) -> int:
    qs = Deadline.objects.filter(case=case, state=DeadlineState.OPEN)
    if task_id is not None:
        qs = qs.filter(task_id=task_id)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if subject_id is not None:
        qs = qs.filter(subject_id=subject_id)
    return qs.update(state=state)


def deadlines_escalate_missed(*, today: date | None = None) -> int:
    """R-DL-3: every open deadline past its last day escalates exactly once.

    The claim is a conditional UPDATE, so two sweeps running at once escalate a deadline once.
    """
    today = today or calendar.today()
    escalated = 0
    due = Deadline.objects.filter(
        state=DeadlineState.OPEN, escalated_at__isnull=True, due_on__lt=today
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            claimed = Deadline.objects.filter(pk=pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now()
            )
            if not claimed:
                continue
            deadline = Deadline.objects.select_related("case").get(pk=pk)
            record_event(
                deadline.case,
                actor=None,
                action="deadline_missed",
                from_status=deadline.case.status,
                data={"deadline": deadline.kind, "due_on": deadline.due_on.isoformat()},
            )
            notify_deadline_missed(deadline)
            escalated += 1
    if escalated:
        log.info("escalated %d missed deadlines", escalated)
    return escalated
