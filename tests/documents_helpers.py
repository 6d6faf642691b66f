"""Helpers shared by the documents tests: PDF text, normalised for comparison."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from build_scripts.pandoc.runner import normalize_text
from build_scripts.paths.project import Project
from tests.conftest import copy_project

SCHOOL_IDS = [
    *["algonquin", "melican", "lincoln-street", "peaslee", "proctor", "zeh"],  # Northborough
    *["trottier", "neary", "woodward", "finn"],  # Southborough
]
PER_SCHOOL = ["parent-letter", "publication-permission-form", "trip-disclosure-form"]


def pdf_text(path: Path, *, layout: bool = False, first: int = 0, last: int = 0) -> str:
    """The PDF's text with quotes straightened, whitespace collapsed, lines broken at a hyphen joined."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    # -layout keeps the hyphen of a word broken at a line end (plain mode drops it)
    command = ["pdftotext", *(["-layout"] if layout else []), *pages, str(path), "-"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    return re.sub(r"(?<=\w)-\s+(?=\w)", "-", normalize_text(done.stdout))


def words(text: str) -> list[str]:
    """Lower-case words with punctuation and quote marks removed."""
    return re.findall(r"[a-z0-9]+", normalize_text(text).lower().replace("'", ""))


def project_copy(target: Path) -> Project:
    """A copy of the shipped project in ``target`` (which may not exist yet)."""
    target.mkdir(parents=True, exist_ok=True)
    return Project.at(copy_project(target))
