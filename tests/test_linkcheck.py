"""The link check stage: a hand-made site in a temporary folder, and a build that it stops."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from build_scripts.errors import ToolError
from build_scripts.paths.project import Project
from build_scripts.paths.theme import THEME
from build_scripts.pipeline import BuildResult, build
from build_scripts.site import linkcheck
from build_scripts.site.linkcheck import broken_links, check_links
from tests.conftest import FIXED_EPOCH, copy_project
from tests.test_incremental import checksums

INDEX = """<!doctype html><html lang="en"><head>
<link rel="stylesheet" href="assets/site.css"><link rel="stylesheet" href="/assets/nope.css">
<script src="//cdn.example.com/x.js"></script></head><body>
<h1 id="here">Home</h1><a name="old-anchor"></a>
<a href="page/">ok</a> <a href="page">ok</a> <a href="/page/">ok</a> <a href="page/index.html#sec">ok</a>
<a href="page/#sec">ok</a> <a href="#here">ok</a> <a href="#old-anchor">ok</a> <a href="#">ok</a> <a href="#top">ok</a>
<a href="spaced%20name.html">ok</a> <a href="https://example.org/missing/">outside</a>
<a href="mailto:x@example.org">m</a> <a href="javascript:void(0)">js</a> <img src="img/a.png" alt="a">
<a href="page/#nosuch">bad</a> <a href="missing/">bad</a> <a href="#gone">bad</a> <img src="img/b.png" alt="b">
<a href="missing/">the same broken link twice is reported once</a>
</body></html>
"""
PAGE = """<!doctype html><html lang="en"><body><h2 id="sec">Section</h2>
<a href="../">ok</a> <a href="../index.html#here">ok</a> <a href="../../outside.html">bad</a>
<a href="../spaced name.html#x%20y">ok</a>
</body></html>
"""


def make_site(root: Path) -> Path:
    files = {
        "index.html": INDEX,
        "page/index.html": PAGE,
        "spaced name.html": '<p id="x y">spaces</p>',
        "assets/site.css": "",
        "img/a.png": "",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_broken_links_lists_every_broken_internal_target(tmp_path: Path) -> None:
    assert broken_links(make_site(tmp_path)) == [
        "index.html: /assets/nope.css",
        "index.html: page/#nosuch",
        "index.html: missing/",
        "index.html: #gone",
        "index.html: img/b.png",
        "page/index.html: ../../outside.html",
    ]


def test_a_site_without_broken_links_passes(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "index.html").write_text('<a href="page/#sec">ok</a>', encoding="utf-8")
    (site / "page" / "index.html").write_text('<h2 id="sec">S</h2><a href="../">ok</a>', encoding="utf-8")
    assert broken_links(site) == []
    check_links(site, "site")


def test_check_links_raises_a_tool_error_listing_them(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<a href="a/">x</a><a href="b.html#c">y</a>', encoding="utf-8")
    with pytest.raises(ToolError) as caught:
        check_links(tmp_path, "site")
    assert str(caught.value) == "link check failed on site:\n2 broken links:\nindex.html: a/\nindex.html: b.html#c"


def test_the_shipped_site_has_no_broken_links(built_site: BuildResult) -> None:
    assert len(list(built_site.out.rglob("*.html"))) >= 4
    assert broken_links(built_site.out, "/policy-manual/") == []  # the path of site_url in mkdocs.yml
    assert broken_links(built_site.out, "/") != []  # 404.html links root-relative, under that path


def test_a_broken_link_fails_the_build_and_leaves_site_untouched(
    sample_project: Callable[..., Project], tmp_path: Path
) -> None:
    (tmp_path / "project").mkdir()  # conftest's copy_project copies mkdocs.yml before creating the folder
    project = sample_project()
    home = project.templates / "site" / "pages" / "home.md.j2"  # the project's override of the tool's page
    home.parent.mkdir(parents=True)
    tools_home = (THEME / "site" / "pages" / "home.md.j2").read_text(encoding="utf-8")
    home.write_text(tools_home + '\n<a href="policies/nowhere/">gone</a>\n', encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "previous.txt").write_text("the last good build", encoding="utf-8")
    with pytest.raises(ToolError) as caught:
        build(project, out, environ={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert caught.value.tool == "link check"
    assert caught.value.detail == "1 broken link:\nindex.html: policies/nowhere/"
    assert [p.name for p in out.iterdir()] == ["previous.txt"]
    assert not list(tmp_path.glob(".site.staging-*"))


def test_fast_page_scan_reads_what_htmlparser_reads(history_site: BuildResult) -> None:
    """The link check's regular-expression scan finds exactly the ids and links ``HTMLParser`` finds,
    on every page of a real build with history (policy, version, redline, document, archive pages)."""
    from build_scripts.site.linkcheck import parse_page, parse_page_reference

    pages = sorted(history_site.out.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        fast, reference = parse_page(text), parse_page_reference(text)
        assert (path, fast.ids) == (path, reference.ids)
        assert (path, fast.links) == (path, reference.links)


def test_fast_page_scan_handles_quoting_entities_and_comments() -> None:
    from build_scripts.site.linkcheck import parse_page, parse_page_reference

    text = (
        '<a href=\'x.html?a=1&amp;b=2\' id=one>x</a><!-- <a href="hidden.html"> --><IMG SRC="y.png" alt="a > b">'
        '<script src="s.js"></script><script>var s = "<a href=\\"no.html\\">";</script><a name="n" href="#one">'
        '<a title="x > y" href="z.html">'
    )
    page = parse_page(text)
    assert page.links == ["x.html?a=1&b=2", "y.png", "s.js", "#one", "z.html"]
    assert page.ids == {"one", "n"}
    assert (page.ids, page.links) == (parse_page_reference(text).ids, parse_page_reference(text).links)


def test_a_memo_gives_the_same_answer_and_parses_only_changed_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, memo = make_site(tmp_path / "site"), tmp_path / "links.json"
    first = broken_links(site, "/", memo)
    parsed: list[str] = []
    real = linkcheck.parse_page
    monkeypatch.setattr(linkcheck, "parse_page", lambda text: parsed.append(text) or real(text))
    assert broken_links(site, "/", memo) == first
    assert parsed == []  # nothing changed: every page came from the memo
    (site / "page" / "index.html").write_text(PAGE.replace('id="sec"', 'id="renamed"'), encoding="utf-8")
    again = broken_links(site, "/", memo)
    assert len(parsed) == 1  # only the changed page was read again ...
    assert "index.html: page/#sec" in again  # ... yet the unchanged page's link to it is checked anew
    assert again == broken_links(site) != first  # the same as a check without a memo


def test_an_unreadable_memo_is_ignored(tmp_path: Path) -> None:
    site, memo = make_site(tmp_path / "site"), tmp_path / "links.json"
    expected = broken_links(site)
    for text in ("{not json", '{"base_path": "/", "pages": {"index.html": ["x", 1]}}', "[]"):
        memo.write_text(text, encoding="utf-8")
        assert broken_links(site, "/", memo) == expected


def test_after_an_edit_the_build_reads_only_the_pages_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link check runs on the site as it will be published (CSP in place), so the next build finds
    every unchanged page's bytes in its memo, from the first edit after a cold build on."""
    root = copy_project(tmp_path / "project")
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "POLICY_CACHE_DIR": str(tmp_path / "cache")}
    first = build(Project.at(root), tmp_path / "site", environ=env)
    before = checksums(first.out)
    policy = root / "source" / "policies" / "G-170.md"
    policy.write_text(policy.read_text().replace("adopted in addition to", "adopted, as edited, in addition to"))
    parsed: list[str] = []
    real = linkcheck.parse_page
    monkeypatch.setattr(linkcheck, "parse_page", lambda text: parsed.append(text) or real(text))
    after = checksums(build(Project.at(root), tmp_path / "site", environ=env).out)
    changed = [name for name, digest in after.items() if name.endswith(".html") and before.get(name) != digest]
    assert "policies/g-170/index.html" in changed
    assert len(parsed) == len(changed) < len([name for name in after if name.endswith(".html")]) / 2
