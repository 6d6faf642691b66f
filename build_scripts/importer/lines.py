"""Lines of extracted text, and the running headers, footers and page numbers dropped from them."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

PAGE_NUMBER = re.compile(
    r"^[-\u2013\u2014\s]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-\u2013\u2014\s]*$|^page\s+\d+(?:\s+of\s+\d+)?\b.*$",
    re.I,
)
DIGITS = re.compile(r"\d+")
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running headers or footers


class Unreadable(Exception):
    """The input cannot be read (scanned image, encrypted, not UTF-8); ``line`` locates it when known."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message, self.line = message, line


@dataclass
class Line:
    """One line of the input as read: its text and what the reader knows about how it looked."""

    text: str
    origin: int  # 1-based line number in the extracted text, for messages
    page: int = 1
    gap_before: bool = False  # a blank line or a paragraph's spacing before it
    page_break_before: bool = False
    size: float = 0.0  # font size, 0 when unknown
    bold: bool = False
    indent: float = 0.0  # left position (PDF) or list depth (pandoc), 0 when unknown
    heading: int = 0  # a heading level the input marked itself (DOCX, HTML)
    marker: str = ""  # a list marker the input marked itself ("1", "a", "-")
    list_style: str = ""  # and its style (decimal, lower, upper, lower-roman, upper-roman, bullet)
    hard: bool = False  # a whole paragraph already (DOCX, HTML): never joined to the next line
    pre: bool = False  # preformatted (a code block, a line block, a monospaced PDF line): its line breaks are kept
    margin: bool = False  # set apart in the page's top or bottom margin (PDF): a running header or footer
    wraps: bool = False  # runs to the right edge of the text (PDF): a wrapped line, which goes on in the next


@dataclass
class Extracted:
    """What a reader got from a file: its lines, and every piece of its text with the origin it is reported at.

    ``source`` is the words check's truth. It is made from every block or text line of the input, whatever
    the reader made of it, so that a kind of block the reader or the writer drops cannot go unnoticed.
    """

    lines: list[Line]
    source: list[tuple[int, str]]

    @classmethod
    def of_lines(cls, lines: list[Line]) -> Extracted:
        """A reader whose lines are the text as given (plain text, PDF): every line is its own truth."""
        return cls(lines, [(line.origin, line.text) for line in lines])


@dataclass
class Dropped:
    """Lines left out as page furniture, reported to the clerk."""

    lines: list[Line] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)  # origin -> why


def drop_page_furniture(lines: list[Line]) -> tuple[list[Line], Dropped]:
    """Drop page numbers, text repeated at the top or bottom of most pages, and text set apart in the margins."""
    pages = sorted({line.page for line in lines})
    dropped = Dropped()
    repeated = _repeated_edges(lines, pages) if len(pages) > 1 else set()
    edges = {id(line) for page_lines in _page_lines(lines).values() for line in _edges(page_lines)}
    kept: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        at_edge = id(line) in edges and not line.hard
        if at_edge and PAGE_NUMBER.match(text):
            dropped.reasons[line.origin] = "page number"
        elif at_edge and (line.margin or _shape(text) in repeated):
            dropped.reasons[line.origin] = "running header or footer"
        else:
            kept.append(line)
            continue
        dropped.lines.append(line)
    return _mark_page_breaks(kept), dropped


def _shape(text: str) -> str:
    return DIGITS.sub("#", " ".join(text.lower().split()))


def _page_lines(lines: list[Line]) -> dict[int, list[Line]]:
    by_page: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        if line.text.strip():
            by_page[line.page].append(line)
    return by_page


def _edges(page_lines: list[Line]) -> list[Line]:
    return page_lines[:EDGE_LINES] + page_lines[EDGE_LINES:][-EDGE_LINES:]


def _repeated_edges(lines: list[Line], pages: list[int]) -> set[str]:
    """Shapes of lines found at a page edge on at least two pages and on most of them."""
    seen: dict[str, set[int]] = defaultdict(set)
    for page, page_lines in _page_lines(lines).items():
        for line in _edges(page_lines):
            if not line.hard:
                seen[_shape(line.text)].add(page)
    needed = max(2, (len(pages) + 1) // 2)
    return {shape for shape, where in seen.items() if len(where) >= needed}


def _mark_page_breaks(lines: list[Line]) -> list[Line]:
    for before, line in itertools.pairwise(lines):
        if line.page != before.page:
            line.page_break_before = True
    return lines
