"""The audit trail cannot be edited (R-AUD-1): not one event, not in bulk, and on PostgreSQL
not even by SQL written past the ORM (a trigger)."""

import pytest
from django.db import DatabaseError, connection, transaction

from cases.models import CaseEvent
from tests.journey import submit


def _snapshot(case):
    return list(case.events.order_by("pk").values_list("pk", "action", "data"))


def test_R_AUD_1_bulk_update_and_delete_are_refused_and_change_nothing(world):
    """R-AUD-1: the manager refuses `update()`, `delete()` and `bulk_update()`, on the model's
    manager and on a case's related manager alike."""
    case = submit(world)
    before = _snapshot(case)
    attempts = [
        lambda: CaseEvent.objects.filter(case=case).update(action="tampered"),
        lambda: CaseEvent.objects.all().delete(),
        lambda: case.events.update(action="tampered"),
        lambda: case.events.all().delete(),
        lambda: CaseEvent.objects.bulk_update(
            [CaseEvent(pk=before[0][0], action="tampered")], ["action"]
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionError), transaction.atomic():
            attempt()
    assert _snapshot(case) == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_R_AUD_1_postgresql_refuses_update_and_delete_on_the_event_table():
    """R-AUD-1: raw UPDATE and DELETE statements are refused by a trigger, and the rows stay."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    from tests.factories import build_world

    case = submit(build_world())
    before = _snapshot(case)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'cases_caseevent'::regclass "
            "AND NOT tgisinternal"
        )
        triggers = sorted(row[0] for row in cursor.fetchall())
    # The second numbers the case in the change feed (cases.changes); it changes no event.
    assert triggers == ["case_change_seq_on_event", "caseevent_append_only"]
    for sql in (
        "UPDATE cases_caseevent SET action = 'tampered'",
        "DELETE FROM cases_caseevent",
    ):
        with (
            pytest.raises(DatabaseError) as exc,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
        assert "append-only" in str(exc.value)
    assert _snapshot(case) == before
    # New events are still written.
    case.events.create(action="note")
    assert case.events.count() == len(before) + 1
