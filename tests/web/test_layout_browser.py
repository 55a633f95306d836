"""Layout in a real browser: at 390 px the case list and tables reflow instead of scrolling
sideways, and the record beside a task form stays inside its card."""

import pytest

from tests.factories import build_world
from tests.journey import open_task, to_investigation, to_ssu
from tests.web.browser import login
from workflows.task_transfer.actions import request_statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Widest overflow of any element inside the page's main content, in CSS pixels.
OVERFLOW = """() => {
  const root = document.documentElement;
  return {page: root.scrollWidth - root.clientWidth,
          cards: Math.max(0, ...[...document.querySelectorAll('.vf-card')]
                    .map(c => c.scrollWidth - c.clientWidth))};
}"""


def _open(browser, live_server, user, path, width):
    page = login(browser, live_server, user.username)
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    return page


def test_at_390_px_the_case_list_and_case_page_reflow(browser, live_server):
    world = build_world()
    case = to_ssu(world)
    for path in ("/saker/", f"/saker/{case.pk}/", "/"):
        page = _open(browser, live_server, world.secretary, path, 390)
        assert page.evaluate(OVERFLOW) == {"page": 0, "cards": 0}, path
        page.context.close()


@pytest.mark.parametrize("node", ["recommend", "ssu_decide"])
def test_the_record_beside_a_task_form_stays_inside_its_card(browser, live_server, node):
    """The side column holds the record (and, while the panel investigates, the statements
    with their answer forms): nothing in it may run out of its card."""
    world = build_world()
    if node == "recommend":
        case = to_investigation(world)
        request_statement(case=case, actor=world.panel_people["legal"], party=world.trust)
        user = world.panel_people["legal"]
    else:
        case, user = to_ssu(world), world.ssu_trust
    task = open_task(case, node)
    path = f"/tasktransfer/{case.process.pk}/{node}/{task.pk}/assign/"
    page = _open(browser, live_server, user, path, 1366)
    page.get_by_role("button", name="Ta oppgaven", exact=True).click()
    page.wait_for_url("**/execute/")
    assert page.locator("#record").is_visible()
    assert page.evaluate(OVERFLOW)["cards"] == 0
    page.context.close()
