"""Browser harness: the built site served on 127.0.0.1, one Debian Chromium per session, axe-core.

Every request the browser makes is recorded; a request to any other host fails the test that made it
(and is aborted, so nothing actually leaves the machine).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, Request, Route

from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult
from build_scripts.source.siteconfig import read_site_url
from tests.conftest import ROOT
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL_SCHEMES = {"data", "blob", "about"}


def axe_source() -> str:
    """axe.min.js as shipped inside the PyPI package axe-playwright-python."""
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def site_pages(site: Path) -> list[str]:
    """URL paths (relative to the server root) of every HTML file of the site, sorted."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def is_foreign(url: str, origin: str) -> bool:
    """True when ``url`` would leave the machine: any host other than the local server's."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return f"{parts.scheme}://{parts.netloc}" != origin


@dataclass
class RequestLog:
    """Every URL the browser asked for, and the ones that went to another host."""

    origin: str
    urls: list[str] = field(default_factory=list)
    deliberate: set[str] = field(default_factory=set)  # foreign URLs a test requested on purpose

    def record(self, request: Request) -> None:
        self.urls.append(request.url)

    def foreign(self, since: int = 0) -> list[str]:
        return [url for url in self.urls[since:] if is_foreign(url, self.origin) and url not in self.deliberate]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site(history_site: BuildResult) -> Path:
    """A build with history, so version, redline and archive pages are checked too."""
    return history_site.out


@pytest.fixture(scope="session")
def server(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served on 127.0.0.1 (a free port) under the path of site_url, as it is published
    (e.g. https://owner.github.io/policy-manual/); yields the site's base URL without a final '/'."""
    base_path = urlsplit(read_site_url(Project.at(ROOT))[0] or "/").path.strip("/")
    served = tmp_path_factory.mktemp("served")
    mount = served.joinpath(*base_path.split("/")) if base_path else served
    mount.parent.mkdir(parents=True, exist_ok=True)
    if base_path:
        mount.symlink_to(site, target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=str(mount if not base_path else served))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}" + (f"/{base_path}" if base_path else "")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def request_log(server: str) -> RequestLog:
    parts = urlsplit(server)
    return RequestLog(origin=f"{parts.scheme}://{parts.netloc}")


@pytest.fixture(scope="session")
def browser(
    tmp_path_factory: pytest.TempPathFactory, server: str, request_log: RequestLog, playwright: Playwright
) -> Iterator[BrowserContext]:
    """One headless Debian Chromium for the whole session, with a fresh profile."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    context = playwright.chromium.launch_persistent_context(
        str(profile), headless=True, executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )
    context.on("request", request_log.record)

    def keep_local(route: Route) -> None:
        if is_foreign(route.request.url, request_log.origin):
            route.abort()
        else:
            route.continue_()

    context.route("**/*", keep_local)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser: BrowserContext, request_log: RequestLog) -> Iterator[Page]:
    """A fresh tab; the test fails if it made a request to another host."""
    seen = len(request_log.urls)
    tab = browser.new_page()
    tab.set_default_timeout(10_000)
    try:
        yield tab
    finally:
        tab.close()
    foreign = request_log.foreign(since=seen)
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.fixture(scope="session")
def axe_js() -> str:
    return axe_source()


def run_axe(page: Page, axe_js: str) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # evaluated through DevTools, not as an inline <script>: the site's Content Security Policy
        # (rightly) refuses inline scripts it does not know
        page.evaluate(axe_js + "\n;undefined")
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> list[str]:
    """One readable line per failing node: rule id, help text, CSS target, axe's summary."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"{violation['id']}: {violation['help']} at {node['target']}: {summary}")
    return lines


def open_search(page: Page, query: str, settled: str = "matching document") -> None:
    """Type ``query`` key by key into Material's search box and wait for the results to settle (the
    status line says ``settled``: "1 matching document", "No matching documents"; in Spanish and
    Portuguese "documento(s) encontrado(s)"). On a phone the search opens from its header button."""
    box = page.locator("input.md-search__input")
    toggle = page.locator("label.md-header__button[for='__search']")
    if toggle.is_visible():
        toggle.click()
    box.click()
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        "settled => { const m = document.querySelector('.md-search-result__meta');"
        " return m !== null && new RegExp(settled, 'i').test(m.textContent); }",
        arg=settled,
    )
    page.wait_for_timeout(400)  # Material fades the results in


def search_meta(page: Page) -> str:
    """The status line of Material's search results ("1 matching document", "No matching documents")."""
    return " ".join(page.locator(".md-search-result__meta").inner_text().split())
