"""The SSU appoints the panel in a real browser (headless Chromium): the picker by name and
party, the error summary that takes focus and leads to its field, and the default panel
appointed with no deviation reason."""

import pytest

from cases.services.task_transfer import default_composition_text
from tests.factories import build_world
from tests.journey import ALL_MET, open_task, reload, step, submit
from workflows import engine

from .browser import login
from .browser import shot as _shot
from .helpers import execute_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _label(user) -> str:
    party = user.profile.party
    return f"{user.get_full_name()} ({party.name if party else 'ingen part'})"


def _active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_R_TT_4_the_ssu_appoints_the_default_panel_in_the_browser(browser, live_server):  # noqa: F811
    """R-TT-4: the page tells the default composition; a panel short of it is refused with an
    error summary that takes focus and links to the reason's field; the default panel, with
    the user representative who has no party, is appointed without a reason."""
    world = build_world()
    case = submit(world)
    step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    task = open_task(case, "appoint_panel")
    engine.task_claim(task_id=task.pk, user=world.ssu_trust)
    page = login(browser, live_server, world.ssu_trust.username)
    page.goto(f"{live_server.url}{execute_url(task)}")
    assert default_composition_text() in page.locator("#form-intro").inner_text()
    people = {key: _label(user) for key, user in world.panel_people.items()}
    assert people["user_representative"].endswith("(ingen part)")
    for key, label in people.items():
        if key != "legal":
            page.get_by_label(label, exact=True).check(force=True)
    _shot(page, "appoint_panel")
    page.get_by_role("button", name="Utfør", exact=True).click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "Skjemaet har 1 feil" in summary.inner_text()
    assert "det mangler juridisk kompetanse" in summary.inner_text()
    assert _active_id(page) == "error-summary"
    _shot(page, "appoint_panel_error")
    summary.get_by_role("link").click()
    assert _active_id(page) == "id_deviation_reason_control"
    assert reload(case).status == "awaiting_panel"
    # The choices made are kept; add the lawyer and the default panel needs no reason.
    assert page.get_by_label(people["user_representative"], exact=True).is_checked()
    page.get_by_label(people["legal"], exact=True).check(force=True)
    page.get_by_role("button", name="Utfør", exact=True).click()
    page.wait_for_url(lambda url: "/execute/" not in url)
    case = reload(case)
    assert case.status == "under_investigation"
    assert case.panel_deviation_reason == ""
    assert case.panel.memberships.count() == 8
    page.context.close()
