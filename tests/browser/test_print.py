"""Printing a policy page gives the policy text without the site's furniture, with link addresses."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

FURNITURE = [
    ".md-header",
    ".md-sidebar--primary",
    "nav.md-nav--primary",
    ".md-sidebar--secondary",
    ".md-search",
    ".md-footer",
]


def displays(page: Page) -> dict[str, str]:
    result: dict[str, str] = page.evaluate(
        "sels => Object.fromEntries(sels.map(s => [s, getComputedStyle(document.querySelector(s)).display]))",
        FURNITURE,
    )
    return result


def test_print_hides_navigation_and_spells_out_links(page: Page, server: str) -> None:
    page.goto(f"{server}/policies/g-170/")
    assert displays(page)["nav.md-nav--primary"] != "none", "on screen the navigation is shown"
    page.emulate_media(media="print")
    assert displays(page) == dict.fromkeys(FURNITURE, "none")
    assert page.locator("article h1").is_visible()
    link = page.locator("article a[href^='https://www.mass.gov/']").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == f'" ({link.get_attribute("href")})"'
