"""Chargeable days of a patient ready for discharge, worked by hand (R-USK-1..5).

Every date below was counted on a calendar: 3 March 2025 is a Monday, 7 March 2025 a Friday,
Whit Monday 2025 is 9 June (a public holiday), 29 December 2023 is a Friday.
"""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest

from cases.billing import (
    OSLO,
    Stay,
    billing_terms_of,
    charge_for,
    chargeable_days,
    daily_rate,
)
from cases.billing_data import DAILY_RATES
from cases.billing_profiles import PROFILES, apply_billing_profile
from cases.errors import Conflict, ValidationFailed
from cases.models import BillingTerms, ChargeStart, Community, DailyRate
from tests.factories import CommunityFactory

RATE_4000 = {2025: Decimal("4000")}  # a test year at the ministry example's rate


def at(y, m, d, h=10, minute=0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=OSLO)


def terms(**kw) -> BillingTerms:
    defaults = {
        "charge_start": ChargeStart.SAME_DAY,
        "grace_hours": 0,
        "requires_discharge_summary": True,
        "readmission_void_hours": 48,
    }
    return BillingTerms(**{**defaults, **kw})


def stay(**kw) -> Stay:
    """Declared ready and notified Monday 3 March 2025 at 10:00."""
    return Stay(**{"declared_ready_at": at(2025, 3, 3), "notified_at": at(2025, 3, 3), **kw})


def rule_ids(charge) -> list[str]:
    return [r.rule_id for r in charge.rules]


def error_fields(excinfo) -> set[str]:
    return {e["field"] for e in excinfo.value.errors}


# --- R-USK-3: the ministry's example ---------------------------------------------------
def test_R_USK_3_ministry_example_place_ready_three_days_after_notice():
    """R-USK-3, R-USK-5: notice Monday 3 March; on Thursday 6 March the municipality reports
    a place ready: 3, 4 and 5 March are charged, 3 days × 4 000 = 12 000 kr."""
    charge = chargeable_days(
        stay(municipality_answer="can_receive", answered_at=at(2025, 3, 6, 9)),
        terms(),
        RATE_4000,
    )
    assert charge.days == 3
    assert (charge.first_day, charge.last_day) == (date(2025, 3, 3), date(2025, 3, 5))
    assert charge.amount == Decimal("12000")
    assert [(p.year, p.days, p.rate, p.amount) for p in charge.by_year] == [
        (2025, 3, Decimal("4000"), Decimal("12000"))
    ]
    assert rule_ids(charge) == ["R-USK-1", "R-USK-2", "R-USK-3", "R-USK-5"]
    assert charge.rules[1].text.startswith("Betaling fra og med varslingsdagen (R-USK-2)")
    assert "3 døgn i 2025 × 4\u00a0000 kr = 12\u00a0000 kr (R-USK-5)." in charge.rules[-1].text


def test_R_USK_3_take_over_day_is_not_charged():
    """R-USK-3: taken over Friday 7 March: 3-6 March charged, the 7th not."""
    charge = chargeable_days(stay(taken_over_on=date(2025, 3, 7)), terms(), RATE_4000)
    assert (charge.days, charge.last_day) == (4, date(2025, 3, 6))
    assert "den dagen betales ikke (R-USK-3)" in charge.rules[2].text


def test_R_USK_3_the_earlier_end_counts_place_ready_before_take_over():
    """R-USK-3: place reported ready on the 5th, taken over on the 7th: the 5th ends it."""
    charge = chargeable_days(
        stay(
            municipality_answer="can_receive",
            answered_at=at(2025, 3, 5, 14),
            taken_over_on=date(2025, 3, 7),
        ),
        terms(),
        RATE_4000,
    )
    assert (charge.days, charge.last_day) == (2, date(2025, 3, 4))


def test_R_USK_1_can_receive_on_the_day_of_notice_charges_nothing():
    """R-USK-1, R-USK-3: the municipality can take the patient the same day: 0 days."""
    charge = chargeable_days(
        stay(municipality_answer="can_receive", answered_at=at(2025, 3, 3, 11)),
        terms(),
        RATE_4000,
    )
    assert (charge.days, charge.amount, charge.first_day) == (0, Decimal("0"), None)


# --- R-USK-1 ---------------------------------------------------------------------------
def test_R_USK_1_cannot_receive_is_charged_until_take_over():
    """R-USK-1: the municipality answered it cannot receive: charged until the take-over."""
    charge = chargeable_days(
        stay(
            municipality_answer="cannot_receive",
            answered_at=at(2025, 3, 3, 12),
            taken_over_on=date(2025, 3, 6),
        ),
        terms(),
        RATE_4000,
    )
    assert charge.days == 3
    assert "svarte at den ikke kan ta imot pasienten" in charge.rules[0].text


def test_R_USK_1_never_answered_is_charged_until_take_over():
    """R-USK-1: no answer to the notice counts as cannot receive."""
    charge = chargeable_days(stay(taken_over_on=date(2025, 3, 6)), terms(), RATE_4000)
    assert charge.days == 3
    assert "har ikke svart på varselet" in charge.rules[0].text


def test_R_USK_1_no_discharge_summary_charges_nothing():
    """R-USK-1 (delavtale 1.5 c): no epikrise sent, and the terms require it: 0 days."""
    charge = chargeable_days(
        stay(taken_over_on=date(2025, 3, 6), discharge_summary_sent=False), terms(), RATE_4000
    )
    assert (charge.days, charge.amount) == (0, Decimal("0"))
    assert rule_ids(charge) == ["R-USK-1"]
    assert "Epikrise" in charge.rules[0].text


def test_R_USK_1_no_discharge_summary_is_charged_when_terms_do_not_require_it():
    """R-USK-1: `requires_discharge_summary` off: the missing epikrise does not matter."""
    charge = chargeable_days(
        stay(taken_over_on=date(2025, 3, 6), discharge_summary_sent=False),
        terms(requires_discharge_summary=False),
        RATE_4000,
    )
    assert charge.days == 3


def test_R_USK_1_not_notified_charges_nothing():
    """R-USK-1: the municipality was never notified: 0 days."""
    charge = chargeable_days(
        stay(notified_at=None, taken_over_on=date(2025, 3, 6)), terms(), RATE_4000
    )
    assert charge.days == 0
    assert "ikke varslet" in charge.rules[0].text


# --- R-USK-2 ---------------------------------------------------------------------------
def test_R_USK_2_next_business_day_from_a_friday_starts_monday():
    """R-USK-2: notified Friday 7 March under next_business_day: first day Monday 10 March;
    taken over Wednesday 12 March: 10 and 11 March, 2 days."""
    charge = chargeable_days(
        Stay(
            declared_ready_at=at(2025, 3, 7),
            notified_at=at(2025, 3, 7),
            taken_over_on=date(2025, 3, 12),
        ),
        terms(charge_start=ChargeStart.NEXT_BUSINESS_DAY),
        RATE_4000,
    )
    assert (charge.first_day, charge.days) == (date(2025, 3, 10), 2)
    assert charge.rules[1].text.startswith("Betaling fra og med påfølgende virkedag (R-USK-2)")
    assert "første betalingsdag mandag 10. mars 2025" in charge.rules[1].text


def test_R_USK_2_next_business_day_skips_a_public_holiday_monday():
    """R-USK-2, R-DL-2: notified Friday 6 June 2025; Monday 9 June is Whit Monday: the first
    day is Tuesday 10 June; taken over Thursday 12 June: 2 days."""
    charge = chargeable_days(
        Stay(
            declared_ready_at=at(2025, 6, 6),
            notified_at=at(2025, 6, 6),
            taken_over_on=date(2025, 6, 12),
        ),
        terms(charge_start=ChargeStart.NEXT_BUSINESS_DAY),
        RATE_4000,
    )
    assert (charge.first_day, charge.last_day, charge.days) == (
        date(2025, 6, 10),
        date(2025, 6, 11),
        2,
    )


def test_R_USK_3_taken_over_before_the_first_chargeable_day_charges_nothing():
    """R-USK-2, R-USK-3: notified Friday 7 March under next_business_day, taken over
    Saturday 8 March, before the first day (Monday 10 March): 0 days."""
    charge = chargeable_days(
        Stay(
            declared_ready_at=at(2025, 3, 7),
            notified_at=at(2025, 3, 7),
            taken_over_on=date(2025, 3, 8),
        ),
        terms(charge_start=ChargeStart.NEXT_BUSINESS_DAY),
        {},
    )
    assert (charge.days, charge.amount, charge.first_day, charge.last_day) == (0, 0, None, None)
    assert "før første betalingsdag 10. mars 2025" in charge.rules[-1].text


def test_R_USK_2_next_day_starts_the_day_after_notice():
    """R-USK-2: next_day: notified Monday 3 March, first day Tuesday 4 March."""
    charge = chargeable_days(
        stay(taken_over_on=date(2025, 3, 6)), terms(charge_start=ChargeStart.NEXT_DAY), RATE_4000
    )
    assert (charge.first_day, charge.days) == (date(2025, 3, 4), 2)


def test_R_USK_2_grace_hours_delay_the_start():
    """R-USK-2: 24 grace hours after a notice Monday 10:00 run to Tuesday 10:00: same_day
    starts Tuesday 4 March, next_day Wednesday 5 March (taken over Friday 7 March)."""
    over = stay(taken_over_on=date(2025, 3, 7))
    same = chargeable_days(over, terms(grace_hours=24), RATE_4000)
    assert (same.first_day, same.days) == (date(2025, 3, 4), 3)
    assert "Karenstid på 24 timer" in same.rules[1].text
    nxt = chargeable_days(over, terms(grace_hours=24, charge_start="next_day"), RATE_4000)
    assert (nxt.first_day, nxt.days) == (date(2025, 3, 5), 2)


def test_R_USK_2_counts_from_the_notice_not_the_declaration():
    """R-USK-2: declared ready Monday, the municipality notified Wednesday 5 March: the
    days before the notice are not charged."""
    charge = chargeable_days(
        stay(notified_at=at(2025, 3, 5, 9), taken_over_on=date(2025, 3, 7)), terms(), RATE_4000
    )
    assert (charge.first_day, charge.days) == (date(2025, 3, 5), 2)


# --- R-USK-4 ---------------------------------------------------------------------------
def readmitted(hours_after: int, **kw) -> Stay:
    """Taken over and discharged Wednesday 12 March 11:00, readmitted `hours_after` later."""
    discharged = at(2025, 3, 12, 11)
    return stay(
        taken_over_on=date(2025, 3, 12),
        discharged_at=discharged,
        readmitted_at=discharged.replace(day=12 + hours_after // 24, hour=11 + hours_after % 24),
        **kw,
    )


def test_R_USK_4_readmission_within_48_hours_voids_the_stay():
    """R-USK-4 (delavtale 1.5 e): readmitted for the same problem after 48 hours: 0 days."""
    charge = chargeable_days(readmitted(48), terms(), RATE_4000)
    assert (charge.days, charge.amount) == (0, Decimal("0"))
    assert "48 timer etter utskrivningen, innen 48 timer" in charge.rules[-1].text
    assert "faller bort (R-USK-4)" in charge.rules[-1].text


def test_R_USK_4_readmission_at_49_hours_is_charged():
    """R-USK-4: 49 hours is past the window: 3-11 March, 9 days, stay charged."""
    charge = chargeable_days(readmitted(49), terms(), RATE_4000)
    assert charge.days == 9
    assert "betalingen står (R-USK-4)" in charge.rules[3].text


def test_R_USK_4_readmission_for_another_problem_is_charged():
    """R-USK-4: the void is for the same problem only."""
    charge = chargeable_days(readmitted(5, readmission_same_problem=False), terms(), RATE_4000)
    assert charge.days == 9
    assert "annen problemstilling" in charge.rules[3].text


def test_R_USK_4_without_discharge_time_counts_from_the_start_of_the_take_over_day():
    """R-USK-4: no `discharged_at`: the hours run from 00:00 of taken_over_on, so 47 hours
    after midnight voids, 50 does not."""
    over = {"taken_over_on": date(2025, 3, 12)}
    assert chargeable_days(stay(**over, readmitted_at=at(2025, 3, 13, 23)), terms(), {}).days == 0
    assert chargeable_days(stay(**over, readmitted_at=at(2025, 3, 14, 2)), terms(), RATE_4000).days


def test_R_USK_4_ill_again_while_waiting_stops_charging_that_day():
    """R-USK-4: ill again and formally readmitted Thursday 6 March: 3-5 March charged, the
    stay needs no take-over day."""
    charge = chargeable_days(stay(ill_again_on=date(2025, 3, 6)), terms(), RATE_4000)
    assert (charge.days, charge.last_day) == (3, date(2025, 3, 5))
    assert charge.rules[2].rule_id == "R-USK-4"
    assert "Et nytt varsel starter en ny periode" in charge.rules[2].text


def test_R_USK_4_readmission_window_follows_the_terms():
    """R-USK-4: `readmission_void_hours` 72: 49 hours now voids."""
    assert chargeable_days(readmitted(49), terms(readmission_void_hours=72), {}).days == 0


# --- R-USK-5 ---------------------------------------------------------------------------
def test_R_USK_5_a_stay_across_new_year_is_priced_per_year():
    """R-USK-5: notified Friday 29 December 2023, taken over 3 January 2024: 29-31 December
    at 5 508 (16 524) and 1-2 January at 5 745 (11 490): 5 days, 28 014 kr."""
    charge = chargeable_days(
        Stay(
            declared_ready_at=at(2023, 12, 29),
            notified_at=at(2023, 12, 29),
            taken_over_on=date(2024, 1, 3),
        ),
        terms(),
        DAILY_RATES,
    )
    assert [(p.year, p.days, p.rate, p.amount) for p in charge.by_year] == [
        (2023, 3, Decimal("5508"), Decimal("16524")),
        (2024, 2, Decimal("5745"), Decimal("11490")),
    ]
    assert (charge.days, charge.amount) == (5, Decimal("28014"))


def test_R_USK_5_a_missing_year_is_daily_rate_missing_naming_the_year():
    """R-USK-5: no døgnpris for 2025 in the rates: refused, naming 2025."""
    with pytest.raises(ValidationFailed) as excinfo:
        chargeable_days(stay(taken_over_on=date(2025, 3, 6)), terms(), DAILY_RATES)
    assert excinfo.value.code == "daily_rate_missing"
    assert "2025" in excinfo.value.message


# --- input that cannot be ------------------------------------------------------------
def test_an_open_stay_is_refused_on_taken_over_on():
    with pytest.raises(ValidationFailed) as excinfo:
        chargeable_days(stay(), terms(), RATE_4000)
    assert error_fields(excinfo) == {"taken_over_on"}


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"taken_over_on": date(2025, 3, 2)}, "taken_over_on"),
        ({"notified_at": at(2025, 3, 2), "taken_over_on": date(2025, 3, 6)}, "notified_at"),
        (
            {"municipality_answer": "can_receive", "answered_at": at(2025, 3, 3, 9)},
            "answered_at",
        ),
        ({"municipality_answer": "can_receive"}, "answered_at"),
        (
            {"municipality_answer": "kanskje", "taken_over_on": date(2025, 3, 6)},
            "municipality_answer",
        ),
        ({"answered_at": at(2025, 3, 4), "taken_over_on": date(2025, 3, 6)}, "answered_at"),
        ({"readmitted_at": at(2025, 3, 5), "ill_again_on": date(2025, 3, 6)}, "readmitted_at"),
        ({"taken_over_on": date(2025, 3, 6), "readmitted_at": at(2025, 3, 5)}, "readmitted_at"),
        ({"ill_again_on": date(2025, 3, 1)}, "ill_again_on"),
        ({"taken_over_on": date(2025, 3, 6), "notified_at": datetime(2025, 3, 3)}, "notified_at"),
    ],
)
def test_impossible_events_are_refused_with_a_field_error(kw, field):
    with pytest.raises(ValidationFailed) as excinfo:
        chargeable_days(stay(**kw), terms(), RATE_4000)
    assert field in error_fields(excinfo)


# --- the community's terms and rates (database) ---------------------------------------
@pytest.mark.django_db
def test_R_USK_5_charge_for_reads_the_communitys_terms_and_the_rate_rows():
    """R-USK-5: a DailyRate row of 4 000 for a test year and the UNN profile
    (next_business_day): notified Friday 1 March 2030, first day Monday 4 March."""
    community = CommunityFactory()
    apply_billing_profile(community, "unn")
    DailyRate.objects.create(year=2030, amount=Decimal("4000"))
    charge = charge_for(
        Stay(
            declared_ready_at=datetime(2030, 3, 1, 10, tzinfo=OSLO),
            notified_at=datetime(2030, 3, 1, 10, tzinfo=OSLO),
            taken_over_on=date(2030, 3, 7),
        ),
        community,
    )
    assert (charge.first_day, charge.days, charge.amount) == (date(2030, 3, 4), 3, Decimal("12000"))
    assert daily_rate(2030) == Decimal("4000")


@pytest.mark.django_db
def test_R_USK_5_daily_rate_of_an_unentered_year_is_refused():
    """R-USK-5: later years are data; until entered, `daily_rate_missing`."""
    with pytest.raises(ValidationFailed) as excinfo:
        daily_rate(2099)
    assert excinfo.value.code == "daily_rate_missing"
    assert "2099" in excinfo.value.message


@pytest.mark.django_db
def test_a_community_without_terms_is_a_conflict():
    with pytest.raises(Conflict) as excinfo:
        billing_terms_of(CommunityFactory())
    assert excinfo.value.code == "billing_terms_missing"


@pytest.mark.django_db
def test_apply_billing_profile_creates_then_updates_the_terms():
    community = CommunityFactory()
    apply_billing_profile(community, "helse_more_og_romsdal")
    community.billing_terms.grace_hours = 12
    community.billing_terms.save()
    apply_billing_profile(community, "unn")
    saved = BillingTerms.objects.get(community=community)
    assert (saved.charge_start, saved.grace_hours) == ("next_business_day", 0)
    assert BillingTerms.objects.filter(community=community).count() == 1
    with pytest.raises(ValidationFailed):
        apply_billing_profile(community, "ukjent")


def test_the_two_seed_profiles():
    """R-USK-2: UNN's fakturaveileder §3 «påfølgende virkedag»; delavtale 1.5 b-e: from the
    day declared ready, epikrise required, 48 hours."""
    unn, more = PROFILES["unn"], PROFILES["helse_more_og_romsdal"]
    assert (unn.charge_start, unn.grace_hours, unn.requires_discharge_summary) == (
        "next_business_day",
        0,
        True,
    )
    assert (more.charge_start, more.requires_discharge_summary, more.readmission_void_hours) == (
        "same_day",
        True,
        48,
    )


@pytest.mark.django_db
def test_the_demo_communities_get_their_profiles():
    from workflows.demo import COMMUNITY_SLUG, load_demo
    from workflows.demo_more import SLUG

    load_demo()
    terms_of = {t.community.slug: t for t in BillingTerms.objects.select_related("community")}
    assert terms_of[COMMUNITY_SLUG].charge_start == "next_business_day"
    assert terms_of[SLUG].charge_start == "same_day"
    assert Community.objects.filter(billing_terms__isnull=False).count() == 2


@pytest.mark.django_db
def test_r_usk_5_seeded_rates_name_their_source_and_demo_rates_say_they_are_not_real():
    """R-USK-5: the rates of the regulation carry their source; the demo's later years say
    they are demo figures, so nobody takes them for the fixed døgnpris."""
    from django.core.management import call_command

    from cases.billing_data import SOURCE_NOTE
    from workflows.invoice_objection.demo import DEMO_RATE_NOTE, DEMO_RATES

    seeded = DailyRate.objects.filter(year__in=list(DAILY_RATES))
    assert seeded.count() == len(DAILY_RATES)
    assert set(seeded.values_list("note", flat=True)) == {SOURCE_NOTE}
    call_command("load_demo", stdout=StringIO())
    for year in DEMO_RATES:
        assert DailyRate.objects.get(year=year).note == DEMO_RATE_NOTE
