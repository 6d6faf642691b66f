"""Helpers for tests that read text back out of the built HTML and PDFs."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from build_scripts.pandoc.runner import normalize_text

SEED_HEADINGS = {
    "Employee Social Media Policy - G-170",
    "Scope:",
    "Purpose:",
    "Definitions:",
    "Expectations:",
    "Cellular Phones and Text Messaging:",
    "Web-Based Communication, Instructional, and Collaboration Tools:",
    "Public Records Law and Copyright Protection",
    "Statement to Staff:",
}
SENTENCE_END = re.compile(r'(?<=[.!?]")\s+(?=[A-Z])|(?<=[.!?])\s+(?=[A-Z"])')


def seed_sentences(seed: Path) -> list[str]:
    """Every sentence of the seed policy, headings and the 'Adopted:' line excluded."""
    kept = []
    for line in seed.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped in SEED_HEADINGS or stripped.startswith(("Adopted:", "---")):
            continue
        kept.append(re.sub(r"^\d+\.\s+", "", stripped))
    text = normalize_text(" ".join(kept))
    return [s for s in SENTENCE_END.split(text) if s]


PERMALINKS = ("clause-anchor", "headerlink")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TextOf(HTMLParser):
    """Text inside one element, without permalink symbols (§, ¶)."""

    def __init__(self, start_tag: str) -> None:
        super().__init__()
        self.start_tag, self.depth, self.skip_at = start_tag, 0, 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        if self.depth or tag == self.start_tag:
            self.depth += 1
            if not self.skip_at and dict(attrs).get("class") in PERMALINKS:
                self.skip_at = self.depth

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            if self.skip_at == self.depth:
                self.skip_at = 0
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip_at:
            self.parts.append(data)


def html_text(path: Path, container: str = "article") -> str:
    """The normalised text inside the first ``container`` element of an HTML file."""
    parser = _TextOf(container)
    parser.feed(path.read_text(encoding="utf-8"))
    return normalize_text("".join(parser.parts))


def pdf_text(path: Path, drop: tuple[str, ...] = ()) -> str:
    """pdftotext output, lines matching ``drop`` prefixes removed, line-end hyphens joined."""
    raw = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    lines = [line for line in raw.splitlines() if not line.strip().startswith(drop)]
    joined = re.sub(r"-\n\s*(?=\w)", "-", "\n".join(lines))
    return normalize_text(joined)
