"""Helpers for the clerk's-workflow tests: the ``policy`` command in-process, and a project in git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from build_scripts.cli import main
from tests.conftest import copy_project, git_commit


def policy(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    """Run ``policy ARGS --project ROOT`` in-process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main([*args, "--project", str(root)])
    out, err = capsys.readouterr()
    return code, out, err


def project_in_git(target: Path) -> Path:
    """A copy of this project, committed on ``main``."""
    root = copy_project(target)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, timeout=60)
    git_commit(root, "The shipped manual", "2024-01-02T09:00:00Z")
    return root
