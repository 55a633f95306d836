"""One dispute in Chromium from opening to resolution, each step by the party whose step it
is, with real clicks and typing; only the community and its ladder are set up in code.

Tromsø kommune opens a dispute with UNN HF on «Ny tvist» → both state their positions in the
dialogue → UNN drafts the disagreement record (R-DSP-1) → Tromsø brings the case to the local
dispute body → the parties agree, with terms (R-DSP-3) → the case page shows the dispute
resolved with its record, and the decision letter says so. On the way Tromsø computes
late-payment interest on the case page (R-DSP-5). axe checks the opening page, the case page
with the ladder and the interest form with its errors and its result."""

from datetime import date
from decimal import Decimal

import pytest

from cases.models import Dispute, DisputeStatus, InterestRate
from tests.disputes import LADDER_A, sides_on
from tests.factories import build_world
from tests.web.browser import log_in, login, rendered, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "Partene er uenige om hvem som følger opp pasienter med hjemmerespirator."
TERMS = "Kommunen følger opp fra utskrivningsdagen; helseforetaket gir veiledning i tre måneder."


def settled(page):
    """Let the page finish its requests before the next write (SQLite in the live server)."""
    page.wait_for_load_state("networkidle")


def press(page, name, then: str):
    """Click the button `name` and wait for the page it leads to to show `then` (a selector):
    the case page's forms come back to the same address."""
    settled(page)
    page.get_by_role("button", name=name).click()
    page.wait_for_selector(then)
    rendered(page)


def test_a_dispute_from_opening_to_resolution_in_the_browser(browser, live_server, axe):
    sides = sides_on(build_world(), LADDER_A)
    page = login(browser, live_server, sides.municipality.username)
    page.set_default_timeout(10_000)

    # Tromsø kommune opens the dispute from the menu's «Ny tvist».
    page.get_by_role("link", name="Ny tvist").first.click()
    page.wait_for_url("**/saker/tvist/ny/")
    rendered(page)
    axe(page, "dispute_open")
    page.select_option("select[name=dispute_kind]", label="Uenighet om avtalen")
    page.select_option("select[name=counterparty]", label=sides.world.trust.name)
    page.fill("input[name=agreement_clause]", "Delavtale 2, punkt 2.2")
    page.fill("textarea[name=subject]", SUBJECT)
    press(page, "Reis tvisten", "#ladder")
    case = Dispute.objects.get()
    assert page.locator("#dispute-current").inner_text() == "Dialog og forhandlinger"
    shot(page, "dispute_01_opened")

    # Each party states its position; UNN drafts the disagreement record.
    page.fill("#position-text", "Helseforetaket har ansvaret til pasienten er stabil hjemme.")
    press(page, "Registrer standpunkt", "#record-stage-dialogue td:has-text('Helseforetaket')")
    log_in(page, live_server, sides.trust.username)
    page.goto(f"{live_server.url}/saker/{case.pk}/")
    rendered(page)
    page.fill("#position-text", "Kommunen har ansvaret fra utskrivningsdagen.")
    press(page, "Registrer standpunkt", "#disagreement-form")
    press(page, "Skriv uenighetsprotokoll", "#disagreement-link")
    page.get_by_role("link", name="les og skriv ut").click()
    page.wait_for_url("**/uenighetsprotokoll/")
    assert "Kommunen har ansvaret fra utskrivningsdagen." in page.locator("#letter").inner_text()

    # Tromsø brings the case to the local dispute body; the ladder shows where it stands.
    log_in(page, live_server, sides.municipality.username)
    page.goto(f"{live_server.url}/saker/{case.pk}/")
    rendered(page)
    press(
        page,
        "Bring saken inn for «Lokalt tvisteløsningsorgan»",
        "#record-stage-local_body",
    )
    current = page.locator("#ladder li[aria-current=step]")
    assert "Lokalt tvisteløsningsorgan" in current.inner_text()
    assert "Hoppet over" in page.locator("#ladder").inner_text()  # the SSU
    axe(page, "dispute_case")
    shot(page, "dispute_02_local_body")

    # R-DSP-5: late-payment interest on the case page (1H 2026, 12 %: 10 000 × 0.12 × 31/365
    # = 101.917… → 101,92), first with a bad period, then a good one; axe checks both. The
    # rate is entered here: the live server's database is emptied between tests.
    InterestRate.objects.get_or_create(half_year_start=date(2026, 1, 1), rate=Decimal("12.00"))
    page.fill("#id_rente-principal", "10000")
    page.fill("#id_rente-start", "2026-02-01")
    page.fill("#id_rente-end", "2026-01-01")
    press(page, "Beregn", "#error-summary")
    assert (
        "Sluttdatoen må være etter startdatoen." in page.locator("#dispute-interest").inner_text()
    )
    axe(page, "dispute_interest_error")
    page.fill("#id_rente-start", "2026-01-01")
    page.fill("#id_rente-end", "2026-02-01")
    press(page, "Beregn", "#interest-result")
    assert page.locator("#interest-total").inner_text() == "kr 101,92"
    axe(page, "dispute_interest")
    shot(page, "dispute_02b_interest")

    # The parties agree, with terms: the dispute ends resolved.
    page.fill("#resolve-terms", TERMS)
    press(page, "Registrer enighet", "#record-resolution")
    assert page.locator("#case-status").inner_text() == "Løst ved enighet"
    assert TERMS in page.locator("#record").inner_text()
    assert Dispute.objects.get(pk=case.pk).status == DisputeStatus.RESOLVED
    page.get_by_role("link", name="Vedtaksbrev").click()
    page.wait_for_url("**/vedtaksbrev/")
    assert TERMS in page.locator("#letter").inner_text()
    shot(page, "dispute_03_resolved")
