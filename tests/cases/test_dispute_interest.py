"""R-DSP-5: late-payment interest from the half-year rates, simple interest per day
(actual/365), one line per half-year. The expected figures are worked by hand below."""

from datetime import date
from decimal import Decimal

import pytest

from cases.errors import DomainError
from cases.models import InterestRate
from cases.services.dispute import late_payment_interest


def _lines(result):
    return [(line.start, line.end, line.days, line.rate, line.amount) for line in result.lines]


def test_R_DSP_5_interest_over_three_half_years(db):
    """100 000 kr from 1 March 2023 up to 29 February 2024:
    1H 2023: 1.3.–30.6. = 31+30+31+30 = 122 days × 10.75 % → 100 000 × 0.1075 × 122/365
             = 3 593.150… → 3 593.15
    2H 2023: 1.7.–31.12. = 184 days × 11.75 % → 11 750 × 184/365 = 5 923.287… → 5 923.29
    1H 2024: 1.1.–28.2. = 31+28 = 59 days × 12.50 % → 12 500 × 59/365 = 2 020.547… → 2 020.55
    total 11 536.99 kr over 365 days."""
    result = late_payment_interest(
        principal=Decimal("100000"), start=date(2023, 3, 1), end=date(2024, 2, 29)
    )
    assert _lines(result) == [
        (date(2023, 3, 1), date(2023, 7, 1), 122, Decimal("10.75"), Decimal("3593.15")),
        (date(2023, 7, 1), date(2024, 1, 1), 184, Decimal("11.75"), Decimal("5923.29")),
        (date(2024, 1, 1), date(2024, 2, 29), 59, Decimal("12.50"), Decimal("2020.55")),
    ]
    assert result.total == Decimal("11536.99")
    assert result.days == 365


def test_R_DSP_5_interest_within_one_half_year(db):
    """250 000 kr from 15 January to 15 April 2026: 17+28+31+14 = 90 days × 12.00 %
    → 250 000 × 0.12 × 90/365 = 7 397.260… → 7 397.26."""
    result = late_payment_interest(
        principal=Decimal("250000"), start=date(2026, 1, 15), end=date(2026, 4, 15)
    )
    assert _lines(result) == [
        (date(2026, 1, 15), date(2026, 4, 15), 90, Decimal("12.00"), Decimal("7397.26"))
    ]
    assert result.total == Decimal("7397.26")


def test_R_DSP_5_rates_are_data(db):
    """A rate changed in the admin changes the interest: 2H 2023 at 12 % instead of 11.75 %
    gives 10 000 kr × 0.12 × 184/365 = 604.931… → 604.93 for the whole half-year."""
    InterestRate.objects.filter(half_year_start=date(2023, 7, 1)).update(rate=Decimal("12.00"))
    result = late_payment_interest(
        principal=Decimal("10000"), start=date(2023, 7, 1), end=date(2024, 1, 1)
    )
    assert result.total == Decimal("604.93")


def test_R_DSP_5_a_period_without_a_known_rate_is_refused(db):
    """2H 2024 is not given in the sources: the computation names it instead of guessing."""
    with pytest.raises(DomainError) as caught:
        late_payment_interest(
            principal=Decimal("1000"), start=date(2024, 6, 1), end=date(2025, 2, 1)
        )
    assert caught.value.code == "interest_rate_missing"
    assert "2. halvår 2024" in caught.value.message


@pytest.mark.parametrize(
    ("principal", "start", "end"),
    [
        (Decimal("0"), date(2023, 1, 1), date(2023, 2, 1)),
        (Decimal("100"), date(2023, 2, 1), date(2023, 2, 1)),
    ],
)
def test_R_DSP_5_an_empty_principal_or_period_is_refused(db, principal, start, end):
    with pytest.raises(DomainError):
        late_payment_interest(principal=principal, start=start, end=end)
