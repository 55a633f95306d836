"""The proposer and the secretariat in a real browser (headless Chromium, Playwright)."""

import os

import pytest
from django.db import connections

from cases.models import TaskTransfer
from tests.factories import build_world, proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = os.environ.get("SAKSFLYT_SCREENSHOTS")


@pytest.fixture
def browser(monkeypatch):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run ./bin/test, or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of these tests
    # are still synchronous. Allow them for the browser's lifetime only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        # While Playwright's loop runs, Django keeps this thread's connections in a separate
        # (async-context) slot: close them here, or the test database cannot be dropped.
        connections.close_all()
        browser.close()


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def login(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nb-NO")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def propose(browser, live_server, world, title):
    page = login(browser, live_server, world.proposer.username)
    page.get_by_role("link", name="Nytt forslag").first.click()
    page.wait_for_url("**/saker/ny/")
    assert page.locator("#single-patient-notice").is_visible()
    _shot(page, "proposal_form")
    data = proposal(title=title)
    for name, value in data.items():
        if name in ("proposer_category", "direction"):
            label = dict(TaskTransfer._meta.get_field(name).choices)[value]
            page.locator(f"vf-field-select[name={name}]").click()
            page.get_by_role("option", name=label, exact=True).click()
        elif name == "gps_affected":
            page.check(f"input[name=gps_affected][value={'ja' if value else 'nei'}]", force=True)
        else:
            page.fill(f"input[name={name}], textarea[name={name}]", value)
    page.get_by_role("button", name="Send inn forslaget").click()
    page.wait_for_url("**/saker/*-*/")
    assert "Til vurdering i sekretariatet" in page.locator("#case-status").inner_text()
    case = TaskTransfer.objects.get(title=title)
    assert page.url.endswith(f"/saker/{case.pk}/")
    _shot(page, "case_page")
    page.context.close()
    return case


def screen(browser, live_server, world, case, *, decision, justification=""):
    page = login(browser, live_server, world.secretary.username)
    page.goto(f"{live_server.url}/tasktransfer/queue/")
    assert page.get_by_text("Ledige oppgaver").first.is_visible()
    page.get_by_role("row", name=case.reference).get_by_role("link").nth(1).click()
    page.get_by_role("button", name="Ta oppgaven").click()  # then straight to the form
    page.wait_for_url("**/execute/")
    assert case.title in page.content()  # the proposal summary
    for key in "abcdefg":
        answer = "nei" if key == "e" else "ja"
        page.check(f"input[name=criteria_{key}][value={answer}]", force=True)
    page.check(f"input[name=decision][value={decision}]", force=True)
    # R-TT-3: a rejection needs a justification; R-TT-2: so does passing a proposal on with
    # criterion e answered "no". The page refuses either without one, and says why.
    page.get_by_role("button", name="Utfør", exact=True).click()
    expected = {
        "reject": "Et avslag må ha en skriftlig begrunnelse",
        "proceed": "Begrunn hvorfor forslaget sendes videre",
    }[decision]
    page.get_by_text(expected).first.wait_for()
    assert TaskTransfer.objects.get(pk=case.pk).status == "submitted"
    _shot(page, f"screen_error_{decision}")
    page.fill("textarea[name=justification]", justification)
    page.get_by_role("button", name="Utfør", exact=True).click()
    page.wait_for_url(f"**/saker/{case.pk}/")  # a finished step returns to the case
    status = page.locator("#case-status").inner_text()
    _shot(page, f"case_after_{decision}")
    page.context.close()
    return status


def test_proposal_then_rejected_at_screening(browser, live_server):
    world = build_world()
    case = propose(browser, live_server, world, "Hjemmedialyse i kommunene")
    status = screen(
        browser, live_server, world, case, decision="reject", justification="For lite volum."
    )
    assert status == "Avvist av sekretariatet"
    case = TaskTransfer.objects.get(pk=case.pk)
    assert case.status == "rejected_at_screening"
    event = case.events.get(action="rejected_at_screening")
    assert event.actor == world.secretary
    assert event.data["criteria"]["e"] is False
    assert event.data["justification"] == "For lite volum."
    assert case.process.status == "DONE"


def test_proposal_then_passed_on_to_ssu(browser, live_server):
    world = build_world()
    case = propose(browser, live_server, world, "Sårbehandling etter utskrivning")
    status = screen(
        browser, live_server, world, case, decision="proceed", justification="Volum utredes."
    )
    assert status == "Venter på oppnevning av faglig utvalg"
    case = TaskTransfer.objects.get(pk=case.pk)
    assert case.status == "awaiting_panel"
    assert case.events.filter(action="screening_passed", actor=world.secretary).exists()
    assert case.process.task_set.get(status="NEW").flow_task.name == "appoint_panel"
