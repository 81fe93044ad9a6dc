"""Browser tests: Playwright driving Debian's Chromium against a live server.

They fail (never skip) when /usr/bin/chromium is missing: `python3 dev.py test` installs it.
One browser per session; a fresh context (cookies, storage) per test. Every page a test opens is
watched for dialogs (alert/confirm/prompt), script errors and Content Security Policy violations;
a test fails if any occurred.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]  # fmt: skip
HERE = Path(__file__).parent
# Live-update streams end quickly, so the live server's threads are not held between tests.
os.environ.setdefault("POLEMICA_LIVE_SECONDS", "4")
# Playwright's sync API keeps an event loop in the test thread; the test's own database calls
# are still synchronous, so Django's guard against ORM use in async code does not apply.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("the browser tests need Debian's Chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@dataclass
class Watched:
    """A page and what went wrong on it."""

    page: Any
    base: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def sign_in(self, username: str) -> None:
        self.go("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", f"pw-{username}")
        self.page.click("main button[type=submit]")
        self.page.wait_for_url(self.base + "/accounts/profile/")

    def violations(self) -> list[str]:
        return list(self.page.evaluate("window.__violations || []"))

    def assert_clean(self) -> None:
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        assert not self.errors, f"script errors: {self.errors}"
        assert not self.violations(), f"CSP violations: {self.violations()}"
        assert self.page.evaluate("window.__xss === undefined"), "an injected script ran"


def open_page(chromium: Any, base: str, width: int = 1280) -> Watched:
    context = chromium.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    context.add_init_script(WATCH)
    page = context.new_page()
    watched = Watched(page, base)

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: watched.errors.append(str(exc)))

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            watched.errors.append(msg.text)

    page.on("console", on_console)
    page.set_default_timeout(10_000)
    return watched


@pytest.fixture
def web(chromium: Any, live_server: Any) -> Iterator[Any]:
    """`web()` opens a fresh watched page (optionally at phone width); all are closed after."""
    opened: list[Watched] = []

    def make(width: int = 1280) -> Watched:
        w = open_page(chromium, live_server.url, width)
        opened.append(w)
        return w

    yield make
    for w in opened:
        w.page.context.close()
