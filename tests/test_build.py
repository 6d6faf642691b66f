"""End to end: the shipped content and sample projects, built to a site with manifest and PDFs."""

from __future__ import annotations

import hashlib
import json
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from build_scripts.errors import ValidationFailed
from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, build
from build_scripts.site.publish import publish
from tests.conftest import FIXED_EPOCH, ROOT
from tests.textutil import html_text, pdf_text

ENV = {"SOURCE_DATE_EPOCH": FIXED_EPOCH}
JICFB = """---
code: JICFB
title: Bullying Prevention
adopted: 2020-05-01
revised: [2021-06-01]
cross_refs: [G-170]
audience: [staff, students]
---

Text before the first heading, with a <b>tag</b> and #read("/etc/passwd").

**Definitions**

Bullying
:   The repeated use of words to harm a target.

## Prohibition

1. Bullying is prohibited on school grounds.
   - including buses
2. Retaliation is prohibited.

> Quoted reporting duty.

| Step | Who |
|------|-----|
| Report | Staff |
"""


def test_manifest_lists_g170_with_stable_paths(built_site: BuildResult) -> None:
    manifest = json.loads((built_site.out / "manifest.json").read_text())
    assert manifest["schema_version"] == 1
    assert manifest["source_date"] == "2023-11-14T22:13:20Z"
    # every document for every school in English, Spanish and Portuguese (the handbook in English),
    # then each school's print bundle in each language: 1 handbook + 3 x 10 x 3 + 10 x 3 bundles
    documents = manifest["documents"]
    by_id = {
        (d["id"], d["lang"]): sum(1 for e in documents if (e["id"], e["lang"]) == (d["id"], d["lang"]))
        for d in documents
    }
    per_school = ("parent-letter", "publication-permission-form", "trip-disclosure-form")
    assert by_id == {
        **{(ident, lang): 10 for ident in per_school for lang in ("en", "es", "pt")},
        ("staff-handbook", "en"): 1,
        **{("print-bundle", lang): 10 for lang in ("en", "es", "pt")},
    }
    assert all(d["pdf"].endswith(".pdf") and len(d["sha256"]) == 64 for d in documents)
    assert {s["clause"] for d in documents if d["id"] == "trip-disclosure-form" for s in d["sources"]} >= {
        "cellular-phones-1"
    }
    [g170] = [p for p in manifest["policies"] if p["code"] == "G-170"]
    assert g170 == {
        "code": "G-170",
        "title": "Employee Social Media Policy",
        "status": "adopted",
        "adopted": "2019-03-20",
        "revised": [],
        "page": "policies/g-170/",
        "pdf": "policies/g-170/G-170.pdf",
        "sha256": hashlib.sha256((built_site.out / "policies/g-170/G-170.pdf").read_bytes()).hexdigest(),
        # the policy file's exact words, published beside its page (what staff acknowledge)
        "text": "policies/g-170/G-170.md",
        "text_sha256": hashlib.sha256((ROOT / "source/policies/G-170.md").read_bytes()).hexdigest(),
        "versions": [],  # the fixture builds a copy outside git: no history
    }
    assert (built_site.out / "policies/g-170/G-170.md").read_bytes() == (ROOT / "source/policies/G-170.md").read_bytes()


def test_policy_page_has_metadata_panel_and_clause_anchors(built_site: BuildResult) -> None:
    html = (built_site.out / "policies" / "g-170" / "index.html").read_text()
    assert '<dl class="policy-meta">' in html
    assert (
        '<a href="https://malegislature.gov/Laws/GeneralLaws/PartI/TitleI/Chapter4/Section7">'
        "M.G.L. c. 4, § 7(26)</a>" in html
    )
    assert '<dd><time datetime="2019-03-20">March 20, 2019</time></dd>' in html
    assert '<a href="G-170.pdf" download>Download G-170.pdf</a>' in html
    assert '<a id="expectations-2" class="clause-anchor" href="#expectations-2"' in html
    assert '<h2 id="cellular-phones">Cellular Phones and Text Messaging' in html
    assert "short=" not in html
    text = html_text(built_site.out / "policies" / "g-170" / "index.html")
    assert "Related policies Technology Responsible Use Policy Staff Ethics/Conflict of Interest Staff Conduct" in text


def test_index_and_home_pages(built_site: BuildResult) -> None:
    index = html_text(built_site.out / "policies" / "index.html")
    assert "G: Personnel" in index and "G-170 Employee Social Media Policy, adopted March 20, 2019" in index
    home = html_text(built_site.out / "index.html")
    assert "Public Schools of Northborough and Southborough policy manual" in home


def test_policy_pdf_is_tagged_titled_letter_sized(built_site: BuildResult) -> None:
    path = built_site.out / "policies" / "g-170" / "G-170.pdf"
    with pikepdf.open(path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en"
        assert pdf.open_metadata()["dc:title"] == "Employee Social Media Policy"
        assert [float(x) for x in pdf.pages[0].MediaBox] == [0, 0, 612, 792]
    text = pdf_text(path)
    assert "Public Schools of Northborough and Southborough Policy G-170" in text
    assert "Adopted March 20, 2019 Page 1 of 4" in text


def test_pdf_fonts_are_the_projects_own(built_site: BuildResult) -> None:
    with pikepdf.open(built_site.out / "policies" / "g-170" / "G-170.pdf") as pdf:
        names = {str(font.BaseFont).split("+")[-1] for page in pdf.pages for font in page.Resources.Font.values()}
    assert names and all(name.startswith("DejaVu") for name in names)


def test_policy_pdf_is_dated_by_its_text_not_the_commit(built_site: BuildResult) -> None:
    """G-170 was adopted March 20, 2019 and never revised: its PDF says so whatever the commit's date
    (SOURCE_DATE_EPOCH is 2023 here), so a commit that leaves the text alone leaves the PDF's bytes alone."""
    with pikepdf.open(built_site.out / "policies" / "g-170" / "G-170.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20190320000000")


def test_search_index_holds_every_policy(built_site: BuildResult) -> None:
    index = json.loads((built_site.out / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert "policies/g-170/" in locations
    assert any(
        "cell phone number" in doc["text"] for doc in index["docs"] if doc["location"].startswith("policies/g-170/")
    )


def test_a_new_policy_file_appears_everywhere(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    project = sample_project({"JICFB.md": JICFB})
    result = build(project, tmp_path / "out", environ=ENV)
    assert [p.code for p in result.manifest.policies] == ["G-170", "JICFB"]
    page = html_text(result.out / "policies" / "jicfb" / "index.html")
    assert 'Text before the first heading, with a tag and #read("/etc/passwd").' in page  # <b> is allowed
    assert "Bullying: The repeated use of words to harm a target." in page
    assert "Bullying is prohibited on school grounds. including buses" in page
    html = (result.out / "policies" / "jicfb" / "index.html").read_text()
    assert "with a <strong>tag</strong> and" in html
    assert "<table>" in html and "<blockquote>" in html and '<a href="../g-170/">G-170</a>' in html
    search = json.loads((result.out / "search" / "search_index.json").read_text())
    assert any(doc["location"].startswith("policies/jicfb/") for doc in search["docs"])
    pdf = pdf_text(result.out / "policies" / "jicfb" / "JICFB.pdf")
    assert 'with a tag and #read("/etc/passwd").' in pdf.replace("\u201c", '"').replace("\u201d", '"')
    assert "Adopted May 1, 2020 · Revised June 1, 2021" in pdf
    index = html_text(result.out / "policies" / "index.html")
    assert "J: Students" in index


def test_drafts_never_reach_the_site(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    draft = JICFB.replace("adopted: 2020-05-01\nrevised: [2021-06-01]\n", "status: draft\n")
    result = build(sample_project({"JICFB.md": draft}), tmp_path / "out", environ=ENV)
    assert [p.code for p in result.manifest.policies] == ["G-170"]
    assert not (result.out / "policies" / "jicfb").exists()
    assert "JICFB" not in (result.out / "search" / "search_index.json").read_text()


def test_retired_policy_is_marked(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    retired = JICFB.replace("adopted: 2020-05-01", "status: retired\nretired: 2022-01-01\nadopted: 2020-05-01")
    result = build(sample_project({"JICFB.md": retired}), tmp_path / "out", environ=ENV)
    assert [p.status for p in result.manifest.policies] == ["adopted", "retired"]
    assert "Retired policy." in html_text(result.out / "policies" / "jicfb" / "index.html")
    assert "(retired)" in html_text(result.out / "policies" / "index.html")


def test_a_failed_build_leaves_the_last_good_site(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    project = sample_project()
    out = tmp_path / "published" / "site"
    build(project, out, environ=ENV)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (project.policies_dir / "BAD.md").write_text("---\ncode: bad\n---\n")
    with pytest.raises(ValidationFailed):
        build(project, out, environ=ENV)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.parent.iterdir()) == [".site.lock", "site"]


def test_hostile_titles_print_literally_everywhere(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    title = "Bullying <script>alert(1)</script> & <b>bold</b> *not emphasis* {#id}"
    text = JICFB.replace("title: Bullying Prevention", f"title: '{title}'")
    result = build(sample_project({"JICFB.md": text}), tmp_path / "out", environ=ENV)
    pages = {p: p.read_text() for p in result.out.rglob("*.html")}
    assert [p for p, html in pages.items() if "<script>alert(1)" in html or "<b>bold" in html] == []
    page = result.out / "policies" / "jicfb" / "index.html"
    assert f"JICFB {title}" in html_text(page, container="title")
    assert title in html_text(page, container="h1")
    assert f"JICFB {title}" in html_text(result.out / "sections" / "j" / "index.html", container="article")


def test_only_web_mail_and_phone_links_survive(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    body = "\n[Law](https://malegislature.gov/) [Call](tel:5085551212) [Write](mailto:office@example.org)\n"
    result = build(sample_project({"JICFB.md": JICFB + body}), tmp_path / "out", environ=ENV)
    html = (result.out / "policies" / "jicfb" / "index.html").read_text()
    assert '<a href="https://malegislature.gov/">Law</a>' in html and '<a href="tel:5085551212">Call</a>' in html
    assert "Law Call Write" in html_text(result.out / "policies" / "jicfb" / "index.html")


def test_other_link_schemes_are_refused_where_they_are(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    body = "\n[Report](javascript:alert(1))\n\n[x](data:text/html,hi)\n"
    with pytest.raises(ValidationFailed) as failed:
        build(sample_project({"JICFB.md": JICFB + body}), tmp_path / "out", environ=ENV)
    line = len(JICFB.splitlines()) + 2
    assert [p.render() for p in failed.value.problems if p.is_error] == [
        f"source/policies/JICFB.md:{line}: a 'javascript:' link is not allowed; use http, https, mailto or tel",
        f"source/policies/JICFB.md:{line + 2}: a 'data:' link is not allowed; use http, https, mailto or tel",
    ]
    assert not (tmp_path / "out").exists()


def test_published_site_is_readable_by_a_web_server(tmp_path: Path) -> None:
    staging = Path(tempfile.mkdtemp(dir=tmp_path))  # 0700, as the build's staging folder is
    (staging / "policies").mkdir(mode=0o700)
    (staging / "policies" / "index.json").write_text("{}")
    (staging / "policies" / "index.json").chmod(0o600)
    publish(staging, tmp_path / "site")
    modes = {p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in tmp_path.rglob("*")}
    assert modes == {"site": 0o755, "site/policies": 0o755, "site/policies/index.json": 0o644}


def test_built_site_folders_are_0755_and_files_0644(built_site: BuildResult) -> None:
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [built_site.out, *built_site.out.rglob("*")] if p.is_dir()}
    assert modes == {0o755}
    assert {stat.S_IMODE(p.stat().st_mode) for p in built_site.out.rglob("*") if p.is_file()} == {0o644}


def test_the_navigation_lists_sections_and_a_section_page_lists_its_policies(built_site: BuildResult) -> None:
    """The sidebar names each section (not every policy: pages stay light); the section's page is a
    proper list of its policies, followed by a link back to the whole index."""
    page = (built_site.out / "sections" / "g" / "index.html").read_text(encoding="utf-8")
    article = page.split("<article", 1)[1].split("</article>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", article, re.S)
    assert len(items) == 1 and "G-170 Employee Social Media Policy" in items[0] and "All policies" not in items[0]
    assert re.search(r'<p><a href="../../policies/">All policies by section</a></p>', article)
    policy = (built_site.out / "policies" / "g-170" / "index.html").read_text(encoding="utf-8")
    sidebar = policy.split("md-nav--primary", 1)[1].split("md-nav--secondary", 1)[0]
    assert re.search(r'href="../../sections/g/"[^>]*>\s*<span[^>]*>\s*G: Personnel', sidebar)
    assert "g-170" not in sidebar and "Social Media" not in sidebar
