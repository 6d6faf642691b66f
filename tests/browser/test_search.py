"""Search as a person uses it: typed key by key, with the mouse or with the keyboard only."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import open_search, search_meta

pytestmark = pytest.mark.browser

RESULT_LINKS = "li.md-search-result__item > a"


def test_typing_cell_phone_finds_g170(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    open_search(page, "cell phone")
    hrefs = [page.evaluate("a => a.href", link) for link in page.locator(RESULT_LINKS).element_handles()]
    assert hrefs, search_meta(page)
    # the trip form, titled "... Cell Phone ...", may rank first; the policy must be among the results
    policy = [i for i, href in enumerate(hrefs) if href.startswith(f"{server}/policies/g-170/")]
    assert policy, hrefs
    assert "Employee Social Media Policy" in page.locator(RESULT_LINKS).nth(policy[0]).inner_text()


def test_typing_publication_permission_finds_the_permission_form(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    open_search(page, "publication permission")
    hrefs = [page.evaluate("a => a.href", link) for link in page.locator(RESULT_LINKS).element_handles()]
    assert hrefs, search_meta(page)
    assert hrefs[0].startswith(f"{server}/documents/publication-permission-form/")
    assert "Publication Permission Form" in page.locator(RESULT_LINKS).first.inner_text()
    page.locator(RESULT_LINKS).first.click()
    page.get_by_role("link", name="Algonquin Regional High School").click()
    assert page.url == f"{server}/documents/algonquin/publication-permission-form/"


def test_a_query_without_hits_shows_the_empty_state(page: Page, server: str) -> None:
    page.goto(f"{server}/policies/")
    open_search(page, "xylophonezzz")
    assert search_meta(page) == "No matching documents"
    assert page.locator(RESULT_LINKS).count() == 0


def test_keyboard_only_search_lands_on_the_policy(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert box.evaluate("e => e === document.activeElement"), "'/' should put the focus in the search field"
    page.keyboard.type("social media", delay=20)
    page.wait_for_function(
        "() => /\\d+ matching document/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    page.wait_for_timeout(400)  # results fade in
    page.keyboard.press("ArrowDown")
    first = page.locator(RESULT_LINKS).first
    assert first.evaluate("a => a === document.activeElement"), "ArrowDown should reach the first result"
    for _ in range(10):  # the handbook quotes G-170 too: arrow down to the policy's own page
        if "/policies/g-170/" in page.evaluate("() => document.activeElement.href || ''"):
            break
        page.keyboard.press("ArrowDown")
    with page.expect_navigation(timeout=30_000):
        page.keyboard.press("Enter")
    assert page.url.startswith(f"{server}/policies/g-170/")
    assert page.title().startswith("G-170 Employee Social Media Policy")


def result_hrefs(page: Page) -> list[str]:
    return [page.evaluate("a => a.href", link) for link in page.locator(RESULT_LINKS).element_handles()]


def test_a_word_inside_curly_quotes_is_found(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    open_search(page, "friend")  # G-170 has it only as \u201cfriend\u201d
    hrefs = result_hrefs(page)
    assert any(href.startswith(f"{server}/policies/g-170/") for href in hrefs), (search_meta(page), hrefs)
    assert "friend" in page.locator(".md-search-result mark").first.inner_text().lower()


@pytest.mark.parametrize("code", ["G170", "G-170", "g170"])
def test_a_code_is_found_with_or_without_its_hyphen(page: Page, server: str, code: str) -> None:
    page.goto(f"{server}/")
    open_search(page, code)
    hrefs = result_hrefs(page)
    assert hrefs and hrefs[0].startswith(f"{server}/policies/g-170/"), (search_meta(page), hrefs)


def test_no_snippet_shows_the_clause_link_sign(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    open_search(page, "staff members shall")
    snippets = page.locator(".md-search-result__article").all_inner_texts()
    assert len(snippets) >= 3, search_meta(page)
    assert [s for s in snippets if "\u00a7" in s] == []


def test_the_staff_handbook_is_found(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    open_search(page, "staff handbook")
    assert any(href.startswith(f"{server}/documents/staff-handbook/") for href in result_hrefs(page))
