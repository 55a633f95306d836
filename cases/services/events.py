"""The audit trail and case-level bookkeeping shared by every process."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseEvent, NumberSequence

from .transactions import action_memo, directly_in_action


def record_event(
    case: Case,
    *,
    actor,
    action: str,
    from_status: str = "",
    to_status: str = "",
    data: dict | None = None,
    touch: bool = True,
) -> CaseEvent:
    """R-AUD-1: append one event and mark the case as changed for pollers (`updated_at`;
    the change feed's `change_seq` is the event insert's trigger). `touch=False` when the
    caller has just saved the case with a new `updated_at` in the same transaction
    (`run_transition`, a new case), so the row is not written twice.

    Within one action the row is touched once: no one sees the case between its events
    before the action commits, so the first touch (or the save before it) marks the
    change. Only where nothing but the whole action can roll the touch back
    (`directly_in_action`); elsewhere every event touches the row."""
    event = CaseEvent.objects.create(
        case_id=case.pk,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_status=from_status,
        to_status=to_status or from_status,
        data=data or {},
    )
    touched = _touched_in_action()
    if touch and case.pk not in touched:
        now = timezone.now()
        Case.objects.filter(pk=case.pk).update(updated_at=now)
        case.updated_at = now
    touched.add(case.pk)
    return event


def _touched_in_action() -> set:
    """The cases whose `updated_at` this action has written, or a throwaway set where that
    cannot be relied on."""
    memo = action_memo()
    if memo is None or not directly_in_action():
        return set()
    return memo.setdefault("touched", set())


def record_opening(case: Case, *, parties, actor, action: str, data: dict) -> CaseEvent:
    """Store a new case with its parties and its first event (R-AUD-1). The case row was just
    written with its `updated_at`, so the event does not write it again."""
    case.save()
    case.parties.add(*parties)  # a new case: nothing to replace
    return record_event(
        case, actor=actor, action=action, to_status=case.status, touch=False, data=data
    )


def next_number(series: str, year: int) -> int:
    """The next running number of `series` in `year`, safe under concurrent callers: the
    sequence row is read under its row lock, held to the end of the caller's transaction,
    so the value read is the last one given and the increment is written once. No savepoint
    of its own: a failure here fails the caller's step, whose block rolls back."""
    with transaction.atomic(savepoint=False):
        seq, _ = NumberSequence.objects.select_for_update().get_or_create(series=series, year=year)
        seq.last += 1
        seq.save(update_fields=["last"])
        return seq.last


def year_of(day: date | None = None) -> int:
    return (day or timezone.localdate()).year
