"""The proposer and the secretariat in a real browser (headless Chromium, Playwright)."""

import pytest

from cases.models import TaskTransfer
from tests.factories import build_world, proposal
from tests.web.browser import fill_proposal, login
from tests.web.browser import shot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def propose(browser, live_server, world, title):
    page = login(browser, live_server, world.proposer.username)
    page.get_by_role("link", name="Nytt forslag").first.click()
    page.wait_for_url("**/saker/ny/")
    assert page.locator("#single-patient-notice").is_visible()
    _shot(page, "proposal_form")
    data = proposal(title=title)
    fill_proposal(page, data)
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
        page.check(f"input[name=criteria_{key}][value={answer}]")
    page.check(f"input[name=decision][value={decision}]")
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
