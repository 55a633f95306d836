"""A sweep pass costs what is due, not what is open: it selects due consultations, deadlines
and mail in SQL before it locks or reads any case (R-DL-3, R-TT-8)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import calendar
from cases.models import Case, Consultation, Deadline, TaskTransfer, TTStatus
from tests.factories import proposal
from workflows.sweep import run_sweep


def _open_cases_on_consultation(world, count: int, *, days: int = 30) -> None:
    """`count` task-transfer cases on consultation whose deadlines lie `days` ahead."""
    due_on = calendar.today() + timedelta(days=days)
    first = Case.objects.count()
    data = proposal()
    cases = [
        TaskTransfer.objects.create(
            **{**data, "title": f"Sak {first + i}"},
            community=world.community,
            reference=f"BULK-{first + i:05d}",
            status=TTStatus.ON_CONSULTATION,
        )
        for i in range(count)
    ]
    Consultation.objects.bulk_create(
        Consultation(case=case, due_on=due_on, opened_by=world.secretary) for case in cases
    )
    Deadline.objects.bulk_create(
        Deadline(case=case, rule="consultation", due_on=due_on) for case in cases
    )


def _sweep_statements() -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        result = run_sweep()
    assert result["consultations_closed"] == 0
    assert result["deadlines_escalated"] == 0
    return [q["sql"] for q in queries.captured_queries]


def test_R_DL_3_a_sweep_with_nothing_due_costs_the_same_for_10_and_1000_open_cases(world):
    """R-DL-3, R-TT-8: with 10 or 1 000 cases on consultation and none due, a pass runs the
    same few statements; it neither locks nor reads a single case."""
    _open_cases_on_consultation(world, 10)
    small = _sweep_statements()
    _open_cases_on_consultation(world, 990)
    assert Consultation.objects.filter(closed_at__isnull=True).count() == 1000
    large = _sweep_statements()
    assert len(large) == len(small)
    assert len(large) <= 8, large
    assert not [sql for sql in large if "FOR UPDATE" in sql.upper()]
    assert not [sql for sql in large if 'FROM "cases_case"' in sql]


def test_R_TT_8_the_sweep_closes_only_the_due_consultation_among_many(world):
    """R-TT-8: among many open consultations, the one past its deadline is closed."""
    from tests.journey import reload, to_consultation

    _open_cases_on_consultation(world, 50, days=200)
    case = to_consultation(world)
    due = reload(case).consultations.get().due_on
    result = run_sweep(today=due + timedelta(days=1))
    assert result["consultations_closed"] == 1
    assert result["deadlines_escalated"] == 0
    assert reload(case).status == "awaiting_ssu"
    assert Consultation.objects.filter(closed_at__isnull=True).count() == 50
