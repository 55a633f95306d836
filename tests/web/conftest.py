import os

import pytest
from django.db import connections

from tests.web.browser import AXE_JS, assert_accessible

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


@pytest.fixture
def axe():
    """`axe(page, name)` runs axe-core on the page and fails on critical or serious findings."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run ./bin/test, which installs it")
    return assert_accessible
