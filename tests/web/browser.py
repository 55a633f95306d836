"""What the Chromium tests share: logging in, screenshots, and axe-core's accessibility check."""

import json
import os
from pathlib import Path

import pytest

SCREENSHOTS = os.environ.get("SAKSFLYT_SCREENSHOTS")
AXE_JS = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")

# viewflow's Material fields (vf-field-*) are web components that render their inputs in the
# browser: a page is checked, or filled in, only once every one of them has rendered.
_RENDERED = """() => [...document.querySelectorAll('*')]
    .filter(el => el.tagName.startsWith('VF-FIELD'))
    .every(el => customElements.get(el.tagName.toLowerCase()) && el.childElementCount > 0)"""


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def rendered(page):
    page.wait_for_load_state("load")
    page.wait_for_function(_RENDERED)


def login(browser, live_server, username, *, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nb-NO")
    return log_in(context.new_page(), live_server, username)


def log_in(page, live_server, username):
    """Log in through the login form (as whoever the page's cookies no longer name). The tab
    leaves the last page first, so none of its requests still in flight can set the old
    session's CSRF cookie after the new login page has read it."""
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def axe_violations(page) -> list[dict]:
    """axe-core's critical and serious violations on the page as it is now."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run ./bin/test, which installs it")
    rendered(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


# What the issue asks beyond axe's critical and serious rules: one h1, every radio group in a
# fieldset with a legend, and on pages with a menu a skip link to an element that exists.
_STRUCTURE = """() => {
  const problems = [];
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(`${h1} h1-elementer (skal være ett)`);
  for (const radio of document.querySelectorAll('input[type=radio]')) {
    const set = radio.closest('fieldset');
    const legend = set && set.querySelector(':scope > legend');
    if (!legend || !legend.textContent.trim())
      problems.push(`radio ${radio.name} uten fieldset/legend`);
  }
  const skip = [...document.querySelectorAll('a[href^="#"]')]
    .find(a => a.textContent.trim() === 'Hopp til hovedinnholdet');
  if (document.querySelector('nav') && !skip)
    problems.push('ingen lenke «Hopp til hovedinnholdet»');
  if (skip && !document.getElementById(skip.getAttribute('href').slice(1)))
    problems.push('«Hopp til hovedinnholdet» peker ikke på noe');
  return [...new Set(problems)];
}"""


def structure_problems(page) -> list[str]:
    rendered(page)
    return page.evaluate(_STRUCTURE)


def describe(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(
                f"    {json.dumps(node['target'])}: {node['failureSummary'].splitlines()[-1]}"
            )
    return "\n".join(lines)


def assert_accessible(page, name=""):
    """Fail listing every critical or serious axe-core violation (rule, help, nodes)."""
    shot(page, f"axe_{name}" if name else "axe")
    violations = axe_violations(page)
    assert not violations, f"axe-core on {name or page.url}:\n{describe(violations)}"
    problems = structure_problems(page)
    assert not problems, f"{name or page.url}: {problems}"


def fill_proposal(page, data: dict) -> None:
    """Fill in the form *Forslag til oppgaveoverføring* as a person does, and send it."""
    from cases.models import TaskTransfer

    for name, value in data.items():
        if name in ("proposer_category", "direction"):
            label = dict(TaskTransfer._meta.get_field(name).choices)[value]
            page.select_option(f"select[name={name}]", label=label)
        elif name == "gps_affected":
            group = page.get_by_role("group", name="Berører forslaget fastlegene?")
            group.get_by_label("Ja" if value else "Nei", exact=True).check()
        else:
            page.fill(f"input[name={name}], textarea[name={name}]", value)
    page.get_by_role("button", name="Send inn forslaget").click()
    page.wait_for_url("**/saker/*-*/")
