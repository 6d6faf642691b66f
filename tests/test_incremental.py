"""Rebuilds: a cache in front of every render, incremental pages, the same bytes as a cold build."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from build_scripts.cache import ContentCache
from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, build

from .conftest import FIXED_EPOCH, HISTORY_POLICY, copy_project, git_commit

ENV = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}


def checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped manual plus a policy adopted then revised, in git: versions and redlines too."""
    root = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, timeout=60)
    policy = root / "source" / "policies" / "JICFB.md"
    policy.write_text(HISTORY_POLICY.format(dates="adopted: 2024-03-01", first="Bullying is prohibited.", who="Staff"))
    git_commit(root, "Adopt JICFB", "2024-03-02T09:00:00Z")
    revised = HISTORY_POLICY.format(
        dates="adopted: 2024-03-01\nrevised: [2025-06-01]", first="Bullying is prohibited online.", who="Staff"
    )
    policy.write_text(revised)
    git_commit(root, "Revise JICFB", "2025-06-02T09:00:00Z")
    return root


@pytest.fixture(scope="module")
def first_build(repo: Path) -> BuildResult:
    return build(Project.at(repo), repo / "site", environ=ENV)


def forbid_tools(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every pandoc process and typst compile fail the test, and record any attempt."""
    calls: list[str] = []

    real_run = subprocess.run

    def no_pandoc(command: Any, *args: Any, **kwargs: Any) -> Any:
        if "pandoc" in Path(str(command[0])).name:
            calls.append(" ".join(map(str, command))[:80])
            raise AssertionError(f"unexpected pandoc: {command}")
        return real_run(command, *args, **kwargs)

    def no_typst(*args: Any, **kwargs: Any) -> bytes:
        calls.append("typst.compile")
        raise AssertionError("unexpected typst compile")

    monkeypatch.setattr(subprocess, "run", no_pandoc)
    monkeypatch.setattr("build_scripts.render.pdf._typst_compile", no_typst)
    return calls


def test_a_rebuild_with_no_change_runs_no_pandoc_and_no_typst(
    repo: Path, first_build: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = checksums(first_build.out)
    calls = forbid_tools(monkeypatch)
    again = build(Project.at(repo), repo / "site", environ=ENV)
    assert calls == []
    assert checksums(again.out) == before
    assert [v.date.isoformat() for v in again.manifest.policies[1].versions] == ["2024-03-01", "2025-06-01"]


def test_an_edit_rebuilds_the_same_bytes_as_a_cold_build(repo: Path, first_build: BuildResult, tmp_path: Path) -> None:
    """Edit one sentence: the incremental build (cache, changed pages only, merged search index) and a
    build from nothing (empty cache, new folder) give byte-identical sites."""
    policy = repo / "source" / "policies" / "G-170.md"
    original = policy.read_text(encoding="utf-8")
    edited = original.replace("Staff members shall", "Staff members must always", 1)
    assert edited != original
    policy.write_text(edited, encoding="utf-8")
    try:
        incremental = build(Project.at(repo), repo / "site", environ=ENV)
        cold = build(Project.at(repo), tmp_path / "cold", environ={**ENV, "POLICY_CACHE_DIR": str(tmp_path / "c")})
        assert checksums(incremental.out) == checksums(cold.out)
        index = (incremental.out / "search" / "search_index.json").read_text(encoding="utf-8")
        assert "Staff members must always" in index
        assert "Staff members shall" not in index.split("policies/g-170/")[1][:2000]
        assert "Bullying is prohibited online." in index  # a page not rebuilt keeps its entries
    finally:
        policy.write_text(original, encoding="utf-8")


def test_a_corrupt_cache_entry_is_rebuilt_not_published(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path / "cache")
    cache.put("ab" * 32, {"policy.pdf": b"%PDF-1.7 real bytes"})
    entry = tmp_path / "cache" / "ab" / ("ab" * 32) / "policy.pdf"
    entry.write_bytes(b"%PDF-1.7 trunc")
    assert cache.get("ab" * 32) is None
    assert not entry.parent.exists()
    assert cache.stats.corrupt == 1
    cache.put("ab" * 32, {"policy.pdf": b"%PDF-1.7 real bytes"})
    assert cache.get("ab" * 32) == {"policy.pdf": b"%PDF-1.7 real bytes"}


def test_unused_cache_entries_are_pruned(tmp_path: Path) -> None:
    cache = ContentCache(tmp_path / "cache")
    cache.kind("policy").put("cd" * 32, {"a": b"old"})
    cache.kind("policy").put("ef" * 32, {"a": b"new"})
    old = tmp_path / "cache" / "policy" / "cd" / ("cd" * 32)
    os.utime(old, (1_000_000, 1_000_000))
    kept = tmp_path / "cache" / "site" / ("12" * 8) / "docs"  # the last build's Markdown: not an entry
    (kept / "policies").mkdir(parents=True)
    os.utime(kept, (1_000_000, 1_000_000))
    assert cache.prune(now=1_000_000 + 31 * 86400) == 1
    assert not old.exists() and kept.is_dir()
    assert cache.kind("policy").get("ef" * 32) == {"a": b"new"}


def test_the_cache_folder_is_chosen_by_policy_cache_dir(tmp_path: Path) -> None:
    assert ContentCache.for_project(tmp_path, {}).folder == tmp_path / ".cache"
    assert ContentCache.for_project(tmp_path, {"POLICY_CACHE_DIR": str(tmp_path / "x")}).folder == tmp_path / "x"
    off = ContentCache.for_project(tmp_path, {"POLICY_CACHE_DIR": ""})
    off.put("12" * 32, {"a": b"b"})
    assert off.get("12" * 32) is None


def test_a_site_changed_by_hand_is_rebuilt_whole(repo: Path, first_build: BuildResult) -> None:
    """The incremental path trusts only the site it made itself: a page deleted by hand comes back."""
    page = repo / "site" / "archive" / "index.html"
    if not page.exists():
        build(Project.at(repo), repo / "site", environ=ENV)
    shutil.rmtree(repo / "site" / "search")
    policy = repo / "source" / "policies" / "G-170.md"
    original = policy.read_text(encoding="utf-8")
    policy.write_text(original.replace("Staff members shall", "Staff members should", 1), encoding="utf-8")
    try:
        again = build(Project.at(repo), repo / "site", environ=ENV)
        assert (again.out / "search" / "search_index.json").is_file()
        assert (again.out / "archive" / "index.html").is_file()
    finally:
        policy.write_text(original, encoding="utf-8")


def test_a_build_with_the_inputs_of_the_published_site_does_nothing(
    repo: Path, first_build: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same sources, templates, configuration, code, commit and options as the site it published:
    the build returns that site's manifest and warnings without reading a policy; one edited byte
    in source/ builds again."""
    published = build(Project.at(repo), repo / "site", environ=ENV)  # the site as this repository's sources make it
    before = checksums(repo / "site")

    def no_check(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the sources were read again")

    monkeypatch.setattr("build_scripts.pipeline.stages.prepare", no_check)
    again = build(Project.at(repo), repo / "site", environ=ENV)
    assert checksums(again.out) == before
    assert [p.code for p in again.manifest.policies] == ["G-170", "JICFB"]
    assert again.warnings == published.warnings  # the published site's warnings, kept with it
    policy = repo / "source" / "policies" / "JICFB.md"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(text + " ", encoding="utf-8")
    try:
        with pytest.raises(AssertionError, match="read again"):
            build(Project.at(repo), repo / "site", environ=ENV)
    finally:
        policy.write_text(text, encoding="utf-8")
