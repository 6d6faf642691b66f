"""Keyboard, structure and reflow checks that axe cannot make on its own."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from .conftest import site_pages

pytestmark = pytest.mark.browser

POLICY = "policies/g-170/"

FOCUSED = """() => {
  document.getAnimations().forEach(a => a.finish());  // the state a person sees once transitions end
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const r = e.getBoundingClientRect();
  return {
    tag: e.tagName, text: e.textContent.trim().slice(0, 40), href: e.getAttribute('href'),
    width: r.width, height: r.height, visibility: s.visibility, opacity: Number(s.opacity),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1,
    shadow: s.boxShadow !== 'none',
    inContent: e.closest('.md-content') !== null,
  };
}"""

HEADINGS = """() => ({
  all: [...document.querySelectorAll('h1')].length,
  content: [...document.querySelectorAll('.md-content h1, .md-content h2, .md-content h3,'
    + ' .md-content h4, .md-content h5, .md-content h6')].map(h => Number(h.tagName[1])),
})"""


def focused(page: Page) -> dict[str, Any]:
    info: dict[str, Any] = page.evaluate(FOCUSED)
    return info


def test_skip_link_is_first_visible_and_moves_focus_to_the_content(page: Page, server: str) -> None:
    page.goto(f"{server}/{POLICY}")
    page.keyboard.press("Tab")
    first = focused(page)
    assert (first["tag"], first["text"], first["href"]) == (
        "A",
        "Skip to content",
        "#g-170-employee-social-media-policy",
    )
    box = page.locator("a.md-skip").bounding_box()
    assert box is not None and box["y"] >= 0 and box["width"] > 0 and first["opacity"] == 1
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#g-170-employee-social-media-policy"
    page.keyboard.press("Tab")
    assert focused(page)["inContent"], "after the skip link, Tab should continue inside the page content"


def test_every_tab_stop_shows_where_focus_is(page: Page, server: str) -> None:
    page.goto(f"{server}/{POLICY}")
    invisible = []
    stops = 0
    for _ in range(200):
        page.keyboard.press("Tab")
        info = focused(page)
        if info["tag"] == "BODY" or (stops and info["text"] == "Skip to content"):
            break
        stops += 1
        seen = info["width"] > 0 and info["height"] > 0 and info["visibility"] == "visible" and info["opacity"] > 0
        if not (seen and (info["outline"] or info["shadow"])):
            invisible.append(info)
    assert stops > 20, "the policy page should have many tab stops (navigation, contents, links)"
    assert not invisible, "\n".join(map(str, invisible))


def test_pages_reflow_at_320_css_pixels(page: Page, server: str, site: Path) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for path in site_pages(site):
        page.goto(f"{server}/{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[path] = width
    assert wide == {}


def test_language_and_heading_order(page: Page, server: str, site: Path) -> None:
    problems = []
    languages = {"es": "es", "pt": "pt-BR"}  # translated documents: documents/[<school>/]<id>/<lang>/
    for path in site_pages(site):
        page.goto(f"{server}/{path}")
        folder = path.split("/")[-2] if path.count("/") >= 3 and path.startswith("documents/") else ""
        expected = languages.get(folder, "en")
        if page.evaluate("document.documentElement.lang") != expected:
            problems.append(f"{path}: <html lang> is not '{expected}'")
        headings: dict[str, Any] = page.evaluate(HEADINGS)
        levels: list[int] = headings["content"]
        if headings["all"] != 1 or levels[:1] != [1]:
            problems.append(f"{path}: {headings['all']} h1 on the page, content starts with {levels[:1]}")
        problems += [f"{path}: h{b} after h{a}" for a, b in itertools.pairwise(levels) if b > a + 1]
    assert problems == []


def site_name_is_cut_off(page: Page) -> bool:
    clipped: bool = page.locator(".md-header__topic:first-child .md-ellipsis").evaluate(
        "e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1"
    )
    return clipped


@pytest.mark.parametrize("width", [320, 375])
def test_the_site_name_is_not_cut_off_on_phones(page: Page, server: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(f"{server}/{POLICY}")
    assert not site_name_is_cut_off(page)
    page.route("**/assets/stylesheets/extra.css", lambda route: route.fulfill(body="", content_type="text/css"))
    page.reload()
    assert site_name_is_cut_off(page), "Material alone truncates the site name (the reason for the CSS)"


@pytest.mark.parametrize("width", [375, 1280])
def test_the_footer_text_lines_up_with_the_page_text(page: Page, server: str, width: int) -> None:
    """The footer's words start where the page's words start, not at the edge of a phone's screen."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{server}/")
    footer = page.locator(".district-footer__name").bounding_box()
    text = page.locator(".md-content p").first.bounding_box()
    assert footer is not None and text is not None
    assert footer["x"] >= 16 and footer["x"] + footer["width"] <= width - 16
    if width == 375:
        assert abs(footer["x"] - text["x"]) <= 1, (footer["x"], text["x"])
