"""An old version that fails today's checks is published with what is valid, never a placeholder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from build_scripts.paths.project import Project
from build_scripts.pipeline import build

from .conftest import FIXED_EPOCH, HISTORY_POLICY, copy_project, git_commit
from .textutil import html_text


def test_a_version_without_a_valid_title_shows_todays_title(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, timeout=60)
    policy = root / "source" / "policies" / "JICFB.md"
    first = HISTORY_POLICY.format(dates="adopted: 2024-03-01", first="Bullying is prohibited.", who="Staff")
    policy.write_text(first.replace("title: Bullying Prevention\n", "title: [not, a, title]\n"))
    git_commit(root, "Adopt JICFB (a list where the title should be)", "2024-03-02T09:00:00Z")
    revised = HISTORY_POLICY.format(
        dates="adopted: 2024-03-01\nrevised: [2025-06-01]", first="Bullying is prohibited online.", who="Staff"
    )
    policy.write_text(revised)
    git_commit(root, "Revise JICFB", "2025-06-02T09:00:00Z")
    result = build(Project.at(root), tmp_path / "site", environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    page = result.out / "policies" / "jicfb" / "versions" / "2024-03-01" / "index.html"
    assert "JICFB Bullying Prevention" in html_text(page, container="h1")
    texts = [p.read_text(encoding="utf-8") for p in result.out.rglob("*.html")]
    assert not any("untitled" in t or "UNKNOWN-CODE" in t for t in texts)
    warnings = [p.render() for p in result.warnings]
    assert any("in the version of 2024-03-01: title:" in w for w in warnings), warnings
