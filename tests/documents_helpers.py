"""Helpers shared by the documents tests: PDF text, normalised for comparison; printed lines and paragraphs."""

from __future__ import annotations

import itertools
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextLine

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


@dataclass(frozen=True)
class Line:
    """One printed line: its top (points from the page's bottom), its font sizes and its text."""

    top: float
    sizes: frozenset[float]
    text: str


def printed_lines(path: Path, page: int = 1) -> list[Line]:
    """The lines of one page as pdfminer lays them out, top to bottom, with each one's font sizes."""
    found: list[Line] = []

    def walk(item: object) -> None:
        if isinstance(item, LTTextLine):
            sizes = frozenset(round(c.size, 1) for c in item if isinstance(c, LTChar) and c.get_text().strip())
            found.append(Line(item.y1, sizes, normalize_text(item.get_text())))
        elif isinstance(item, Iterable):
            for child in item:
                walk(child)

    for layout in extract_pages(str(path), page_numbers=[page - 1], laparams=LAParams()):
        walk(layout)
    return sorted(found, key=lambda line: -line.top)


def paragraphs(lines: list[Line], size: float) -> list[str]:
    """The text of each paragraph set in ``size`` points: consecutive lines of that size, split where
    the gap between two lines is wider than the gap between the lines of one paragraph."""
    body = [line for line in lines if line.sizes == {size}]
    gaps = [a.top - b.top for a, b in itertools.pairwise(body)]
    step = min(gaps) if gaps else 0.0
    found: list[list[str]] = [[body[0].text]] if body else []
    for gap, line in zip(gaps, body[1:], strict=True):
        if gap > step + 1.5:
            found.append([])
        found[-1].append(line.text)
    return [" ".join(words) for words in found]
