"""`POST /api/v1/usk/chargeable-days/`: one stay's chargeable days through the REST API under
the caller's agreement (R-USK-1..5), who may ask, and each bad input answering problem+json."""

from decimal import Decimal

import pytest

from cases.billing_profiles import apply_billing_profile
from cases.models import DailyRate
from tests.factories import CommunityFactory, PartyFactory, UserFactory

from .conftest import Api, assert_problem, field_codes

URL = "/api/v1/usk/chargeable-days/"
# Monday 3 March 2025 10:00 Norwegian time; taken over Thursday 6 March.
STAY = {
    "declared_ready_at": "2025-03-03T10:00:00+01:00",
    "notified_at": "2025-03-03T10:00:00+01:00",
    "taken_over_on": "2025-03-06",
}


@pytest.fixture
def api():
    return Api()


@pytest.fixture
def sides(db):
    """A municipality and a trust of a community on Helse Møre og Romsdal's terms (from the
    day of notice) and a test year 2025 at 4 000 kr."""
    community = CommunityFactory()
    apply_billing_profile(community, "helse_more_og_romsdal")
    DailyRate.objects.create(year=2025, amount=Decimal("4000"))
    municipality = UserFactory(party=PartyFactory(community=community))
    trust = UserFactory(party=PartyFactory(community=community, trust=True))
    return municipality, trust


def test_R_USK_3_ministry_example_through_the_api(api, sides):
    """R-USK-1, R-USK-3, R-USK-5: notice Monday, the municipality reports a place ready on
    Thursday: 3 days × 4 000 = 12 000 kr, with the rules and the terms used."""
    municipality, _ = sides
    body = {
        **STAY,
        "taken_over_on": None,
        "municipality_answer": "can_receive",
        "answered_at": "2025-03-06T09:00:00+01:00",
    }
    response = api.post(municipality, URL, body)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["days"], data["first_day"], data["last_day"]) == (3, "2025-03-03", "2025-03-05")
    assert data["amount"] == "12000.00"
    assert data["by_year"] == [{"year": 2025, "days": 3, "rate": "4000.00", "amount": "12000.00"}]
    assert [r["rule"] for r in data["rules"]] == ["R-USK-1", "R-USK-2", "R-USK-3", "R-USK-5"]
    assert data["terms"]["charge_start"] == "same_day"
    assert data["terms"]["readmission_void_hours"] == 48


def test_R_USK_2_the_callers_own_terms_apply(api, db):
    """R-USK-2: a community on UNN's terms (påfølgende virkedag): notified Friday 7 March
    2025, first day Monday 10 March; taken over Wednesday 12 March: 2 days."""
    community = CommunityFactory()
    apply_billing_profile(community, "unn")
    DailyRate.objects.create(year=2025, amount=Decimal("4000"))
    trust = UserFactory(party=PartyFactory(community=community, trust=True))
    body = {
        "declared_ready_at": "2025-03-07T11:00:00+01:00",
        "notified_at": "2025-03-07T11:00:00+01:00",
        "taken_over_on": "2025-03-12",
    }
    data = api.post(trust, URL, body).json()
    assert (data["first_day"], data["days"], data["amount"]) == ("2025-03-10", 2, "8000.00")
    assert data["rules"][1]["text"].startswith("Betaling fra og med påfølgende virkedag (R-USK-2)")


def test_R_USK_4_readmission_within_the_window_through_the_api(api, sides):
    """R-USK-4: readmitted 30 hours after the discharge for the same problem: 0 days."""
    _, trust = sides
    body = {
        **STAY,
        "discharged_at": "2025-03-06T10:00:00+01:00",
        "readmitted_at": "2025-03-07T16:00:00+01:00",
    }
    data = api.post(trust, URL, body).json()
    assert (data["days"], data["amount"], data["first_day"]) == (0, "0.00", None)
    assert data["rules"][-1]["rule"] == "R-USK-4"


def test_R_USK_5_a_year_without_rate_is_daily_rate_missing(api, sides):
    """R-USK-5: a stay in 2026 when no døgnpris for 2026 is entered."""
    municipality, _ = sides
    body = {
        "declared_ready_at": "2026-03-02T10:00:00+01:00",
        "notified_at": "2026-03-02T10:00:00+01:00",
        "taken_over_on": "2026-03-05",
    }
    problem = assert_problem(api.post(municipality, URL, body), 400, "daily_rate_missing")
    assert "2026" in problem["detail"]


def test_no_party_is_refused_not_a_party(api, sides):
    assert_problem(api.post(UserFactory(party=None), URL, STAY), 403, "not_a_party")


def test_a_community_without_terms_is_refused(api, db):
    user = UserFactory(party=PartyFactory())
    assert_problem(api.post(user, URL, STAY), 409, "billing_terms_missing")


def test_anonymous_is_refused(db):
    from rest_framework.test import APIClient

    assert APIClient().post(URL, STAY, format="json").status_code == 401


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"npr_id": "12345678"}, {("npr_id", "unknown")}),
        ({"declared_ready_at": "2025-03-03T10:00:00"}, {("declared_ready_at", "naive")}),
        ({"declared_ready_at": "i går"}, {("declared_ready_at", "invalid")}),
        ({"declared_ready_at": None}, {("declared_ready_at", "null")}),
        ({"taken_over_on": "2025-03-01"}, {("taken_over_on", "out_of_order")}),
        ({"taken_over_on": None}, {("taken_over_on", "required")}),
        ({"municipality_answer": "kanskje"}, {("municipality_answer", "invalid_choice")}),
        ({"discharge_summary_sent": "ja"}, {("discharge_summary_sent", "invalid_type")}),
        (
            {"municipality_answer": "can_receive", "answered_at": "2025-03-03T09:00:00+01:00"},
            {("answered_at", "out_of_order")},
        ),
        ({"readmitted_at": "2025-03-05T10:00:00+01:00"}, {("readmitted_at", "invalid")}),
    ],
)
def test_bad_input_is_refused_with_field_errors(api, sides, change, expected):
    municipality, _ = sides
    response = api.post(municipality, URL, {**STAY, **change})
    assert_problem(response, 400, "validation_error")
    assert expected <= field_codes(response)
    assert all(e["message"] for e in response.json()["errors"])


def test_a_missing_required_field_is_refused(api, sides):
    municipality, _ = sides
    response = api.post(municipality, URL, {"notified_at": STAY["notified_at"]})
    assert_problem(response, 400, "validation_error")
    assert ("declared_ready_at", "required") in field_codes(response)
