"""Shared fixtures: the real project built once per session, and small sample projects."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, sync_playwright

from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
# The seed text of G-170 as the district supplied it (copied from shared/seed/), page-break artefact and all.
SEED = ROOT / "tests" / "data" / "G-170-employee-social-media-policy.txt"
FIXED_EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


def copy_project(target: Path) -> Path:
    """A copy of this project's sources (no site, no venv) in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "source", "templates"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        else:
            shutil.copy2(src, target / name)
    return target


@pytest.fixture(scope="session", autouse=True)
def shared_build_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One build cache (``POLICY_CACHE_DIR``) for every build and ``policy`` command of the session.

    It is content-addressed, as a clerk's is: a test whose sources differ gets its own entries, and
    the dozens of tests that build an unchanged copy of the shipped project reuse its PDFs instead of
    typesetting them again. A test about the cache itself (cold builds, corrupt entries, what is
    compiled) names its own folder, or ``""`` for none.
    """
    folder = tmp_path_factory.mktemp("build-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POLICY_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The shipped content (copied, outside git), built once with a fixed SOURCE_DATE_EPOCH."""
    folder = tmp_path_factory.mktemp("built")
    project = Project.at(copy_project(folder / "project"))
    return build(project, folder / "site", environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})


HISTORY_POLICY = """---
code: JICFB
title: Bullying Prevention
{dates}
audience: [staff, parents, students]
---

## Definitions {{#definitions}}

[]{{#definitions-bullying}} Bullying
:   The repeated use of words, images or acts that harm a target.

## Rules {{#rules}}

1. []{{#rules-1}} {first}
2. []{{#rules-2}} Retaliation against a person who reports bullying is prohibited.

| Step | Who acts |
|------|----------|
| Report | {who} |
"""


def git_commit(root: Path, message: str, when: str) -> None:
    """Commit everything in ``root`` as the clerk, at the time ``when`` (ISO 8601)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "Clerk",
        "GIT_AUTHOR_EMAIL": "clerk@example.org",
        "GIT_COMMITTER_NAME": "Clerk",
        "GIT_COMMITTER_EMAIL": "clerk@example.org",
    }
    for args in (["add", "-A"], ["commit", "-qm", message]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The shipped content in git plus a policy adopted then revised: every kind of page and PDF
    (policy, version, redline, archive) exists in this build."""
    folder = tmp_path_factory.mktemp("history")
    root = copy_project(folder / "project")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, timeout=60)
    git_commit(root, "The shipped manual", "2024-01-02T09:00:00Z")
    policy = root / "source" / "policies" / "JICFB.md"
    policy.write_text(HISTORY_POLICY.format(dates="adopted: 2024-03-01", first="Bullying is prohibited.", who="Staff"))
    git_commit(root, "Adopt JICFB", "2024-03-02T09:00:00Z")
    policy.write_text(
        HISTORY_POLICY.format(
            dates="adopted: 2024-03-01\nrevised: [2025-06-01]",
            first="Bullying is prohibited at school and online.",
            who="Staff and students",
        )
    )
    git_commit(root, "Revise JICFB", "2025-06-02T09:00:00Z")
    return build(Project.at(root), folder / "site")


@pytest.fixture
def sample_project(tmp_path: Path) -> Callable[..., Project]:
    """Make a project in a temporary folder: a copy of this one, plus or minus policy files."""

    def make(extra: dict[str, str] | None = None, remove: tuple[str, ...] = ()) -> Project:
        root = copy_project(tmp_path / "project")
        for name in remove:
            (root / "source" / "policies" / name).unlink()
        for name, text in (extra or {}).items():
            (root / "source" / "policies" / name).write_text(text, encoding="utf-8")
        return Project.at(root)

    return make


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``policy`` command as a user would."""
    policy = shutil.which("policy", path=str(Path(sys.executable).parent)) or "policy"
    return subprocess.run(
        [policy, *args], cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})}
    )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """One Playwright for the session, for every browser test (the site's and the service's): a second
    ``sync_playwright()`` in the same thread fails."""
    with sync_playwright() as started:
        yield started
