"""Deadlines of cases and tasks (R-DL-1, R-DL-2, R-DL-3), opened by named rules."""

import logging
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Case as DbCase
from django.db.models import Q, Value, When
from django.utils import timezone

from cases import calendar
from cases.deadline_rules import DeadlineRule, get_rule
from cases.errors import ValidationFailed, field_error
from cases.models import Case, CommitteeKind, Deadline, DeadlineState

from .events import record_event
from .notifications import notify_deadline_missed

log = logging.getLogger(__name__)

# Dates people type: a deadline further ahead than this is a typing error.
MAX_DEADLINE_DAYS = 366
MAX_EFFECTIVE_YEARS = 5


def deadline_open(
    case: Case,
    *,
    rule: DeadlineRule,
    start: date | None = None,
    due_on: date | None = None,
    task_id: int | None = None,
    subject_id: int | None = None,
) -> Deadline:
    """Open a deadline by `rule`, counted from `start` (the triggering date, today by
    default), unless the user gave its last day (`due_on`, see `checked_deadline`)."""
    if due_on is None:
        due_on = rule.due_on(start or calendar.today(), community=case.community_id)
    return Deadline.objects.create(
        case=case, rule=rule.name, due_on=due_on, task_id=task_id, subject_id=subject_id
    )


def deadline_close(
    case: Case,
    *,
    state: str = DeadlineState.MET,
    task_id: int | None = None,
    rule: DeadlineRule | None = None,
    subject_id: int | None = None,
    today: date | None = None,
) -> int:
    """Close open deadlines of `case`. Met after its last day is stored as `late`."""
    qs = Deadline.objects.filter(case=case, state=DeadlineState.OPEN)
    if task_id is not None:
        qs = qs.filter(task_id=task_id)
    if rule is not None:
        qs = qs.filter(rule=rule.name)
    if subject_id is not None:
        qs = qs.filter(subject_id=subject_id)
    if state != DeadlineState.MET:
        return qs.update(state=state)
    today = today or calendar.today()
    late = When(due_on__lt=today, then=Value(DeadlineState.LATE))  # one statement for both
    return qs.update(state=DbCase(late, default=Value(DeadlineState.MET)))


def checked_deadline(value: date | None, *, field: str) -> date | None:
    """R-DL-1 for a deadline a user typed: after today, at most a year ahead, and moved off
    a Saturday, Sunday or public holiday to the next working day."""
    if value is None:
        return None
    today = calendar.today()
    if value <= today:
        raise ValidationFailed(
            "Fristen må ligge fram i tid.",
            errors=[field_error(field, "Fristen må ligge fram i tid.", "date_in_past")],
        )
    if value > today + timedelta(days=MAX_DEADLINE_DAYS):
        raise ValidationFailed(
            "Fristen er urimelig langt fram i tid.",
            errors=[field_error(field, "Fristen kan ikke være mer enn ett år fram.", "too_far")],
        )
    return calendar.roll_forward(value)


def checked_future_date(value: date | None, *, field: str, label: str) -> date | None:
    """A date a decision takes effect: not in the past, at most five years ahead."""
    if value is None:
        return None
    today = calendar.today()
    if value < today:
        raise ValidationFailed(
            f"{label} kan ikke ligge i fortiden.",
            errors=[field_error(field, f"{label} kan ikke ligge i fortiden.", "date_in_past")],
        )
    if value.year > today.year + MAX_EFFECTIVE_YEARS:
        message = f"{label} kan ikke ligge mer enn {MAX_EFFECTIVE_YEARS} år fram."
        raise ValidationFailed(message, errors=[field_error(field, message, "too_far")])
    return value


def due_deadlines(*, today: date | None = None):
    """Open deadlines past their last day and not escalated yet: selected in SQL."""
    today = today or calendar.today()
    return Deadline.objects.filter(
        Q(state=DeadlineState.OPEN) & Q(escalated_at__isnull=True) & Q(due_on__lt=today)
    )


def deadlines_escalate_missed(
    *, today: date | None = None, on_missed: Callable[[Deadline], None] | None = None
) -> int:
    """R-DL-3: every open deadline past its last day escalates exactly once.

    The claim is a conditional UPDATE, so two sweeps running at once escalate a deadline once.
    The rule names who hears of it; `on_missed` lets the case's process act as well.
    """
    escalated = 0
    for pk in list(due_deadlines(today=today).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Deadline.objects.filter(pk=pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now()
            )
            if not claimed:
                continue
            deadline = Deadline.objects.select_related("case__community").get(pk=pk)
            rule = get_rule(deadline.rule)
            escalate_to = rule.escalate_to if rule else CommitteeKind.SECRETARIAT
            record_event(
                deadline.case,
                actor=None,
                action="deadline_missed",
                from_status=deadline.case.status,
                data={
                    "deadline": deadline.rule,
                    "due_on": deadline.due_on.isoformat(),
                    "escalated_to": escalate_to,
                },
            )
            notify_deadline_missed(deadline, escalate_to=escalate_to)
            if on_missed is not None:
                on_missed(deadline)
            escalated += 1
    if escalated:
        log.info("escalated %d missed deadlines", escalated)
    return escalated
