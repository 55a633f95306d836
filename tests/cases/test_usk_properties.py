"""Properties of the chargeable-days calculator (R-USK-1..5) and of the deadline calendar
(R-DL-1, R-DL-2), over generated stays and dates."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cases import calendar
from cases.billing import Stay, chargeable_days
from cases.billing_stay import local_day, start_of
from cases.deadline_rules import all_rules
from cases.models import BillingTerms, ChargeStart

YEARS = range(2023, 2029)
moments = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2027, 12, 31)).map(
    lambda d: d.replace(tzinfo=UTC)
)
rates = st.fixed_dictionaries(
    {y: st.decimals(min_value=1, max_value=20000, places=2) for y in YEARS}
)
terms = st.builds(
    BillingTerms,
    charge_start=st.sampled_from(ChargeStart.values),
    grace_hours=st.integers(0, 96),
    requires_discharge_summary=st.booleans(),
    readmission_void_hours=st.integers(0, 120),
)


@st.composite
def stays(draw) -> Stay:
    """A stay whose events can all be true together."""
    ready = draw(moments)
    notified = draw(st.none() | st.integers(0, 72 * 60).map(lambda m: ready + timedelta(minutes=m)))
    answer = draw(st.sampled_from([None, "cannot_receive", "can_receive"])) if notified else None
    answered = None
    if answer is not None:
        answered = notified + timedelta(minutes=draw(st.integers(0, 40 * 24 * 60)))
    ready_day = local_day(ready)
    taken_over = draw(st.none() | st.integers(0, 60).map(lambda d: ready_day + timedelta(d)))
    ill_again = draw(st.none() | st.integers(0, 60).map(lambda d: ready_day + timedelta(d)))
    if taken_over is None and ill_again is None and answer != "can_receive":
        taken_over = ready_day + timedelta(days=draw(st.integers(0, 60)))
    readmitted = None
    if taken_over is not None and draw(st.booleans()):
        readmitted = start_of(taken_over) + timedelta(hours=draw(st.integers(0, 200)))
    return Stay(
        declared_ready_at=ready,
        notified_at=notified,
        municipality_answer=answer,
        answered_at=answered,
        taken_over_on=taken_over,
        readmitted_at=readmitted,
        readmission_same_problem=draw(st.booleans()),
        ill_again_on=ill_again,
        discharge_summary_sent=draw(st.booleans()),
    )


@settings(max_examples=300)
@given(stays(), terms, rates)
def test_R_USK_1_days_are_never_negative(stay, terms, rates):
    """R-USK-1..4: whatever happened, never fewer than 0 days and never a negative amount."""
    charge = chargeable_days(stay, terms, rates)
    assert charge.days >= 0
    assert charge.amount >= 0


@settings(max_examples=300)
@given(stays(), terms, rates)
def test_R_USK_5_amount_is_the_sum_of_days_times_each_years_rate(stay, terms, rates):
    """R-USK-5: amount = Σ days × that year's døgnpris, counted day by day."""
    charge = chargeable_days(stay, terms, rates)
    expected = Decimal("0")
    if charge.days:
        day = charge.first_day
        while day <= charge.last_day:
            expected += rates[day.year]
            day += timedelta(days=1)
    assert charge.amount == expected
    assert sum(p.days for p in charge.by_year) == charge.days
    assert all(p.amount == p.days * rates[p.year] for p in charge.by_year)


@settings(max_examples=300)
@given(stays(), terms, rates)
def test_R_USK_3_days_span_first_to_last_day(stay, terms, rates):
    """R-USK-2/R-USK-3: days == last_day - first_day + 1; the end day is never charged."""
    charge = chargeable_days(stay, terms, rates)
    if charge.days == 0:
        assert (charge.first_day, charge.last_day) == (None, None)
        return
    assert charge.days == (charge.last_day - charge.first_day).days + 1
    assert charge.first_day >= local_day(stay.notified_at)
    for end in (stay.taken_over_on, stay.ill_again_on):
        assert end is None or charge.last_day < end


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(days, st.integers(0, 400))
def test_R_DL_1_a_deadline_is_never_a_non_working_day_nor_before_the_plain_count(day, n):
    """R-DL-1, R-DL-2: never a Saturday, Sunday or public holiday; never before day + n."""
    due = calendar.deadline_after_days(day, n)
    assert due.weekday() < 5
    assert not calendar.is_public_holiday(due)
    assert due >= day + timedelta(days=n)
    # and it moves no further than off the run of non-working days
    assert all(not calendar.is_business_day(d) for d in _days(day + timedelta(days=n), due))


def _days(start: date, end: date):
    while start < end:
        yield start
        start += timedelta(days=1)


@given(days, st.sampled_from(all_rules()))
def test_R_DL_2_every_deadline_rule_is_due_on_a_working_day_not_before_the_plain_count(day, rule):
    """R-DL-1, R-DL-2: every registered `DeadlineRule.due_on` (objection filing and answer
    included once registered): a working day, never before the plain count."""
    due = rule.due_on(day)
    assert calendar.is_business_day(due)
    assert due >= day + timedelta(days=rule.days)


@given(days, st.integers(1, 120))
def test_R_DL_2_a_business_day_count_lands_on_a_working_day_past_the_plain_count(day, n):
    """R-DL-2: a rule counted in business days (a community's setting): the n-th virkedag."""
    due = calendar.add_business_days(day, n)
    assert calendar.is_business_day(due)
    assert due >= day + timedelta(days=n)
    assert sum(calendar.is_business_day(d) for d in _days(day + timedelta(days=1), due)) == n - 1
