"""axe-core (its npm package, in Chromium) finds no critical or serious violation on the pages
people use: login, home, new proposal, case list, case page, viewflow's task lists, and every
form of the task-transfer process (each step, the statement answer, the consultation response).
"""

import pytest

from tests.factories import UserFactory, build_world
from tests.journey import RECOMMEND_FOR, step, submit, to_consultation, to_investigation, to_ssu
from tests.web.browser import (
    AXE_JS,
    axe_violations,
    describe,
    login,
    rendered,
    shot,
    structure_problems,
)
from tests.web.helpers import execute_url, open_task
from workflows import engine
from workflows.task_transfer import actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Findings:
    """Collects every page's blocking violations, so one run lists them all."""

    def __init__(self):
        self.pages = {}

    def check(self, page, name):
        rendered(page)
        shot(page, f"axe_{name.replace(' ', '_')}")
        text = describe(axe_violations(page))
        text += "".join(f"\n{problem}" for problem in structure_problems(page))
        if text.strip():
            self.pages[name] = text

    def assert_none(self):
        report = "\n".join(f"== {name}\n{text}" for name, text in self.pages.items())
        assert not self.pages, f"axe-core found violations:\n{report}"


def visit(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    rendered(page)


def task_page(page, live_server, user, case, node):
    task = open_task(case, node)
    if task.owner_id is None:
        engine.task_claim(task_id=task.pk, user=user)
    visit(page, live_server, execute_url(open_task(case, node)))
    return page


def test_the_axe_check_fails_on_a_violation(browser, live_server, axe):
    """The check itself: a page with an unlabelled control and a missing alt text fails."""
    assert AXE_JS.exists()
    page = browser.new_page()
    page.set_content(
        '<html lang="nb"><head><title>x</title></head><body><main><h1>x</h1>'
        '<img src="x.png"><input type="text"></main></body></html>'
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= found
    with pytest.raises(AssertionError, match="image-alt"):
        axe(page, "broken")
    page.set_content(
        '<html lang="nb"><head><title>x</title></head><body><main><h1>x</h1><h1>y</h1>'
        '<label><input type="radio" name="r" value="1"> Ja</label></main></body></html>'
    )
    assert structure_problems(page) == [
        "2 h1-elementer (skal være ett)",
        "radio r uten fieldset/legend",
    ]
    page.close()


def test_the_skip_link_moves_focus_to_the_main_content(browser, live_server):
    world = build_world()
    page = login(browser, live_server, world.secretary.username)
    # Start from the top of a settled page: the web components may still move focus while
    # they render, and the first Tab must then be the first thing on the page.
    rendered(page)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.activeElement?.classList.contains('sf-skip-link')")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Hopp til hovedinnholdet"
    assert page.locator(".sf-skip-link").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.tagName === 'MAIN'")
    assert page.evaluate("() => document.activeElement.contains(document.querySelector('h1'))")
    page.context.close()


def test_general_pages_have_no_serious_violations(browser, live_server):
    world = build_world()
    case = submit(world)
    found = Findings()

    page = browser.new_page(locale="nb-NO")
    visit(page, live_server, "/accounts/login/")
    found.check(page, "login")
    page.close()

    page = login(browser, live_server, world.secretary.username)
    found.check(page, "home")
    for name, path in [
        ("new proposal", "/saker/ny/"),
        ("case list", "/saker/"),
        ("case page", f"/saker/{case.pk}/"),
        ("process dashboard", "/tasktransfer/"),
        ("queue", "/tasktransfer/queue/"),
        ("inbox", "/tasktransfer/inbox/"),
        ("archive", "/tasktransfer/archive/"),
    ]:
        visit(page, live_server, path)
        found.check(page, name)
    found.assert_none()


def test_task_forms_have_no_serious_violations(browser, live_server):
    world = build_world()
    head = UserFactory(party=world.trust, username="klinikkleder")
    world.unit.head = head
    world.unit.save()
    found = Findings()

    screening = submit(world, title="Til vurdering")
    page = login(browser, live_server, world.secretary.username)
    found.check(task_page(page, live_server, world.secretary, screening, "screen"), "screen")
    page.context.close()

    appointing = submit(world, title="Til oppnevning")
    step(
        world.secretary,
        appointing,
        "screen",
        {"decision": "proceed", "criteria": dict.fromkeys("abcdefg", True)},
    )
    page = login(browser, live_server, world.ssu_trust.username)
    found.check(
        task_page(page, live_server, world.ssu_trust, appointing, "appoint_panel"), "appoint_panel"
    )
    page.context.close()

    investigated = to_investigation(world, title="Under utredning", gps_affected=True)
    panelist = world.panel_people["legal"]
    actions.request_statement(case=investigated, actor=panelist, party=world.trust, unit=world.unit)
    page = login(browser, live_server, panelist.username)
    found.check(task_page(page, live_server, panelist, investigated, "recommend"), "recommend")
    page.context.close()

    page = login(browser, live_server, head.username)
    visit(page, live_server, f"/saker/{investigated.pk}/")
    assert page.locator("#statements textarea[name=text], #statements-card textarea").count()
    found.check(page, "statement answer")
    page.context.close()

    at_gp = to_investigation(world, title="Hos fastlegerådet", gps_affected=True)
    step(panelist, at_gp, "recommend", RECOMMEND_FOR)
    page = login(browser, live_server, world.gp.username)
    found.check(task_page(page, live_server, world.gp, at_gp, "gp_council"), "gp_council")
    page.context.close()

    at_ssu = to_ssu(world, title="Hos SSU")
    page = login(browser, live_server, world.ssu_trust.username)
    found.check(task_page(page, live_server, world.ssu_trust, at_ssu, "ssu_decide"), "ssu_decide")
    page.context.close()

    consulted = to_consultation(world, title="På høring")
    page = login(browser, live_server, world.ssu_municipality.username)
    visit(page, live_server, f"/saker/{consulted.pk}/horing/")
    assert page.locator("textarea[name=text]").count() == 1
    found.check(page, "consultation response")
    page.context.close()
    found.assert_none()
