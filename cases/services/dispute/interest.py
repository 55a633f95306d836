"""R-DSP-5: late-payment interest (forsinkelsesrenteloven) on a repayment.

Simple interest per day, counted actual/365: each day from `start` up to (not including)
`end` bears the rate of its half-year (`InterestRate`). The period is split at each 1 January
and 1 July; each line is rounded to whole øre and the total is the sum of the lines, so the
computation shown adds up.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from cases.errors import ValidationFailed, field_error
from cases.models import InterestRate

DAYS_IN_YEAR = Decimal(365)
ORE = Decimal("0.01")


@dataclass(frozen=True)
class InterestLine:
    start: date
    end: date  # exclusive
    days: int
    rate: Decimal  # percent a year
    amount: Decimal


@dataclass(frozen=True)
class InterestComputation:
    principal: Decimal
    start: date
    end: date
    lines: list[InterestLine]

    @property
    def days(self) -> int:
        return sum(line.days for line in self.lines)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month < 7 else 7, 1)


def next_half_year(start: date) -> date:
    return date(start.year, 7, 1) if start.month == 1 else date(start.year + 1, 1, 1)


def _half_years(start: date, end: date) -> list[tuple[date, date, date]]:
    """(half-year, first day, end) of each half-year piece of [start, end)."""
    pieces = []
    day = start
    while day < end:
        half = half_year_start(day)
        piece_end = min(next_half_year(half), end)
        pieces.append((half, day, piece_end))
        day = piece_end
    return pieces


def _invalid(field: str, message: str, code: str = "validation_error") -> ValidationFailed:
    return ValidationFailed(message, code=code, errors=[field_error(field, message)])


def late_payment_interest(*, principal: Decimal, start: date, end: date) -> InterestComputation:
    """R-DSP-5: interest on `principal` from `start` to `end`, with one line per half-year."""
    principal = Decimal(principal)
    if principal <= 0:
        raise _invalid("principal", "Beløpet må være større enn null.")
    if end <= start:
        raise _invalid("end", "Sluttdatoen må være etter startdatoen.")
    pieces = _half_years(start, end)
    rates = dict(
        InterestRate.objects.filter(
            half_year_start__in=[half for half, _, _ in pieces]
        ).values_list("half_year_start", "rate")
    )
    missing = [half for half, _, _ in pieces if half not in rates]
    if missing:
        names = ", ".join(f"{1 if h.month == 1 else 2}. halvår {h.year}" for h in missing)
        raise _invalid(
            "start", f"Forsinkelsesrenten er ikke registrert for {names}.", "interest_rate_missing"
        )
    lines = []
    for half, first, piece_end in pieces:
        days = (piece_end - first).days
        rate = rates[half]
        amount = (principal * rate / 100 * days / DAYS_IN_YEAR).quantize(ORE, ROUND_HALF_UP)
        lines.append(InterestLine(first, piece_end, days, rate, amount))
    return InterestComputation(principal, start, end, lines)
