"""Search as a person uses it: typed key by key, with the mouse or with the keyboard only."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from .conftest import open_search, search_meta

pytestmark = pytest.mark.browser

RESULT_LINKS = "li.md-search-result__item > a"


def test_typing_cell_phone_finds_g170_first(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    open_search(page, "cell phone")
    hrefs = [page.evaluate("a => a.href", link) for link in page.locator(RESULT_LINKS).element_handles()]
    assert hrefs, search_meta(page)
    # the policy comes before the trip form titled "Trip Cell Phone Disclosure Form"
    assert hrefs[0].startswith(f"{server}/policies/g-170/"), hrefs
    assert "Employee Social Media Policy" in page.locator(RESULT_LINKS).first.inner_text()
    assert any(href.startswith(f"{server}/documents/trip-disclosure-form/") for href in hrefs)


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
    assert "/policies/g-170/" in page.evaluate("() => document.activeElement.href"), "the policy comes first"
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


# --- The questions staff ask ------------------------------------------------------------------------

G170 = ("G-170 Employee Social Media Policy", "policies/g-170/")
QUESTIONS = {  # what staff type -> the first result's title and page, and the clause shown under it
    "can I friend a student on Facebook": (*G170, "Expectations, item 2"),
    "texting students": (*G170, "Cellular Phones and Text Messaging"),
    "photos of students": (*G170, "Expectations, item"),
    "personal email": (*G170, "Expectations, item 4"),
    # the policy's cell-phone item about the field trip, under the rule that trip leaders give out
    # their cell number; the form that leader hands out comes right after it
    "field trip phone": (*G170, "Cellular Phones and Text Messaging, item 2"),
}


def results(page: Page, server: str) -> list[tuple[str, str, list[str]]]:
    """Each result as a person sees it: the page's title, its address (without the highlight query)
    and the titles of the sections shown under it."""
    found = []
    for item in page.locator("li.md-search-result__item").all():
        article = item.locator("> a").first
        href = urlsplit(article.evaluate("a => a.href")).path.removeprefix(urlsplit(server).path + "/")
        sections = [h.inner_text() for h in item.locator("> a h2").all()]
        found.append((article.locator("h1").inner_text(), href, sections))
    return found


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("question", QUESTIONS)
def test_each_question_finds_the_right_page_first(page: Page, server: str, question: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{server}/")
    open_search(page, question)
    found = results(page, server)
    assert found, search_meta(page)
    title, href, sections = found[0]
    assert (title, href) == QUESTIONS[question][:2], found
    assert sections and sections[0].startswith(QUESTIONS[question][2]), found  # the clause that answers
    assert not any(h.startswith("documents/staff-handbook/") and s for _, h, s in found[:3])  # no copy of G-170
    if question == "field trip phone":
        assert found[1][:2] == ("Trip Cell Phone Disclosure Form", "documents/trip-disclosure-form/")


@pytest.mark.parametrize("word", ["friends", "friending", "texting", "photos"])
def test_other_forms_of_a_word_find_the_policy(page: Page, server: str, word: str) -> None:
    page.goto(f"{server}/")
    open_search(page, word)
    assert results(page, server)[0][:2] == G170, search_meta(page)


def test_stop_words_and_lone_letters_match_nothing(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    open_search(page, "can I friend a student")
    pages = [href for _, href, _ in results(page, server)]
    assert pages[0] == "policies/g-170/"
    assert "archive/" not in pages and "" not in pages  # the archive and the home page matched "a" and "I"
    assert "friend+student" in page.locator(RESULT_LINKS).nth(1).get_attribute("href")  # what was searched


def test_the_policy_snippet_has_no_repeated_labels(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    open_search(page, "G170")
    article = page.locator("li.md-search-result__item").first.locator("> a article")
    title = article.locator("h1").inner_text()
    snippet = " ".join(article.inner_text().removeprefix(title).split())  # the text under the title
    assert title == "G-170 Employee Social Media Policy"
    assert snippet.startswith("Adopted March 20, 2019 Legal references M.G.L. c. 4, § 7(26)"), snippet
    assert "G170" not in snippet and "Code" not in snippet


@pytest.mark.parametrize(
    ("start", "query", "settled", "first"),
    [
        ("documents/algonquin/trip-disclosure-form/es/", "teléfono celular", "encontrado",
         ("Formulario de divulgación del celular para excursiones", "documents/trip-disclosure-form/es/")),
        ("documents/finn/trip-disclosure-form/pt/", "telefone celular", "encontrado",
         ("Formulário de divulgação do celular para excursões", "documents/trip-disclosure-form/pt/")),
        ("documents/zeh/parent-letter/es/", "correo electrónico", "encontrado",
         ("Cómo se comunica nuestro personal con su hijo", "documents/parent-letter/es/")),
    ],
)  # fmt: skip
def test_spanish_and_portuguese_are_searched_in_their_own_language(
    page: Page, server: str, start: str, query: str, settled: str, first: tuple[str, str]
) -> None:
    page.goto(f"{server}/{start}")
    open_search(page, query, settled=settled)
    found = results(page, server)
    assert found and found[0][:2] == first, found


def test_celular_finds_the_trip_form_in_spanish_and_portuguese(page: Page, server: str) -> None:
    page.goto(f"{server}/documents/algonquin/trip-disclosure-form/es/")
    open_search(page, "celular", settled="encontrado")
    assert {href for _, href, _ in results(page, server)[:2]} == {
        "documents/trip-disclosure-form/es/",
        "documents/trip-disclosure-form/pt/",
    }  # the same word in both languages
