"""Markdown, HTML and typst special characters in front-matter values (title, legal citation, school
name) print literally in every output: page, search index, PDF text, manifest, feed and documents."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET

import pytest

from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, build
from tests.conftest import FIXED_EPOCH, copy_project
from tests.textutil import html_text, pdf_text

TITLE = 'Bullying <script>alert(1)</script> & <b>b</b> *em* _u_ `c` [l](x) {#id} #read("/x") $m$ @r \\ ]] }'
CITATION = 'M.G.L. c. 71 <i>x</i> *y* #z("q") $w$'
SCHOOL = 'Evil <b>x</b> #read("/etc/passwd") *y* $m$ [z](http://e.invalid)'
POLICY = f"""---
code: JICFB
title: '{TITLE}'
adopted: 2020-05-01
legal_refs: ['{CITATION}']
audience: [staff]
---

## Rules {{#rules}}

1. []{{#rules-1}} Bullying is prohibited.
"""
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = copy_project(tmp_path_factory.mktemp("payloads") / "project")
    (root / "source" / "policies" / "JICFB.md").write_text(POLICY, encoding="utf-8")
    district = root / "source" / "district.yml"
    name = SCHOOL.replace('"', '\\"')
    district.write_text(district.read_text().replace("name: Algonquin Regional High School", f'name: "{name}"'))
    return build(Project.at(root), root / "site", environ={"SOURCE_DATE_EPOCH": FIXED_EPOCH})


def test_no_page_holds_live_markup_from_a_value(hostile_build: BuildResult) -> None:
    pages = {p: p.read_text() for p in hostile_build.out.rglob("*.html")}
    live = ["<script>alert", "<b>b</b>", "<b>x</b>", "<i>x</i>", 'href="x"', 'href="http://e.invalid"']
    assert [(p.name, m) for p, html in pages.items() for m in live if m in html] == []


def test_policy_page_and_pdf_print_title_and_citation_literally(hostile_build: BuildResult) -> None:
    page = hostile_build.out / "policies" / "jicfb" / "index.html"
    assert TITLE in html_text(page, container="h1")
    assert CITATION in html_text(page)
    pdf = pdf_text(hostile_build.out / "policies" / "jicfb" / "JICFB.pdf")
    straight = pdf.replace("\u201c", '"').replace("\u201d", '"')
    assert " ".join(TITLE.split()) in straight  # the PDF prints no legal references


def test_search_index_manifest_and_feed_hold_the_title_literally(hostile_build: BuildResult) -> None:
    index = json.loads((hostile_build.out / "search" / "search_index.json").read_text())
    titles = [doc["title"] for doc in index["docs"] if doc["location"].startswith("policies/jicfb/")]
    # the page's heading carries the code; Material shows the index's HTML-escaped title as text
    assert html.escape(f"JICFB {TITLE}", quote=False) in titles
    manifest = json.loads((hostile_build.out / "manifest.json").read_text())
    assert [p["title"] for p in manifest["policies"] if p["code"] == "JICFB"] == [TITLE]
    feed = ET.parse(hostile_build.out / "feed.xml").getroot()
    entries = [e.findtext(f"{ATOM}title") or "" for e in feed.iter(f"{ATOM}entry")]
    assert any(TITLE in title for title in entries), entries
    api = json.loads((hostile_build.out / "api" / "policies.json").read_text())
    assert TITLE in [p["title"] for p in api["policies"]]


def test_school_name_prints_literally_in_documents(hostile_build: BuildResult) -> None:
    folder = hostile_build.out / "documents" / "algonquin" / "parent-letter"
    assert SCHOOL in html_text(folder / "index.html")
    pdf = pdf_text(next(folder.glob("*.pdf"))).replace("\u201c", '"').replace("\u201d", '"')
    assert SCHOOL in pdf
