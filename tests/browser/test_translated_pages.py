"""A translated page after the revision of G-170, in the browser at 1280 and 375 px: its chrome (Material's
words, the navigation, the header and the footer) in its language, what stays English marked
``lang="en"``, the English clause that governs marked too; axe-core finds nothing; pictures kept."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright

from build_scripts.pipeline import BuildResult
from tests.conftest import NEW_ITEM_2, ROOT
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

from .conftest import QuietHandler, describe, run_axe

pytestmark = pytest.mark.browser

BASE = "policy-manual"  # the path of site_url, as the site is published
PAGE = "documents/zeh/trip-disclosure-form/es/"
SCREENSHOTS = ROOT / "screenshots" / "translations"


@pytest.fixture(scope="module")
def revised_server(revised_site: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    served = tmp_path_factory.mktemp("revised-served")
    (served / BASE).symlink_to(revised_site.out, target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=str(served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{BASE}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def chromium(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    profile = tmp_path_factory.mktemp("chromium-translated")
    context = playwright.chromium.launch_persistent_context(
        str(profile), headless=True, executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    try:
        yield context
    finally:
        context.close()


def english_texts(page: Page) -> list[str]:
    """The text of every element marked English, whitespace folded."""
    found: list[str] = page.locator("[lang='en']").evaluate_all("nodes => nodes.map(n => n.textContent)")
    return [" ".join(text.split()) for text in found]


@pytest.mark.parametrize("width", [1280, 375])
def test_a_translated_page_reads_in_its_language_around_the_english_that_governs(
    chromium: BrowserContext, revised_server: str, axe_js: str, width: int
) -> None:
    page = chromium.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{revised_server}/{PAGE}")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("input.md-search__input").get_attribute("placeholder") == "Búsqueda"  # Material's words
    nav = " ".join(page.locator("nav.md-nav--primary").first.text_content().split())  # type: ignore[union-attr]
    for label in ("Inicio", "Políticas por sección", "G: Personal", "Documentos", "Archivo"):
        assert label in nav, label
    footer = " ".join((page.locator(".district-footer").text_content() or "").split())
    assert footer.startswith("Escuelas Públicas de Northborough y Southborough")
    assert "Accesibilidad:" in footer and "Siga los cambios:" in footer
    english = english_texts(page)
    assert NEW_ITEM_2 in english  # the clause that governs, in English, marked as such
    assert "Policy Manual — Public Schools of Northborough and Southborough" in english  # the site's name
    assert "Staff Handbook" in english  # a document title with no translation
    assert not describe(run_axe(page, axe_js))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SCREENSHOTS / f"trip-disclosure-form-zeh-es-page-{width}.png")), full_page=True)
    page.close()
