"""The business-day calendar and day-count deadlines (R-DL-1, R-DL-2)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cases import calendar

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def test_R_DL_1_counts_from_the_day_after_the_event():
    """R-DL-1: counts from the day after the event."""
    # Tuesday 3 March 2026 + 14 days = Tuesday 17 March 2026, an ordinary weekday.
    assert calendar.deadline_after_days(date(2026, 3, 3), 14) == date(2026, 3, 17)


def test_R_DL_1_a_deadline_on_saturday_moves_to_monday():
    """R-DL-1: a deadline on saturday moves to monday."""
    # Monday 2 Nov 2026 + 5 days = Saturday 7 Nov -> Monday 9 Nov.
    assert calendar.deadline_after_days(date(2026, 11, 2), 5) == date(2026, 11, 9)


def test_R_DL_1_a_deadline_on_17_may_moves_past_the_holiday():
    """R-DL-1: a deadline on 17 may moves past the holiday."""
    # 17 May 2027 is a Monday (Constitution Day): the deadline moves to Tuesday 18 May.
    assert calendar.deadline_after_days(date(2027, 5, 3), 14) == date(2027, 5, 18)


def test_R_DL_1_easter_chain_is_skipped():
    """R-DL-1: easter chain is skipped."""
    # Ends on Maundy Thursday 2 April 2026 -> Good Friday, Saturday, Easter Sunday and
    # Easter Monday are skipped -> Tuesday 7 April.
    assert calendar.deadline_after_days(date(2026, 3, 19), 14) == date(2026, 4, 7)


def test_R_DL_1_christmas_eve_and_new_years_eve_are_ordinary_days():
    """R-DL-1: christmas eve and new years eve are ordinary days."""
    # 24 Dec 2026 is a Thursday, 31 Dec 2026 a Thursday: neither moves.
    assert calendar.deadline_after_days(date(2026, 12, 10), 14) == date(2026, 12, 24)
    assert calendar.deadline_after_days(date(2026, 12, 17), 14) == date(2026, 12, 31)


def test_R_DL_1_1_may_is_a_holiday():
    """R-DL-1: 1 may is a holiday."""
    assert calendar.is_public_holiday(date(2026, 5, 1))
    assert not calendar.is_business_day(date(2026, 5, 1))


def test_R_DL_2_virkedag_is_monday_to_friday_except_holidays():
    """R-DL-2: virkedag is monday to friday except holidays."""
    assert calendar.is_business_day(date(2026, 11, 23))  # Monday
    assert not calendar.is_business_day(date(2026, 11, 21))  # Saturday
    assert not calendar.is_business_day(date(2026, 11, 22))  # Sunday
    assert not calendar.is_business_day(date(2026, 12, 25))  # Christmas Day
    assert calendar.is_business_day(date(2026, 12, 24))  # Christmas Eve is ordinary


def test_R_DL_2_next_business_day_over_a_weekend():
    """R-DL-2: next business day over a weekend."""
    assert calendar.next_business_day(date(2026, 11, 20)) == date(2026, 11, 23)
    assert calendar.add_business_days(date(2026, 12, 23), 2) == date(2026, 12, 28)


@given(start=days, n=st.integers(min_value=0, max_value=120))
def test_R_DL_1_property_deadline_is_the_first_business_day_on_or_after_the_count(start, n):
    """R-DL-1: property deadline is the first business day on or after the count."""
    due = calendar.deadline_after_days(start, n)
    plain = start + timedelta(days=n)
    assert due >= plain
    assert calendar.is_business_day(due)
    # Every day between the plain count and the deadline is a non-business day.
    day = plain
    while day < due:
        assert not calendar.is_business_day(day)
        day += timedelta(days=1)


@given(day=days)
def test_R_DL_2_property_next_business_day_skips_only_non_business_days(day):
    """R-DL-2: property next business day skips only non business days."""
    nxt = calendar.next_business_day(day)
    assert nxt > day and calendar.is_business_day(nxt)
    assert all(
        not calendar.is_business_day(day + timedelta(days=i)) for i in range(1, (nxt - day).days)
    )


def test_R_DL_3_overdue_starts_the_day_after_the_last_day():
    """R-DL-3: overdue starts the day after the last day."""
    due = date(2026, 11, 23)
    assert not calendar.is_overdue(due, on=due)
    assert calendar.is_overdue(due, on=due + timedelta(days=1))
