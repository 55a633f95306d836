"""The Norwegian business-day calendar and day-count deadlines (R-DL-1, R-DL-2).

One shared component: every deadline in Saksflyt is computed here.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    # lov om helligdager + 1 and 17 May; 24 and 31 December are ordinary days.
    return frozenset(holidays.Norway(years=year, language="no").keys())


def is_public_holiday(day: date) -> bool:
    return day in _public_holidays(day.year)


def is_business_day(day: date) -> bool:
    """R-DL-2: a virkedag is Monday-Friday and not a public holiday."""
    return day.weekday() < 5 and not is_public_holiday(day)


def next_business_day(day: date) -> date:
    """The first business day strictly after `day`."""
    day += timedelta(days=1)
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def roll_forward(day: date) -> date:
    """`day` itself when it is a business day, otherwise the next one (domstolloven § 149)."""
    return day if is_business_day(day) else next_business_day(day)


def deadline_after_days(event_day: date, days: int) -> date:
    """R-DL-1: `days` calendar days counted from the day after the event, rolled forward
    off a Saturday, Sunday or public holiday."""
    if days < 0:
        raise ValueError("days must not be negative")
    return roll_forward(event_day + timedelta(days=days))


def add_business_days(day: date, count: int) -> date:
    """R-DL-2: the `count`-th business day after `day`."""
    for _ in range(count):
        day = next_business_day(day)
    return day


def today() -> date:
    """Today in Norway (the calendar every deadline is read against)."""
    return timezone.localdate()


def is_overdue(due_on: date, *, on: date | None = None) -> bool:
    """A deadline is overdue from the day after its last day."""
    return (on or today()) > due_on
