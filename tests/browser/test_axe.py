"""axe-core finds no WCAG 2.1 A/AA violation on any page, with and without search open."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import describe, open_search, run_axe, site_pages

pytestmark = pytest.mark.browser


def test_every_page_passes_axe(page: Page, server: str, site: Path, axe_js: str) -> None:
    pages = site_pages(site)
    assert "404.html" in pages and "policies/g-170/index.html" in pages
    failures = []
    for path in pages:
        page.goto(f"{server}/{path}")
        failures += [f"{path}: {line}" for line in describe(run_axe(page, axe_js))]
    assert not failures, "\n".join(failures)


def test_search_results_pass_axe(page: Page, server: str, axe_js: str) -> None:
    page.goto(f"{server}/")
    open_search(page, "cell phone")
    assert page.locator("li.md-search-result__item").count() >= 1
    assert page.locator(".md-search-result mark").count() >= 1
    failures = describe(run_axe(page, axe_js))
    assert not failures, "\n".join(failures)


def without_project_stylesheet(page: Page) -> None:
    """Serve an empty extra.css: the page as Material alone would show it."""
    page.route("**/assets/stylesheets/extra.css", lambda route: route.fulfill(body="", content_type="text/css"))


def test_the_project_stylesheet_is_what_fixes_materials_defects(page: Page, server: str, axe_js: str) -> None:
    without_project_stylesheet(page)
    page.goto(f"{server}/policies/g-170/")
    rules = {(v["id"], str(n["target"])) for v in run_axe(page, axe_js) for n in v["nodes"]}
    assert any(rule == "color-contrast" and "district-footer" in target for rule, target in rules)  # the footer
    assert any(rule == "link-in-text-block" for rule, _ in rules)

    open_search(page, "cell phone")
    targets = [str(n["target"]) for v in run_axe(page, axe_js) if v["id"] == "color-contrast" for n in v["nodes"]]
    assert "['.md-search-result__meta']" in targets
    assert any("mark" in target for target in targets)
