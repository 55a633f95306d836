"""Chargeable days for a patient ready for discharge (utskrivningsklar), R-USK-1..5.

`chargeable_days` is pure: one stay's events, the community's `BillingTerms` and the yearly
døgnpris in, a `Charge` out, with the rules that applied and why (in Norwegian). `charge_for`
loads the terms and rates of a community and calls it; the API and the web page call that.

How a stay is counted:
- Every moment is read as a day in Norwegian time (Europe/Oslo).
- R-USK-1: nothing is charged unless the municipality was notified, did not say it could take
  the patient at once, and (when the terms require it) the discharge summary was sent.
- R-USK-2: `grace_hours` moves the moment counted from (notice + grace); `charge_start` then
  picks the first day from the day of that moment: that day, the next day, or the next virkedag.
- R-USK-3: the end is the day the municipality took the patient over (`taken_over_on`) or the
  day it answered that it can receive (`can_receive` at `answered_at`), whichever is first;
  that day is not charged.
- R-USK-4: charging stops from `ill_again_on` (that day not charged). A readmission for the
  same problem within `readmission_void_hours` of the discharge voids the whole stay. The hours
  are counted from `discharged_at` when given; otherwise from the start of `taken_over_on`,
  the earliest the patient can have left, so that a stay is voided only when the readmission
  is certainly inside the window.
- An open stay (no take-over, no can_receive answer, not ill again) is refused with a field
  error on `taken_over_on`: the tool prices stays that have ended.
- R-USK-5: each day at the døgnpris of its own year; a missing year is `daily_rate_missing`.
"""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

from . import calendar
from .billing_stay import (
    ANSWERS,
    CAN_RECEIVE,
    OSLO,
    AppliedRule,
    Charge,
    Stay,
    YearPart,
    local_day,
    nb_date,
    start_of,
    validate_stay,
)
from .errors import Conflict, ValidationFailed, field_error
from .models.billing import BillingTerms, ChargeStart, DailyRate

__all__ = [
    "AppliedRule",
    "Charge",
    "Stay",
    "YearPart",
    "OSLO",
    "billing_terms_of",
    "charge_for",
    "chargeable_days",
    "daily_rate",
    "daily_rate_missing",
]


def first_chargeable_day_r_usk_2(stay: Stay, terms: BillingTerms) -> tuple[date, list[str]]:
    """R-USK-2: the first chargeable day, counted from the day of notice (+ grace hours)."""
    texts = []
    counted_from = stay.notified_at
    if terms.grace_hours:
        counted_from = stay.notified_at + timedelta(hours=terms.grace_hours)
        texts.append(
            f"Karenstid på {terms.grace_hours} timer etter varselet: betalingen regnes fra"
            f" {nb_date(local_day(counted_from))} kl. {counted_from.astimezone(OSLO):%H:%M}"
            " (R-USK-2)."
        )
    base = local_day(counted_from)
    if terms.charge_start == ChargeStart.NEXT_BUSINESS_DAY:
        first, how = calendar.next_business_day(base), "påfølgende virkedag"
    elif terms.charge_start == ChargeStart.NEXT_DAY:
        first, how = base + timedelta(days=1), "dagen etter varselet"
    else:
        first, how = base, "varslingsdagen"
    notice = nb_date(local_day(stay.notified_at), weekday=True)
    texts.append(
        f"Betaling fra og med {how} (R-USK-2): varslet {notice},"
        f" første betalingsdag {nb_date(first, weekday=True)}."
    )
    return first, texts


def end_of_charging_r_usk_3(stay: Stay) -> tuple[date, list[AppliedRule]]:
    """R-USK-3 / R-USK-4: the first day NOT charged (take-over, place ready or ill again)."""
    ends = []
    if stay.taken_over_on is not None:
        ends.append(
            (
                stay.taken_over_on,
                "R-USK-3",
                f"Kommunen overtok pasienten {nb_date(stay.taken_over_on)}; den dagen betales"
                " ikke (R-USK-3).",
            )
        )
    if stay.municipality_answer == CAN_RECEIVE:
        day = local_day(stay.answered_at)
        ends.append(
            (
                day,
                "R-USK-3",
                f"Kommunen meldte {nb_date(day)} at den kan ta imot pasienten; betaling til og"
                " med dagen før (R-USK-3).",
            )
        )
    if stay.ill_again_on is not None:
        ends.append(
            (
                stay.ill_again_on,
                "R-USK-4",
                f"Pasienten ble syk igjen og formelt innlagt på nytt {nb_date(stay.ill_again_on)};"
                " betalingen stopper fra den dagen. Et nytt varsel starter en ny periode"
                " (R-USK-4).",
            )
        )
    if not ends:
        raise ValidationFailed(
            "Oppholdet er ikke avsluttet.",
            errors=[
                field_error(
                    "taken_over_on",
                    "Oppgi dagen kommunen overtok pasienten (eller at kommunen meldte at den kan"
                    " ta imot, eller at pasienten ble syk igjen); verktøyet beregner avsluttede"
                    " opphold.",
                    "required",
                )
            ],
        )
    end = min(day for day, _, _ in ends)
    return end, [AppliedRule(rule, text) for day, rule, text in ends if day == end]


def readmission_voids_r_usk_4(stay: Stay, terms: BillingTerms) -> tuple[bool, AppliedRule | None]:
    """R-USK-4: whether the readmission voids the stay's payment, and the rule it applied."""
    if stay.readmitted_at is None:
        return False, None
    if not stay.readmission_same_problem:
        return False, AppliedRule(
            "R-USK-4",
            "Reinnlagt for en annen problemstilling: betalingen for oppholdet står (R-USK-4).",
        )
    left = stay.discharged_at or start_of(stay.taken_over_on)
    hours = (stay.readmitted_at - left).total_seconds() / 3600
    limit = terms.readmission_void_hours
    if hours <= limit:
        return True, AppliedRule(
            "R-USK-4",
            f"Reinnlagt for samme problemstilling {_hours(hours)} timer etter utskrivningen,"
            f" innen {limit} timer: betalingen for oppholdet faller bort (R-USK-4).",
        )
    return False, AppliedRule(
        "R-USK-4",
        f"Reinnlagt for samme problemstilling {_hours(hours)} timer etter utskrivningen, etter"
        f" mer enn {limit} timer: betalingen står (R-USK-4).",
    )


def _hours(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _nothing(rules: list[AppliedRule]) -> Charge:
    return Charge(days=0, first_day=None, last_day=None, amount=Decimal("0"), rules=rules)


def conditions_r_usk_1(stay: Stay, terms: BillingTerms) -> tuple[bool, AppliedRule]:
    """R-USK-1: whether any day can be charged at all, and why."""
    if stay.notified_at is None:
        return False, AppliedRule("R-USK-1", "Kommunen er ikke varslet: ingen betaling (R-USK-1).")
    if terms.requires_discharge_summary and not stay.discharge_summary_sent:
        return False, AppliedRule(
            "R-USK-1",
            "Epikrise eller tilsvarende dokumentasjon er ikke sendt, og avtalen krever det:"
            " ingen betaling (R-USK-1).",
        )
    answer = (
        "har ikke svart på varselet"
        if stay.municipality_answer is None
        else f"svarte at den {ANSWERS[stay.municipality_answer]}"
    )
    summary = " Epikrise er sendt." if terms.requires_discharge_summary else ""
    return True, AppliedRule(
        "R-USK-1",
        f"Pasienten er meldt utskrivningsklar {nb_date(local_day(stay.declared_ready_at))} og"
        f" kommunen er varslet; kommunen {answer}.{summary} (R-USK-1)",
    )


def price_by_year_r_usk_5(
    first: date, last: date, rates: Mapping[int, Decimal]
) -> tuple[list[YearPart], list[AppliedRule]]:
    """R-USK-5: the days of each year at that year's døgnpris."""
    parts, rules = [], []
    for year in range(first.year, last.year + 1):
        start = max(first, date(year, 1, 1))
        end = min(last, date(year, 12, 31))
        days = (end - start).days + 1
        rate = rates.get(year)
        if rate is None:
            raise daily_rate_missing(year)
        amount = days * rate
        parts.append(YearPart(year=year, days=days, rate=rate, amount=amount))
        rules.append(
            AppliedRule(
                "R-USK-5",
                f"{days} døgn i {year} × {_kr(rate)} kr = {_kr(amount)} kr (R-USK-5).",
            )
        )
    return parts, rules


def daily_rate_missing(year: int) -> ValidationFailed:
    """R-USK-5: the error when `year` has no døgnpris (the admin enters later years)."""
    return ValidationFailed(
        f"Døgnprisen for {year} er ikke registrert; administrator må legge den inn.",
        code="daily_rate_missing",
        errors=[field_error("year", f"Mangler døgnpris for {year}.", "daily_rate_missing")],
    )


def _kr(value: Decimal) -> str:
    whole = value.quantize(Decimal("1")) if value == value.to_integral_value() else value
    return f"{whole:,}".replace(",", "\u00a0").replace(".", ",")


def chargeable_days(stay: Stay, terms: BillingTerms, rates: Mapping[int, Decimal]) -> Charge:
    """R-USK-1..5 for one stay under `terms`, priced with `rates` (year → døgnpris). Pure."""
    validate_stay(stay)
    end, end_rules = end_of_charging_r_usk_3(stay)
    chargeable, condition = conditions_r_usk_1(stay, terms)
    if not chargeable:
        return _nothing([condition])
    rules = [condition]
    voided, readmission = readmission_voids_r_usk_4(stay, terms)
    if voided:
        return _nothing(rules + [readmission])
    first, start_texts = first_chargeable_day_r_usk_2(stay, terms)
    rules += [AppliedRule("R-USK-2", text) for text in start_texts] + end_rules
    if readmission is not None:
        rules.append(readmission)
    last = end - timedelta(days=1)
    if last < first:
        return _nothing(
            rules
            + [
                AppliedRule(
                    "R-USK-3",
                    f"Betalingen slutter før første betalingsdag {nb_date(first)}: ingen"
                    " betalingsdøgn (R-USK-3).",
                )
            ]
        )
    by_year, price_rules = price_by_year_r_usk_5(first, last, rates)
    return Charge(
        days=sum(p.days for p in by_year),
        first_day=first,
        last_day=last,
        amount=sum((p.amount for p in by_year), Decimal("0")),
        by_year=by_year,
        rules=rules + price_rules,
    )


def billing_terms_of(community) -> BillingTerms:
    """The community's agreement on paying for these days; `billing_terms_missing` if none."""
    terms = BillingTerms.objects.filter(community=community).first()
    if terms is None:
        raise Conflict(
            f"{community} har ikke registrert betalingsregler for utskrivningsklare pasienter.",
            code="billing_terms_missing",
        )
    return terms


def daily_rate(year: int) -> Decimal:
    """R-USK-5: the døgnpris of `year`; `daily_rate_missing` when the admin has not entered it."""
    rate = DailyRate.objects.filter(year=year).values_list("amount", flat=True).first()
    if rate is None:
        raise daily_rate_missing(year)
    return rate


def charge_for(stay: Stay, community) -> Charge:
    """The stay under `community`'s terms, priced with the registered døgnpris rows."""
    terms = billing_terms_of(community)
    rates = dict(DailyRate.objects.values_list("year", "amount"))
    return chargeable_days(stay, terms, rates)
