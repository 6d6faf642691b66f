"""What a reader sees of issue 9's pages in a browser: a redline's insertions do not look like links and
its summary jumps to each change; the archive fits a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

REDLINE = "policies/jicfb/versions/2025-06-01/redline/"


def test_insertions_do_not_look_like_links(page: Page, server: str) -> None:
    page.goto(f"{server}/{REDLINE}")
    style = "e => { const s = getComputedStyle(e); return [s.textDecorationStyle, s.backgroundColor]; }"
    inserted = page.locator(".redline ins").first.evaluate(style)
    link = page.locator("article p a").first.evaluate(style)
    assert inserted[0] == "double" and link[0] == "solid"
    assert inserted[1] != link[1]


def test_the_summary_jumps_to_each_change(page: Page, server: str) -> None:
    page.goto(f"{server}/{REDLINE}")
    links = page.locator("article a[href^='#change-']")
    count = links.count()
    assert count >= 2  # the revised rule and the revised table
    links.nth(count - 1).click()
    assert page.url.endswith(f"#change-{count}")
    target = page.locator(f"#change-{count}")
    assert target.evaluate("e => e.matches(':target')") and target.is_visible()
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900


def test_the_archive_fits_a_phone(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{server}/archive/")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0
    clipped = page.evaluate(
        "() => [...document.querySelectorAll('article a')].filter(a => a.getBoundingClientRect().right > 375).length"
    )
    assert clipped == 0
