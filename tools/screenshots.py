"""Screenshots of the built site and its PDFs, to look at: ``make screenshots``.

Writes into the output folder (default ``screenshots/``, git-ignored): ``<kind>-1280.png`` and
``<kind>-375.png`` (full pages, Debian Chromium via Playwright) for one page of every kind (home, the
index, a policy, an old version, a redline, the archive, the documents page, a choose-your-school page,
a school's page, a district-wide and a per-school document), ``search/<question>-<width>.png`` (the
search results for questions staff ask, typed into the search box) and ``pdf-<name>.png`` for page 1 of
every policy and document PDF in ``manifest.json``, of an old version's PDF and of a redline PDF
(pdftoppm).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from tools.chromium import CHROMIUM, CHROMIUM_ARGS

FIXED_PAGES = {
    "home": "",
    "policies": "policies/",
    "section": "sections/g/",
    "archive": "archive/",
    "documents": "documents/",
}
WIDTHS = (1280, 375)
SEARCH_QUESTIONS = ("can I friend a student on Facebook", "field trip phone")


def page_kinds(manifest: dict[str, Any]) -> dict[str, str]:
    """One site path of every kind of page the build has (name -> path)."""
    pages = dict(FIXED_PAGES)
    policies = manifest.get("policies", [])
    versions = [v for p in policies for v in p.get("versions", [])]
    documents = manifest.get("documents", [])
    found = {
        "policy": next((p["page"] for p in policies), None),
        "version": next((v["page"] for v in versions), None),
        "redline": next((v["redline"] for v in versions if v.get("redline")), None),
        "district-document": next((d["page"] for d in documents if not d.get("school")), None),
        "school-document": next((d["page"] for d in documents if d.get("school")), None),
        "translated-document": next((d["page"] for d in documents if d.get("lang") not in (None, "en")), None),
        "choose-school": next((f"documents/{d['id']}/" for d in documents if d.get("school")), None),
        "choose-school-translated": next(
            (f"documents/{d['id']}/{d['lang']}/" for d in documents if d.get("school") and d.get("lang") != "en"), None
        ),
        "school": next((f"documents/{d['school']}/" for d in documents if d.get("school")), None),
    }
    pages.update({name: path for name, path in found.items() if path})
    return pages


def pdf_paths(manifest: dict[str, Any]) -> list[str]:
    """Every policy and document PDF, plus one old version's PDF and one redline PDF."""
    entries = [*manifest.get("policies", []), *manifest.get("documents", [])]
    versions = [v for p in manifest.get("policies", []) for v in p.get("versions", [])]
    old = [v["pdf"] for p in manifest.get("policies", []) for v in p.get("versions", [])[:-1]][:1]  # superseded
    redline = [v["redline_pdf"] for v in versions if v.get("redline_pdf")][:1]
    return [e["pdf"] for e in entries] + old + redline


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) in a thread; yields the origin."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def page_shots(site: Path, out: Path) -> list[Path]:
    written = []
    kinds = page_kinds(json.loads((site / "manifest.json").read_text(encoding="utf-8")))
    with serve(site) as origin, sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, headless=True, executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            page = context.new_page()
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                for name, path in kinds.items():
                    page.goto(f"{origin}/{path}")
                    target = out / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
        finally:
            context.close()
    return written


def search_shots(site: Path, out: Path) -> list[Path]:
    """The search results for each of ``SEARCH_QUESTIONS``, typed key by key, at every width."""
    written = []
    (out / "search").mkdir(parents=True, exist_ok=True)
    with serve(site) as origin, sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, headless=True, executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            for width in WIDTHS:
                for question in SEARCH_QUESTIONS:
                    page = context.new_page()
                    page.set_viewport_size({"width": width, "height": 900})
                    page.goto(f"{origin}/")
                    ask(page, question)
                    target = out / "search" / f"{question.replace(' ', '-').lower()}-{width}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
                    page.close()
        finally:
            context.close()
    return written


def ask(page: Page, question: str) -> None:
    """Open the search (from its header button on a phone), type ``question`` and wait for results."""
    toggle = page.locator("label.md-header__button[for='__search']")
    if toggle.is_visible():
        toggle.click()
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(question, delay=20)
    page.wait_for_function(
        "() => /matching document/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    page.wait_for_timeout(600)  # results fade in


def pdf_shots(site: Path, out: Path) -> list[Path]:
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    written = []
    for relative in pdf_paths(manifest):
        pdf = site / relative
        stem = out / f"pdf-{pdf.stem}"
        command = ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if result.returncode != 0:
            raise SystemExit(f"pdftoppm failed on {pdf}: {result.stderr.strip()}")
        written.append(stem.with_suffix(".png"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site folder (default: site)")
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="where to write the PNGs")
    args = parser.parse_args(argv)
    if not (args.site / "manifest.json").is_file():
        raise SystemExit(f"{args.site}/manifest.json not found: build the site first (make site)")
    args.out.mkdir(parents=True, exist_ok=True)
    for path in [*page_shots(args.site, args.out), *search_shots(args.site, args.out), *pdf_shots(args.site, args.out)]:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
