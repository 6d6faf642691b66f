"""Versions from git history, permanent pages, feed, API, point-in-time builds, reproducibility."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from build_scripts.history.git_versions import read_history
from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, build
from tests.conftest import copy_project, git_commit, run_cli
from tests.textutil import html_text, pdf_text

POLICY = """---
code: JICFB
title: Bullying Prevention
{dates}
---

## Rules {{#rules}}

1. []{{#rules-1}} {first}
2. []{{#rules-2}} Retaliation is prohibited.
"""
V1 = POLICY.format(dates="adopted: 2020-05-01", first="Bullying is prohibited.")
V2 = POLICY.format(dates="adopted: 2020-05-01\nrevised: [2021-06-01]", first="Bullying is prohibited at school.")
V2_TEXT_ONLY = V2.replace("Retaliation is prohibited.", "Retaliation is prohibited too.")
V3_TYPO = POLICY.format(
    dates="adopted: 2020-05-01\nrevised: [2021-06-01, 2022-09-15]", first="Bullying is prohibited at school and online."
)
V3 = V3_TYPO.replace("at school and online", "at school and on line")


def commit_policy(root: Path, text: str, message: str, when: str) -> str:
    (root / "source" / "policies" / "JICFB.md").write_text(text)
    git_commit(root, message, when)
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()


Repo = tuple[Project, list[str]]


def make_repo(project: Project) -> Repo:
    """The project in git: JICFB adopted, revised, a text-only edit, and a revision with a typo that
    is taken back and made again on the same day (the later commit introduces the same date)."""
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project.root, check=True)
    commits = [
        commit_policy(project.root, V1, "Adopt JICFB", "2020-05-02T10:00:00Z"),
        commit_policy(project.root, V2, "Revise JICFB", "2021-06-02T10:00:00Z"),
        commit_policy(project.root, V2_TEXT_ONLY, "Reword JICFB", "2021-07-01T10:00:00Z"),
        commit_policy(project.root, V3_TYPO, "Revise JICFB again", "2022-09-16T10:00:00Z"),
        commit_policy(project.root, V2_TEXT_ONLY, "Take the revision back: typo", "2022-09-16T10:30:00Z"),
        commit_policy(project.root, V3, "Revise JICFB again, typo fixed", "2022-09-16T11:00:00Z"),
    ]
    return project, commits


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """One history for the tests that only read it (none of them commits)."""
    return make_repo(Project.at(copy_project(tmp_path_factory.mktemp("history") / "project")))


@pytest.fixture(scope="module")
def repo_site(repo: Repo, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """That history built once."""
    return build(repo[0], tmp_path_factory.mktemp("history-site") / "site")


def test_versions_from_history(repo: Repo) -> None:
    project, commits = repo
    history = read_history(project.root)
    versions = history.of("JICFB")
    assert [(v.date, v.kind, v.commit) for v in versions] == [
        (date(2020, 5, 1), "adopted", commits[0]),
        (date(2021, 6, 1), "revised", commits[1]),
        (date(2022, 9, 15), "revised", commits[5]),  # introduced again: replaces commits[3]
    ]
    assert "on line" in versions[2].text
    assert history.problems == []


def test_built_site_has_every_version(repo: Repo, repo_site: BuildResult) -> None:
    _project, commits = repo
    result = repo_site
    [entry] = [p for p in result.manifest.policies if p.code == "JICFB"]
    assert [(v.date.isoformat(), v.page, v.pdf) for v in entry.versions] == [
        (d, f"policies/jicfb/versions/{d}/", f"policies/jicfb/versions/{d}/JICFB-{d}.pdf")
        for d in ("2020-05-01", "2021-06-01", "2022-09-15")
    ]
    first = html_text(result.out / "policies/jicfb/versions/2020-05-01/index.html")
    assert "Superseded on June 1, 2021" in first and "Bullying is prohibited." in first
    last = html_text(result.out / "policies/jicfb/versions/2022-09-15/index.html")
    assert "This is the current version of Policy JICFB, in effect since September 15, 2022" in last
    assert "at school and on line" in last
    old_pdf = pdf_text(result.out / "policies/jicfb/versions/2021-06-01/JICFB-2021-06-01.pdf")
    assert (
        "Superseded on September 15, 2022 — see https://" in old_pdf and "Bullying is prohibited at school." in old_pdf
    )
    page = html_text(result.out / "policies/jicfb/index.html")
    assert "September 15, 2022 — revised:" in page and commits[5][:7] not in page  # the manifest keeps commits
    search = (result.out / "search/search_index.json").read_text()
    assert "versions/" not in search


def test_feed_has_one_entry_per_version_newest_first(repo_site: BuildResult) -> None:
    result = repo_site
    feed = (result.out / "feed.xml").read_text()
    updated = [line.strip() for line in feed.splitlines() if line.strip().startswith("<updated>")]
    assert updated[:4] == [
        "<updated>2022-09-15T12:00:00-04:00</updated>",  # the feed's own: its newest entry
        "<updated>2022-09-15T12:00:00-04:00</updated>",
        "<updated>2021-06-01T12:00:00-04:00</updated>",
        "<updated>2020-05-01T12:00:00-04:00</updated>",
    ]
    assert feed.count("<entry>") == 4  # three JICFB versions and G-170's adoption (outside git before)
    assert '<link href="https://nsboro-policy.github.io/policy-manual/policies/jicfb/versions/2021-06-01/" />' in feed


def test_api_lists_current_policies_with_clauses(repo_site: BuildResult) -> None:
    result = repo_site
    api = json.loads((result.out / "api/policies.json").read_text())
    [jicfb] = [p for p in api["policies"] if p["code"] == "JICFB"]
    assert jicfb["page"] == "https://nsboro-policy.github.io/policy-manual/policies/jicfb/"
    assert jicfb["pdf"] == "https://nsboro-policy.github.io/policy-manual/policies/jicfb/JICFB.pdf"
    assert jicfb["clauses"][0] == {
        "id": "rules-1",
        "section": "rules",
        "label": "1",
        "authored": True,
        "text": "Bullying is prohibited at school and on line.",
        "sha256": hashlib.sha256(b"Bullying is prohibited at school and on line.").hexdigest(),
    }


def test_as_of_builds_the_manual_of_that_day(repo: Repo, tmp_path: Path) -> None:
    project, _ = repo
    result = build(project, tmp_path / "then", as_of=date(2022, 1, 1))
    assert [p.code for p in result.manifest.policies] == ["G-170", "JICFB"]
    assert result.manifest.as_of == date(2022, 1, 1)
    page = html_text(result.out / "policies/jicfb/index.html", container="body")
    assert "The manual as in effect on January 1, 2022." in page
    assert "Bullying is prohibited at school." in page and "on line" not in page
    assert "The manual as in effect on January 1, 2022." in pdf_text(result.out / "policies/jicfb/JICFB.pdf")
    assert build(project, tmp_path / "before", as_of=date(2019, 1, 1)).manifest.policies == []


def test_shallow_history_is_one_warning(repo: Repo, tmp_path: Path) -> None:
    project, _ = repo
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project.root}", str(clone)], check=True)
    history = read_history(clone)
    assert history.versions == {}
    assert [p.render() for p in history.problems] == [
        "source/policies:1: warning: the git history is shallow (fetch it whole, e.g. fetch-depth: 0): "
        "building the current versions only"
    ]


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_of_one_commit_are_identical(repo: Repo, repo_site: BuildResult, tmp_path: Path) -> None:
    project, commits = repo
    first = repo_site
    second = build(project, tmp_path / "two")
    assert checksums(first.out) == checksums(second.out)
    assert first.manifest.commit == commits[-1]


def test_no_timestamp_differs_from_the_commit(repo_site: BuildResult) -> None:
    result = repo_site
    commit_day = 1663286400  # 2022-09-16T00:00:00Z: MkDocs stamps the day of SOURCE_DATE_EPOCH
    assert result.manifest.source_date == "2022-09-16T11:00:00Z"  # the last commit
    raw = (result.out / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(raw[4:8], "little") == commit_day  # gzip header mtime
    sitemap = gzip.decompress(raw).decode()
    assert set(_between(sitemap, "<lastmod>", "</lastmod>")) == {"2022-09-16"}
    policy_pdf = (result.out / "policies/jicfb/JICFB.pdf").read_bytes()  # dated by its text: last revised
    assert b"D:20220915000000" in policy_pdf and b"2022-09-16T11" not in policy_pdf


def _between(text: str, start: str, end: str) -> list[str]:
    return [part.split(end)[0] for part in text.split(start)[1:]]


def test_redlines_mark_the_actual_changes(repo_site: BuildResult) -> None:
    result = repo_site
    [entry] = [p for p in result.manifest.policies if p.code == "JICFB"]
    assert [v.redline for v in entry.versions] == [
        None,
        "policies/jicfb/versions/2021-06-01/redline/",
        "policies/jicfb/versions/2022-09-15/redline/",
    ]
    first = (result.out / "policies/jicfb/versions/2021-06-01/redline/index.html").read_text()
    assert re.findall(r"<(ins|del)>(.*?)</\1>", first) == [("ins", "at school")]
    second = (result.out / "policies/jicfb/versions/2022-09-15/redline/index.html").read_text()
    assert re.findall(r"<(ins|del)>(.*?)</\1>", second) == [("ins", "and on line")]
    pdf = pdf_text(result.out / "policies/jicfb/versions/2021-06-01/redline/JICFB-2021-06-01-changes.pdf")
    assert "[Inserted: at school]" in pdf
    assert "versions/2021-06-01/redline/" not in (result.out / "search/search_index.json").read_text()


def test_redline_command(repo: Repo, tmp_path: Path) -> None:
    project, commits = repo
    out = tmp_path / "changes.html"
    done = run_cli(
        "redline", "JICFB", "--from", "2020-05-01", "--to", commits[5][:10], "--out", str(out), cwd=project.root
    )
    assert done.returncode == 0, done.stderr
    html = out.read_text()
    assert html.startswith('<!doctype html>\n<html lang="en">')
    assert re.findall(r"<(ins|del)>(.*?)</\1>", html) == [("ins", "at school and on line")]
    summary = '<h2>Summary</h2>\n<p>1 change, in Rules.</p>\n<ul>\n<li><a href="#change-1">Change 1</a>: Rules, item 1'
    assert summary in html
    pdf = tmp_path / "changes.pdf"
    assert (
        run_cli(
            "redline", "JICFB", "--from", "2020-05-01", "--to", "2021-06-01", "--out", str(pdf), cwd=project.root
        ).returncode
        == 0
    )
    assert "[Inserted: at school]" in pdf_text(pdf)
    wrong = run_cli("redline", "JICFB", "--from", "1999-01-01", "--to", "2021-06-01", cwd=project.root)
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("error: '1999-01-01' names no version; versions: 2020-05-01 (")


def test_archive_lists_versions_and_retired_policies(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    project, _ = make_repo(sample_project())  # its own history: this test commits
    retired = V3.replace(
        "revised: [2021-06-01, 2022-09-15]", "revised: [2021-06-01, 2022-09-15]\nstatus: retired\nretired: 2023-02-01"
    )
    commit_policy(project.root, retired, "Retire JICFB", "2023-02-02T10:00:00Z")
    result = build(project, tmp_path / "site")
    [entry] = [p for p in result.manifest.policies if p.code == "JICFB"]
    assert (entry.status, [(v.date.isoformat(), v.kind) for v in entry.versions][-1]) == (
        "retired",
        ("2023-02-01", "retired"),
    )
    archive = html_text(result.out / "archive/index.html")
    assert "Retired policies JICFB Bullying Prevention, adopted May 1, 2020, retired February 1, 2023" in archive
    assert (
        "JICFB Bullying Prevention, retired on February 1, 2023: no longer in effect. "
        "Version page · PDF · What changed · What changed (PDF) "
        "JICFB Bullying Prevention, as revised: in effect from September 15, 2022 to February 1, 2023. "
        "Version page · PDF · What changed · What changed (PDF)"
    ) in archive
    assert (
        "G-170 Employee Social Media Policy, as adopted: in effect from March 20, 2019. Version page · PDF" in archive
    )
    retired_page = html_text(result.out / "policies/jicfb/versions/2023-02-01/index.html")
    assert "Retired on February 1, 2023 — Policy JICFB is no longer in effect." in retired_page
    assert "In effect From" not in retired_page  # a retirement is no version in effect
    feed = (result.out / "feed.xml").read_text(encoding="utf-8")
    assert "Policy JICFB (Bullying Prevention) was retired on February 1, 2023; the text did not change." in feed
