"""Engine insurance: the generated site also builds with ProperDocs, the maintained drop-in fork of
MkDocs 1.x, with the same pages, search index and navigation (``POLICY_HTML_ENGINE=properdocs``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from build_scripts.errors import UsageError
from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, build
from build_scripts.site.engine import chosen_engine
from tests.conftest import FIXED_EPOCH

GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def pages(site: Path) -> dict[str, bytes]:
    """Every file of a built site, its generator line taken out (the one line that names the engine)."""
    found = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".html":
            data = GENERATOR.sub("", data.decode("utf-8")).encode("utf-8")
        found[path.relative_to(site).as_posix()] = data
    return found


def test_properdocs_builds_the_same_site(built_site: BuildResult, tmp_path: Path) -> None:
    project = Project.at(built_site.out.parent / "project")
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "POLICY_HTML_ENGINE": "properdocs"}
    other = build(project, tmp_path / "site", environ=env)
    home = (other.out / "index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="mkdocs-ProperDocs 1.6.7' in home
    ours, theirs = pages(built_site.out), pages(other.out)
    assert sorted(theirs) == sorted(ours)  # the same pages and files
    assert theirs["search/search_index.json"] == ours["search/search_index.json"]  # the same search
    nav = re.compile(rb'<nav class="md-nav md-nav--primary".*?</nav>', re.S)
    assert nav.findall(theirs["index.html"]) == nav.findall(ours["index.html"])  # the same navigation
    assert [name for name in ours if ours[name] != theirs[name]] == []


def test_an_unknown_engine_is_a_usage_error() -> None:
    assert chosen_engine({}) == "mkdocs"
    with pytest.raises(UsageError, match="POLICY_HTML_ENGINE: 'hugo' is not an HTML engine \\(mkdocs, properdocs\\)"):
        chosen_engine({"POLICY_HTML_ENGINE": "hugo"})
