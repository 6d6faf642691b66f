"""The pieces a policy body is made of once recognised, and how lines are grouped into them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line

MARKER = re.compile(
    r"^\s*(?P<marker>\((?P<paren>\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})\)|(?P<plain>\d{1,3}|[a-zA-Z]|[ivxIVX]{2,5})[.)]|[\u2022\u25cf\u25aa\u25e6\u2023\u2219\u00b7*\u2013-])"
    r"\s+(?P<text>\S.*)$"
)
TERMINAL = re.compile(r"[.!?;:]['\"\u201d\u2019)]*$")


@dataclass
class Heading:
    text: str
    origin: int
    level: int = 2
    guess: str = ""  # why it was guessed, for a warning ("" when the input was clear)


@dataclass
class Para:
    text: str
    origin: int
    joins: list[tuple[int, str]] = field(default_factory=list)  # (origin, warning) for each join to report


@dataclass
class Item:
    text: str
    origin: int
    depth: int
    style: str  # decimal | lower | upper | lower-roman | upper-roman | bullet
    value: str  # the number or letter as written
    joins: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Definition:
    term: str
    text: str
    origin: int


@dataclass
class Pre:
    """Preformatted text (a code block, a line block, monospaced lines): its lines as written."""

    lines: list[str]
    origin: int


Block = Heading | Para | Item | Definition | Pre


@dataclass
class Unit:
    """Lines that read as one piece: a paragraph, a list item, a heading or a label line."""

    lines: list[Line]
    joins: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines([line.text for line in self.lines])

    @property
    def first(self) -> Line:
        return self.lines[0]


def join_lines(texts: list[str]) -> str:
    """Rejoin wrapped lines: a space between them, none after a hyphen that ends a line."""
    out = ""
    for text in (" ".join(t.split()) for t in texts):
        if not out:
            out = text
        elif out.endswith("-") and not out.endswith(" -") and text[:1].islower():
            out += text
        else:
            out += " " + text
    return out


def starts_new_unit(line: Line, previous: Line, alone: bool) -> bool:
    """Whether ``line`` begins a new unit after ``previous`` (``alone``: either one stands alone)."""
    return (
        alone
        or line.hard
        or previous.hard
        or bool(line.marker)
        or bool(MARKER.match(line.text))
        or (line.size > 0 and previous.size > 0 and abs(line.size - previous.size) > 0.5)
        or line.bold != previous.bold
    )


def continues_across_break(before: str, line: Line, page_break: bool) -> bool:
    """A paragraph cut by a page break or a stray blank line: no closing punctuation, then lower case.

    Across a real page break (PDF) a capital letter may continue the sentence too (a name, 'I').
    """
    start = line.text.lstrip()
    if not before or TERMINAL.search(before) or MARKER.match(start):
        return False
    return start[:1].islower() or (page_break and not line.gap_before and start[:1].isalnum())


def group(lines: list[Line], alone: set[int]) -> list[Unit]:
    """Group lines into units; ``alone`` are origins of lines that must stand on their own."""
    units: list[Unit] = []
    for line in lines:
        current = units[-1] if units else None
        if current is None:
            units.append(Unit([line]))
            continue
        previous = current.lines[-1]
        broken = line.gap_before or line.page_break_before
        solo = line.origin in alone or previous.origin in alone
        page_break = line.page_break_before or line.page != previous.page
        if line.pre or previous.pre:  # preformatted lines go on only with more of them, as the input set them
            if line.pre and previous.pre and not broken:
                current.lines.append(line)
            else:
                units.append(Unit([line]))
        elif broken and not solo and continues_across_break(current.text, line, page_break):
            what = "a page break" if page_break else "a blank line (a page break?)"
            current.joins.append((line.origin, f"joined a paragraph across {what}"))
            current.lines.append(line)
        elif broken or starts_new_unit(line, previous, solo):
            units.append(Unit([line]))
        else:
            current.lines.append(line)
    return units
