"""«Beregn betalingsdøgn»: one stay's chargeable days and amount under the agreement of the
user's community, with the rules applied and why (R-USK-1..6). A GET form that changes
nothing; bad input comes back as field errors in Norwegian."""

from decimal import Decimal

import pytest

from cases.models import BillingTerms, ChargeStart, DailyRate
from tests.factories import UserFactory

URL = "/saker/betalingsdogn/"


@pytest.fixture
def clerk(world):
    BillingTerms.objects.create(community=world.community, agreement="Delavtale 1, punkt 1.4")
    return UserFactory(party=world.tromso, username="kommune")


def _compute(client, user, **stay) -> str:
    client.force_login(user)
    response = client.get(URL, stay)
    assert response.status_code == 200
    return response.content.decode()


def _result(page: str, element: str) -> str:
    return page.split(f'id="{element}">')[1].split("<")[0]


def test_R_USK_1_R_USK_3_R_USK_5_the_ministrys_example_three_days(client, clerk):
    """Notice, then the municipality reports a place ready three days later: 3 days, at a
    døgnpris of 4 000 that is 12 000 NOK."""
    DailyRate.objects.create(year=2013, amount=Decimal("4000"))
    page = _compute(
        client,
        clerk,
        declared_ready_at="2013-03-04T09:00",
        notified_at="2013-03-04T10:00",
        municipality_answer="can_receive",
        answered_at="2013-03-07T08:00",
        readmission_same_problem="ja",
        discharge_summary_sent="ja",
    )
    assert _result(page, "charge-days") == "3"
    assert _result(page, "charge-first") == "04.03.2013"
    assert _result(page, "charge-last") == "06.03.2013"
    assert _result(page, "charge-amount") == "kr 12 000,00"
    rules = page.split('id="charge-rules"')[1].split("</ul>")[0]
    for rule in ("R-USK-1", "R-USK-2", "R-USK-3", "R-USK-5"):
        assert f'data-rule="{rule}"' in rules
    assert "Delavtale 1, punkt 1.4" in page  # the terms it was counted under


def test_R_USK_2_under_the_communitys_terms_a_friday_notice_starts_on_monday(client, clerk):
    BillingTerms.objects.filter(community=clerk.profile.party.community).update(
        charge_start=ChargeStart.NEXT_BUSINESS_DAY
    )
    page = _compute(
        client,
        clerk,
        declared_ready_at="2024-03-08T09:00",  # a Friday
        notified_at="2024-03-08T10:00",
        taken_over_on="2024-03-13",
    )
    assert _result(page, "charge-first") == "11.03.2024"
    assert _result(page, "charge-days") == "2"
    assert "Påfølgende virkedag" in page.split('id="billing-terms"')[1]


def test_R_USK_5_a_stay_across_new_year_is_priced_per_year(client, clerk):
    page = _compute(
        client,
        clerk,
        declared_ready_at="2023-12-30T09:00",
        notified_at="2023-12-30T10:00",
        taken_over_on="2024-01-02",
    )
    years = page.split('id="charge-by-year"')[1].split("</table>")[0]
    assert "2023" in years and "kr 5 508,00" in years and "kr 11 016,00" in years
    assert "2024" in years and "kr 5 745,00" in years
    assert _result(page, "charge-amount") == "kr 16 761,00"


def test_R_USK_1_without_a_discharge_summary_nothing_is_charged(client, clerk):
    page = _compute(
        client,
        clerk,
        declared_ready_at="2024-03-04T09:00",
        notified_at="2024-03-04T10:00",
        taken_over_on="2024-03-08",
        discharge_summary_sent="nei",
    )
    assert _result(page, "charge-days") == "0"
    assert "Epikrise eller tilsvarende dokumentasjon er ikke sendt" in page


def test_impossible_events_are_field_errors_on_the_form(client, clerk):
    page = _compute(
        client,
        clerk,
        declared_ready_at="2024-03-04T09:00",
        notified_at="2024-03-03T10:00",
        taken_over_on="2024-03-08",
    )
    assert 'id="charge-result"' not in page
    assert 'id="error-summary"' in page and 'href="#id_notified_at"' in page
    field = page.split('id="id_notified_at"')[1].split("</div>")[0]
    assert "Kommunen kan ikke være varslet før pasienten ble meldt utskrivningsklar." in field
    assert 'aria-invalid="true"' in field


def test_a_missing_or_malformed_time_is_refused_in_norwegian(client, clerk):
    page = _compute(client, clerk, declared_ready_at="", notified_at="i går")
    assert 'id="charge-result"' not in page
    assert "Dette feltet er påkrevd." in page.split('id="id_declared_ready_at"')[1]
    assert "Oppgi gyldig dato og tidspunkt." in page.split('id="id_notified_at"')[1]


def test_an_open_stay_is_refused_on_the_take_over_field(client, clerk):
    page = _compute(
        client, clerk, declared_ready_at="2024-03-04T09:00", notified_at="2024-03-04T10:00"
    )
    assert "verktøyet beregner avsluttede opphold" in page.split('id="id_taken_over_on"')[1]


def test_a_community_without_terms_says_so(client, world):
    user = UserFactory(party=world.tromso, username="uten.avtale")
    page = _compute(
        client,
        user,
        declared_ready_at="2024-03-04T09:00",
        notified_at="2024-03-04T10:00",
        taken_over_on="2024-03-08",
    )
    assert 'id="no-terms"' in page and 'id="charge-result"' not in page
    assert "har ikke registrert betalingsregler" in page


def test_a_user_of_no_community_is_told_there_is_no_agreement(client, world):
    user = UserFactory(party=None, username="privat")
    page = _compute(client, user)
    assert 'id="no-community"' in page and 'id="stay-form"' not in page


def test_R_USK_4_a_readmission_within_48_hours_voids_the_stay(client, clerk):
    stay = {
        "declared_ready_at": "2024-03-04T09:00",
        "notified_at": "2024-03-04T10:00",
        "taken_over_on": "2024-03-08",
        "discharged_at": "2024-03-08T12:00",
        "readmitted_at": "2024-03-09T20:00",
    }
    page = _compute(client, clerk, **stay, readmission_same_problem="ja")
    assert _result(page, "charge-days") == "0"
    assert "betalingen for oppholdet faller bort (R-USK-4)" in page
    page = _compute(client, clerk, **stay, readmission_same_problem="nei")
    assert _result(page, "charge-days") == "4"
