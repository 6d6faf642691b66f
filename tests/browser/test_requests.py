"""No request leaves the site: every page and the search make requests to the local server only."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from .conftest import RequestLog, is_foreign, open_search, site_pages

pytestmark = pytest.mark.browser


def test_is_foreign() -> None:
    origin = "http://127.0.0.1:8123"
    assert not is_foreign("http://127.0.0.1:8123/assets/x.css", origin)
    assert not is_foreign("data:image/svg+xml;base64,AAAA", origin)
    assert is_foreign("https://fonts.googleapis.com/css?family=Roboto", origin)
    assert is_foreign("http://127.0.0.1:9999/", origin)
    assert is_foreign("https://127.0.0.1:8123/", origin)


def test_every_page_and_search_stay_on_the_local_server(
    page: Page, server: str, site: Path, request_log: RequestLog
) -> None:
    seen = len(request_log.urls)
    for path in site_pages(site):
        page.goto(f"{server}/{path}")
    open_search(page, "cell phone")
    urls = request_log.urls[seen:]
    assert f"{server}/search/search_index.json" in urls, "the recorder should see the search index load"
    assert any(url.endswith("/assets/stylesheets/extra.css") for url in urls)
    assert request_log.foreign(since=seen) == []


def test_the_recorder_sees_a_request_to_another_host(page: Page, server: str, request_log: RequestLog) -> None:
    page.goto("about:blank")  # the site's own Content Security Policy would stop the request before it is made
    url = "https://fonts.googleapis.com/css?family=Roboto"
    request_log.deliberate.add(url)  # so the fixture's own check lets this one request through
    seen = len(request_log.urls)
    outcome = page.evaluate("url => fetch(url).then(() => 'loaded', () => 'blocked')", url)
    assert outcome == "blocked"
    assert [u for u in request_log.urls[seen:] if is_foreign(u, server)] == [url]
