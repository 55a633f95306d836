"""Fakturainnsigelse in Chromium, with real clicks and typing: Tromsø kommune opens «Fakturaer»,
opens UNN's invoice, ticks a line, and files the objection on the standard form (R-OBJ-2),
first without grounds (refused on the field) and then complete; the head of Medisinsk klinikk
finds the objection in the inbox and answers it, partly accepting (R-OBJ-4), which issues a
credit note (R-OBJ-5). axe checks the list, the invoice page with its form errors, the case page,
the task page and the chargeable-days tool."""

from decimal import Decimal

import pytest

from cases.models import DailyRate, InvoiceObjection, ObjectionStatus
from tests.factories import build_world
from tests.web.browser import log_in, login, rendered, shot
from tests.web.invoice_world import NPR, flag, invoice_sides, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUNDS = "Kommunen meldte ledig plass to dager før fakturert periode sluttet."
JUSTIFICATION = "Plassen var ledig fra 10.; ett døgn godtas, ett avvises fordi epikrisen kom sent."


def settled(page):
    page.wait_for_load_state("networkidle")


def press(page, name, then: str):
    settled(page)
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_selector(then)
    rendered(page)


def test_the_municipality_objects_and_the_unit_answers_in_the_browser(browser, live_server, axe):
    sides = invoice_sides(build_world())
    invoice = register(sides)
    flag(invoice, 1, 10)
    line = invoice.lines.get(position=1)
    page = login(browser, live_server, sides.clerk.username)
    page.set_default_timeout(10_000)

    # «Fakturaer» from the menu, then the invoice.
    page.get_by_role("link", name="Fakturaer").first.click()
    page.wait_for_url("**/saker/fakturaer/")
    rendered(page)
    axe(page, "invoice_list")
    page.get_by_role("link", name=invoice.number).click()
    page.wait_for_url(f"**/saker/fakturaer/{invoice.pk}/")
    rendered(page)
    assert NPR[0] in page.locator("#invoice-lines").inner_text()
    assert (
        "Antall døgn stemmer ikke med beregningen: 10 døgn" in page.locator("#line-1").inner_text()
    )
    axe(page, "invoice_page")

    # The standard form: line 1, two days, first without grounds.
    page.get_by_label("Fremme innsigelse mot linje 1").check()
    page.fill(f"#id_days_{line.pk}", "2")
    press(page, "Send innsigelsen", "#error-summary")
    assert "Oppgi begrunnelsen for innsigelsen." in page.locator("#objection-line-1").inner_text()
    assert not InvoiceObjection.objects.exists()
    axe(page, "invoice_form_errors")
    shot(page, "invoice_01_form_errors")
    page.fill(f"#id_grounds_{line.pk}", GROUNDS)
    press(page, "Send innsigelsen", "#objection-lines")
    case = InvoiceObjection.objects.get()
    assert page.url.endswith(f"/saker/{case.pk}/")
    assert page.locator("#case-status").inner_text() == "Til behandling hos utskrivende enhet"
    assert GROUNDS in page.locator("#objection-lines").inner_text()
    axe(page, "objection_case")
    shot(page, "invoice_02_filed")

    # The unit's head answers from the inbox.
    log_in(page, live_server, sides.head.username)
    rendered(page)
    inbox = page.locator("#inbox")
    assert case.reference in inbox.inner_text()
    inbox.get_by_role("row", name=case.reference).get_by_role("link").nth(1).click()
    page.wait_for_url("**/execute/")
    rendered(page)
    assert NPR[0] in page.locator("#task-lines").inner_text()
    axe(page, "answer_task")
    page.fill(f"input[name=accepted_days_{line.pk}]", "1")
    page.fill(f"input[name=rejected_days_{line.pk}]", "1")
    page.fill(f"textarea[name=justification_{line.pk}]", JUSTIFICATION)
    settled(page)
    page.get_by_role("button", name="Utfør", exact=True).click()
    page.wait_for_url(f"**/saker/{case.pk}/")
    rendered(page)
    case = InvoiceObjection.objects.get(pk=case.pk)
    assert case.status == ObjectionStatus.ANSWERED
    note = case.credit_notes.get()
    assert note.days == 1
    assert note.number in page.locator("#credit-notes").inner_text()
    assert JUSTIFICATION in page.locator("#objection-lines").inner_text()
    assert page.locator("#case-status").inner_text() == "Besvart av utskrivende enhet"
    shot(page, "invoice_03_answered")

    # The tool page, with an error and a result. The døgnpris of 2024 is entered here: the
    # live server's database is emptied between tests (the seeded rates with it).
    DailyRate.objects.get_or_create(year=2024, defaults={"amount": Decimal("5745")})
    page.goto(f"{live_server.url}/saker/betalingsdogn/")
    rendered(page)
    axe(page, "chargeable_days")
    page.fill("#id_declared_ready_at", "2024-03-04T10:00")
    page.fill("#id_notified_at", "2024-03-03T10:00")
    press(page, "Beregn", "#error-summary")
    axe(page, "chargeable_days_errors")
    page.fill("#id_notified_at", "2024-03-04T11:00")
    page.check("#id_municipality_answer_2")
    page.fill("#id_answered_at", "2024-03-07T09:00")
    press(page, "Beregn", "#charge-result")
    assert page.locator("#charge-days").inner_text() == "3"
    assert page.locator("#charge-amount").inner_text() == "kr 17 235,00"
    axe(page, "chargeable_days_result")
    page.context.close()
