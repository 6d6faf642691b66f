"""The Content Security Policy: every page declares one, no page breaks it, search still works under it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page

from .conftest import open_search, search_meta, site_pages

pytestmark = pytest.mark.browser

LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname}`));
"""


@pytest.fixture
def watched(page: Page) -> tuple[Page, list[str]]:
    """The page, with every CSP violation event and every console error recorded."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    page.add_init_script(LISTEN)
    page.on("console", on_console)
    return page, errors


def violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate("window.__violations")
    return found


def test_no_page_reports_a_violation(watched: tuple[Page, list[str]], server: str, site: Path) -> None:
    page, errors = watched
    found: list[str] = []
    for path in site_pages(site):
        page.goto(f"{server}/{path}")
        assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1, path
        page.wait_for_timeout(50)
        found += violations(page)
    assert found == [] and errors == []


def test_search_works_under_the_policy(watched: tuple[Page, list[str]], server: str) -> None:
    page, errors = watched
    page.goto(f"{server}/policies/g-170/")
    open_search(page, "cell phone")
    assert page.locator("li.md-search-result__item > a").count() > 0, search_meta(page)
    assert violations(page) == [] and errors == []


def test_an_injected_inline_script_is_blocked_and_reported(watched: tuple[Page, list[str]], server: str) -> None:
    page, errors = watched
    page.goto(f"{server}/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_timeout(100)
    assert page.evaluate("window.__ran === undefined")
    assert violations(page) == [f"script-src-elem blocked inline on {urlsplit(server).path}/"]
    assert any("Content Security Policy" in e for e in errors)
