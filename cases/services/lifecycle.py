"""Running a case's declared lifecycle (django-fsm): one truth for what may happen when.

Services name the transition they mean as a bound method (`case.approve`) and ask django-fsm
whether it may run now (`can_proceed`: its sources and conditions), instead of repeating the
sources. A refused transition is a 409 `illegal_state`, never a 500.
"""

from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from cases.errors import Conflict
from cases.models import Case, CaseEvent

from .events import record_event


def _refusal(case: Case) -> Conflict:
    return Conflict(
        f"Saken har status «{case.status_display}»; dette steget er ikke mulig nå.",
        code="illegal_state",
    )


def ensure_can(*transitions) -> None:
    """Raise 409 unless at least one of the bound transitions may run now."""
    if not any(can_proceed(method) for method in transitions):
        raise _refusal(transitions[0].__self__)


def allowed(transition) -> bool:
    """Whether the bound transition may run now (state and conditions)."""
    return can_proceed(transition)


def locked(case: Case) -> Case:
    """The case, read again under a row lock, as its kind's class."""
    return type(case).objects.select_for_update().get(pk=case.pk)


def run_transition(
    transition, *, actor, action: str, data: dict | None = None, **kwargs
) -> CaseEvent:
    """Run one declared edge (a bound method of the case), save, and record the event."""
    case: Case = transition.__self__
    before = case.status
    try:
        transition(**kwargs)
    except TransitionNotAllowed as exc:
        raise _refusal(case) from exc
    if case.is_closed:
        case.closed_at = timezone.now()
    case.save()
    return record_event(
        case, actor=actor, action=action, from_status=before, to_status=case.status, data=data
    )
