"""Shared fixtures: the real project built once per session, and small sample projects."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from build_scripts.pipeline import BuildResult, build
from build_scripts.project import Project

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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The shipped content (copied, outside git), built once with a fixed SOURCE_DATE_EPOCH."""
    folder = tmp_path_factory.mktemp("built")
    project = Project.at(copy_project(folder / "project"))
    return build(project, folder / "site", environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})


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
    policy = shutil.which("policy", path=str(Path(os.sys.executable).parent)) or "policy"
    return subprocess.run(
        [policy, *args], cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})}
    )
