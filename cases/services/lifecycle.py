"""Running a case's declared lifecycle (django-fsm): one truth for what may happen when.

Services name the transition they mean as a bound method (`case.approve`) and ask django-fsm
whether it may run now (`can_proceed`: its sources and conditions), instead of repeating the
sources. A refused transition is a 409 `illegal_state`, never a 500.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from copy import deepcopy

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


# The cases an action holds under their row lock (`holding`), by primary key.
_held: ContextVar[dict | None] = ContextVar("saksflyt_held_cases", default=None)


def locked(case: Case, *related: str) -> Case:
    """The case, read again under a row lock, as its kind's class; with `related` (foreign
    keys of the case) read in the same query, locking only the case's own rows.

    Inside `holding(case)` the case is already read under its lock for this action: that
    same instance is returned, without reading it again."""
    held = (_held.get() or {}).get(case.pk)
    if held is not None and isinstance(held, type(case)):
        return held
    return locked_by_pk(type(case), case.pk, *related)


def locked_by_pk(model: type[Case], pk, *related: str) -> Case:
    """The case `pk` of kind class `model`, read under a row lock (see `locked`), with what
    it said when read, so a transition writes only the columns the action changed."""
    if not related:
        case = model.objects.select_for_update().get(pk=pk)
    else:
        own = ("self", *(link.name for link in model._meta.parents.values()))
        case = model.objects.select_for_update(of=own).select_related(*related).get(pk=pk)
    _remember(case)
    return case


_LOADED = "_saksflyt_loaded"


def _columns(case: Case) -> dict:
    return {
        field.attname: deepcopy(field.value_from_object(case))  # JSON edited in place, too
        for field in case._meta.concrete_fields
        if not field.primary_key
    }


def _remember(case: Case) -> None:
    setattr(case, _LOADED, _columns(case))


def _changed(case: Case) -> list[str] | None:
    """The columns changed since the case was read under its lock, or None if it was not."""
    loaded = getattr(case, _LOADED, None)
    if loaded is None:
        return None
    return [name for name, value in _columns(case).items() if loaded.get(name) != value]


def is_held(case: Case) -> bool:
    """`case` is the instance the current action holds under its row lock (`holding`): what
    it says is what the database says, in this transaction."""
    return (_held.get() or {}).get(case.pk) is case


@contextmanager
def holding(case: Case) -> Iterator[Case]:
    """One action reads its case under the row lock once: `case` (from `locked`, inside a
    transaction that holds the lock to its end) is what every service called inside gets
    from `locked`, so they see each other's changes and the caller sees theirs."""
    token = _held.set({**(_held.get() or {}), case.pk: case})
    try:
        yield case
    finally:
        _held.reset(token)


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
    now = timezone.now()
    if case.is_closed:
        case.closed_at = now
    case.updated_at = now  # the one write of the row: the event below does not touch it
    # Only what changed since the locked read (the services set fields before the edge): a
    # kind's own table is not written when only the base row changed, nor the reverse.
    changed = _changed(case)
    if changed is None:
        case.save()
    else:
        case.save(update_fields=changed)
        _remember(case)
    return record_event(
        case,
        actor=actor,
        action=action,
        from_status=before,
        to_status=case.status,
        data=data,
        touch=False,
    )
