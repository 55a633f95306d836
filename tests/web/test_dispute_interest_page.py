"""R-DSP-5 on the case page: «Beregn forsinkelsesrente» is a GET form that computes the
interest from the half-year rates kept as data and shows the computation line by line. It
changes nothing; bad input gives field errors on the page; a case one may not see is 404."""

import re
from datetime import date
from decimal import Decimal

import pytest

from cases.models import InterestRate
from cases.services.dispute import dispute_consent, dispute_escalate
from tests.disputes import LADDER_A, open_dispute, sides_on
from workflows.dispute import actions


@pytest.fixture
def sides(world):
    return sides_on(world, LADDER_A)


def _interest(client, user, case, **query):
    client.force_login(user)
    data = {f"rente-{name}": value for name, value in query.items()}
    return client.get(f"/saker/{case.pk}/", data)


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _cells(html: str) -> list[list[str]]:
    """The body rows of the result table, each cell's text."""
    body = re.search(r'id="interest-result".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [
        re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _field_error(html: str, name: str) -> str:
    found = re.search(rf'id="id_rente-{name}-error">(.*?)</span>', html)
    return found.group(1) if found else ""


def test_R_DSP_5_the_case_page_offers_the_form_and_no_result_before_it_is_asked(client, sides):
    case = open_dispute(sides)
    html = _html(_interest(client, sides.trust, case))
    assert "Beregn forsinkelsesrente" in html and 'method="get"' in html
    for name in ("principal", "start", "end"):
        assert f'<label for="id_rente-{name}">' in html
    assert 'id="interest-result"' not in html and 'id="error-summary"' not in html


def test_R_DSP_5_interest_over_three_half_years_is_shown_line_by_line(client, sides):
    """80 000 kr from 10 May 2025 up to (not including) 20 February 2026, with 2H 2025 at
    12.25 % entered as data here:
    1H 2025: 10.5.–30.6. = 22+30 = 52 days × 12.50 % → 10 000 × 52/365 = 1 424.657… → 1 424,66
    2H 2025: 1.7.–31.12. = 184 days × 12.25 % → 9 800 × 184/365 = 4 940.273… → 4 940,27
    1H 2026: 1.1.–19.2. = 31+19 = 50 days × 12.00 % → 9 600 × 50/365 = 1 315.068… → 1 315,07
    total 7 680,00 kr over 286 days."""
    InterestRate.objects.create(half_year_start=date(2025, 7, 1), rate=Decimal("12.25"))
    case = open_dispute(sides)
    before = case.events.count()
    html = _html(
        _interest(
            client,
            sides.municipality,
            case,
            principal="80000",
            start="2025-05-10",
            end="2026-02-20",
        )
    )
    assert _cells(html) == [
        ["10.05.2025", "30.06.2025", "52", "12,50 %", "kr 1 424,66"],
        ["01.07.2025", "31.12.2025", "184", "12,25 %", "kr 4 940,27"],
        ["01.01.2026", "19.02.2026", "50", "12,00 %", "kr 1 315,07"],
    ]
    assert 'id="interest-total">kr 7 680,00<' in html
    assert "Forsinkelsesrente av kr 80 000,00 for 286 dager" in html
    assert "faktiske dager/365" in html and "styringsrente tillagt 8 prosentpoeng" in html
    assert 'value="80000"' in html  # the form keeps what was asked
    assert case.events.count() == before  # GET: nothing recorded


def test_R_DSP_5_a_norwegian_amount_is_understood(client, sides):
    """100 000,50 kr over 1H 2026 in full (181 days × 12 %): 12 000.06 × 181/365
    = 5 950.713… → 5 950,71."""
    case = open_dispute(sides)
    html = _html(
        _interest(
            client, sides.trust, case, principal="100000,50", start="2026-01-01", end="2026-07-01"
        )
    )
    assert _cells(html) == [["01.01.2026", "30.06.2026", "181", "12,00 %", "kr 5 950,71"]]


def test_R_DSP_5_a_half_year_without_a_rate_is_named_on_the_page(client, sides):
    case = open_dispute(sides)
    html = _html(
        _interest(client, sides.trust, case, principal="1000", start="2024-06-01", end="2025-02-01")
    )
    assert "Forsinkelsesrenten er ikke registrert for 2. halvår 2024." in html
    assert 'id="error-summary"' in html and 'id="interest-result"' not in html


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            {"principal": "-100", "start": "2025-01-01", "end": "2025-02-01"},
            {"principal": "Beløpet må være større enn null."},
        ),
        (
            {"principal": "100", "start": "2025-03-01", "end": "2025-02-01"},
            {"end": "Sluttdatoen må være etter startdatoen."},
        ),
        (
            {"principal": "mye", "start": "i går", "end": ""},
            {
                "principal": "Oppgi et tall.",
                "start": "Oppgi en gyldig dato.",
                "end": "Dette feltet er påkrevd.",
            },
        ),
    ],
)
def test_R_DSP_5_bad_input_gives_field_errors_not_a_server_error(client, sides, query, errors):
    case = open_dispute(sides)
    html = _html(_interest(client, sides.trust, case, **query))
    for name in ("principal", "start", "end"):
        assert _field_error(html, name) == errors.get(name, "")
    assert html.count('aria-invalid="true"') == len(errors)
    assert 'id="interest-result"' not in html


def test_R_DSP_5_a_body_handling_the_case_may_compute_too(client, world, sides):
    case = actions.open_dispute(
        actor=sides.municipality,
        counterparty=world.trust,
        dispute_kind="agreement",
        subject="Uenighet om betaling",
        agreement_clause="",
    )
    actions.act(dispute_consent, case=case, actor=sides.municipality, stage="ssu")
    actions.act(dispute_consent, case=case, actor=sides.trust, stage="ssu")
    actions.act(dispute_escalate, case=case, actor=sides.trust, stage="ssu")
    html = _html(
        _interest(
            client,
            world.ssu_municipality2,
            case,
            principal="1000",
            start="2026-01-01",
            end="2026-01-02",
        )
    )
    # 1 000 × 12 % × 1/365 = 0.328… → 0,33
    assert _cells(html) == [["01.01.2026", "01.01.2026", "1", "12,00 %", "kr 0,33"]]


def test_another_municipality_gets_404_with_the_interest_query(client, world, sides):
    case = open_dispute(sides)
    for user in (world.outsider, sides.stranger):
        response = _interest(
            client, user, case, principal="1000", start="2026-01-01", end="2026-02-01"
        )
        assert response.status_code == 404
