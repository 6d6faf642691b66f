"""The policy office's pages pass axe too: a preview's draft page, "Pending" and "Due for review", the
clerk's guide, a renamed policy's redirect page and the committee packet's HTML."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Playwright, Route

from build_scripts.cli import main
from build_scripts.paths.project import Project
from build_scripts.pipeline import build
from tests.clerkutil import project_in_git
from tests.conftest import FIXED_EPOCH
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

from .conftest import QuietHandler, axe_source, describe, run_axe

pytestmark = pytest.mark.browser

READING = (
    "---\ncode: JICK\ntitle: Bullying Prevention\nstatus: first-reading\nfirst_reading: 2026-09-01\n---\n\nText.\n"
)
PAGES = [
    "policies/jick/index.html",
    "pending/index.html",
    "due/index.html",
    "about/guide/index.html",
    "packet.html",
]


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project_in_git(tmp_path_factory.mktemp("clerk-pages") / "project")
    (root / "source" / "policies" / "JICK.md").write_text(READING, encoding="utf-8")
    assert main(["rename", "G-170", "GBEEA", "--project", str(root)]) == 0
    out = build(Project.at(root), environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}, preview=True).out
    assert main(["packet", "--base", "main", "--out", str(out / "packet.html"), "--project", str(root)]) == 0
    return out


@pytest.fixture(scope="module")
def tab(preview: Path, tmp_path_factory: pytest.TempPathFactory, playwright: Playwright) -> Iterator[tuple[Page, str]]:
    handler = functools.partial(QuietHandler, directory=str(preview))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    foreign: list[str] = []

    def keep_local(route: Route) -> None:
        if route.request.url.startswith((origin, "data:", "about:")):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    try:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), headless=True, executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        context.route("**/*", keep_local)
        yield context.new_page(), origin
        context.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
    assert foreign == []


@pytest.mark.parametrize("path", PAGES)
def test_clerk_pages_pass_axe(tab: tuple[Page, str], path: str) -> None:
    page, origin = tab
    page.goto(f"{origin}/{path}")
    failures = describe(run_axe(page, axe_source()))
    assert not failures, "\n".join(failures)


def test_the_redirect_page_passes_axe_and_leads_to_the_new_code(tab: tuple[Page, str], preview: Path) -> None:
    page, origin = tab
    page.goto(f"{origin}/policies/g-170/")
    page.wait_for_url(f"{origin}/policies/gbeea/")
    assert "Employee Social Media Policy" in page.title()
    page.set_content(
        (preview / "policies" / "g-170" / "index.html")
        .read_text(encoding="utf-8")
        .replace('http-equiv="refresh"', 'data-refresh="off"')
    )
    failures = describe(run_axe(page, axe_source()))
    assert not failures, "\n".join(failures)
