"""Deadlines as named rules (R-DL-1, R-DL-2, R-DL-3): counted from the date the caller gives,
in calendar or business days, with a community's own lengths; late completion is recorded;
dates people type are checked."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from cases import calendar
from cases.deadline_rules import DeadlineRule, get_rule
from cases.errors import ValidationFailed
from cases.models import Deadline, DeadlineSetting, DeadlineState
from cases.services.deadlines import (
    checked_deadline,
    checked_future_date,
    deadline_close,
    deadline_open,
)
from tests.journey import submit

# A rule of the kind an invoice objection needs: 30 calendar days from receipt.
ANSWER = DeadlineRule("test_objection_answer", "Svar på innsigelse", 30)
# And one counted in business days.
FIVE_WORKDAYS = DeadlineRule("test_five_workdays", "Fem virkedager", 5, business_days=True)


def _next(weekday: int) -> date:
    """The next given weekday (0 = Monday) at least two days from today."""
    day = calendar.today() + timedelta(days=2)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def test_R_DL_1_a_rule_counts_from_the_triggering_date_the_caller_gives(world):
    """R-DL-1: the deadline counts from the date given (here an invoice received on Friday
    30 October 2026), not from today: 30 days later is Sunday 29 November, which moves to
    Monday 30 November."""
    case = submit(world)
    deadline = deadline_open(case, rule=ANSWER, start=date(2026, 10, 30))
    assert deadline.due_on == date(2026, 11, 30)
    assert deadline.rule == "test_objection_answer"
    assert deadline.label == "Svar på innsigelse"


def test_R_DL_2_a_rule_may_count_business_days(world):
    """R-DL-2: five virkedager from Thursday 21 May 2026 skip the weekend and Whit Monday
    (25 May): 22, 26, 27, 28, 29 May."""
    case = submit(world)
    deadline = deadline_open(case, rule=FIVE_WORKDAYS, start=date(2026, 5, 21))
    assert deadline.due_on == date(2026, 5, 29)


def test_R_DL_1_a_community_sets_its_own_length_and_counting(world):
    """R-DL-1, R-DL-2: the agreement's own wording wins over the rule's default."""
    case = submit(world)
    DeadlineSetting.objects.create(
        community=world.community, rule=ANSWER.name, days=3, business_days=True
    )
    # Friday 30 October 2026 + 3 virkedager = Monday 2, Tuesday 3, Wednesday 4 November.
    deadline = deadline_open(case, rule=ANSWER, start=date(2026, 10, 30))
    assert deadline.due_on == date(2026, 11, 4)


def test_a_setting_must_name_a_known_rule(world):
    """The admin refuses a setting for a rule that does not exist."""
    setting = DeadlineSetting(community=world.community, rule="no_such_rule", days=3)
    with pytest.raises(ValidationError) as exc:
        setting.full_clean()
    assert "rule" in exc.value.message_dict
    assert get_rule("screening") is not None  # the task-transfer rules are registered


def test_a_rule_name_cannot_be_given_two_meanings():
    with pytest.raises(ValueError):
        DeadlineRule("test_objection_answer", "Noe annet", 10)


def test_R_DL_3_a_deadline_met_in_time_is_met_and_after_its_last_day_is_late(world):
    """R-DL-3: finishing after the deadline was missed is recorded as `late`, not met."""
    case = submit(world)
    on_time = deadline_open(case, rule=ANSWER, start=date(2026, 10, 30), subject_id=1)
    missed = deadline_open(case, rule=ANSWER, start=date(2026, 10, 30), subject_id=2)
    deadline_close(case, rule=ANSWER, subject_id=1, today=on_time.due_on)
    deadline_close(case, rule=ANSWER, subject_id=2, today=missed.due_on + timedelta(days=1))
    on_time.refresh_from_db()
    missed.refresh_from_db()
    assert on_time.state == DeadlineState.MET
    assert missed.state == DeadlineState.LATE


def test_R_DL_3_closing_met_and_late_deadlines_is_one_statement(world):
    """R-DL-3: one close marks each open deadline met or late by its own last day, in one
    UPDATE (a task's completion closes its deadlines this way)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = submit(world)
    early = deadline_open(case, rule=ANSWER, start=date(2026, 10, 1), subject_id=1)
    later = deadline_open(case, rule=ANSWER, start=date(2026, 10, 30), subject_id=2)
    assert early.due_on < later.due_on
    with CaptureQueriesContext(connection) as closing:
        closed = deadline_close(case, rule=ANSWER, today=later.due_on)
    assert closed == 2
    assert len(closing.captured_queries) == 1, [q["sql"] for q in closing.captured_queries]
    early.refresh_from_db()
    later.refresh_from_db()
    assert (early.state, later.state) == (DeadlineState.LATE, DeadlineState.MET)


def test_R_DL_3_a_task_finished_after_its_deadline_is_stored_as_late(world):
    """R-DL-3: the screening task's deadline passed before the secretariat finished it."""
    from tests.journey import ALL_MET, open_task, step

    case = submit(world)
    task = open_task(case, "screen")
    Deadline.objects.filter(task_id=task.pk).update(due_on=calendar.today() - timedelta(days=1))
    step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    assert Deadline.objects.get(task_id=task.pk).state == DeadlineState.LATE


def test_R_DL_1_a_typed_deadline_on_a_saturday_moves_to_the_next_working_day():
    """R-DL-1: a date a user typed that falls on a Saturday becomes the Monday after
    (or the next working day, if that Monday is a holiday)."""
    saturday = _next(5)
    moved = checked_deadline(saturday, field="due_on")
    assert moved > saturday and calendar.is_business_day(moved)
    assert moved == calendar.roll_forward(saturday)
    tuesday = _next(1)
    assert checked_deadline(tuesday, field="due_on") == calendar.roll_forward(tuesday)


@pytest.mark.parametrize(
    ("offset", "code"),
    [(0, "date_in_past"), (-10, "date_in_past"), (400, "too_far")],
)
def test_R_DL_1_a_typed_deadline_today_in_the_past_or_far_ahead_is_refused(offset, code):
    """R-DL-1: a deadline must lie ahead, and not absurdly far."""
    with pytest.raises(ValidationFailed) as exc:
        checked_deadline(calendar.today() + timedelta(days=offset), field="due_on")
    assert exc.value.errors == [
        {"field": "due_on", "code": code, "message": exc.value.errors[0]["message"]}
    ]


def test_an_effective_date_may_be_today_but_not_in_the_past_or_decades_ahead():
    today = calendar.today()
    assert checked_future_date(today, field="effective_on", label="Datoen") == today
    with pytest.raises(ValidationFailed) as exc:
        checked_future_date(today - timedelta(days=1), field="effective_on", label="Datoen")
    assert exc.value.errors[0]["code"] == "date_in_past"
    with pytest.raises(ValidationFailed) as exc:
        checked_future_date(date(today.year + 20, 1, 1), field="effective_on", label="Datoen")
    assert exc.value.errors[0]["code"] == "too_far"
