"""Recognise a policy's structure in its lines: headings, list items with nesting, definitions, paragraphs."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import MARKER, TERMINAL, Block, Definition, Heading, Item, Para, Pre, Unit, group
from .frontlines import is_label, take_front_lines, title_case
from .lines import Line, drop_page_furniture
from .listdepth import ListStack
from .meta import Meta

WORD = re.compile(r"\w")
DEFINITION = re.compile(r"^(?P<term>[A-Z][\w'\u2019/-]*(?:\s+[\w'\u2019/()-]+){0,5}):\s+(?P<text>\S.*)$")
HEADING_WORDS = 12


@dataclass
class Recognised:
    """What the import found: front matter, body blocks, warnings at input lines, and the furniture dropped."""

    meta: Meta
    blocks: list[Block]
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (origin, message)
    dropped: list[Line] = field(default_factory=list)


def recognise(lines: list[Line], path: Path) -> Recognised:
    """Lines as read -> front matter and body blocks."""
    wordy = [line for line in lines if WORD.search(line.text)]
    kept, dropped = drop_page_furniture(wordy)
    body, meta = take_front_lines(kept, dropped.lines, path)
    result = Recognised(meta, [], dropped=dropped.lines)
    for line in dropped.lines:
        result.warnings.append((line.origin, f"dropped a {dropped.reasons[line.origin]}: '{line.text.strip()}'"))
    body_size = _body_size(body)
    alone = {line.origin for line in body if _heading_reason(line, body_size, True) is not None or is_label(line.text)}
    _classify(group(body, alone), body_size, result)
    _levels_by_size(result.blocks, {line.origin: line for line in body}, body_size)
    return result


def _body_size(lines: list[Line]) -> float:
    sizes = [round(line.size, 1) for line in lines if line.size]
    return statistics.mode(sizes) if sizes else 0.0


def _heading_reason(line: Line, body_size: float, alone: bool) -> str | None:
    """Why a line reads as a heading ('' for clear cases, a warning for guesses), None if it does not."""
    text = " ".join(line.text.split())
    words = text.split()
    if line.heading:
        return ""
    if line.pre:
        return None
    numbered = MARKER.match(text)
    if numbered and not line.marker and _all_capitals(numbered["text"]):
        return "heading guessed from a numbered all-capitals line (its number was left out)"
    if line.marker or numbered or not words or len(words) > HEADING_WORDS or not text[0].isalpha():
        return None
    if text.endswith(":") and text.count(":") == 1 and _capitalised(words):  # not a lead-in ("Staff shall:")
        return ""
    if body_size and line.size > body_size * 1.15 and not TERMINAL.search(text):
        return ""
    if line.bold and not TERMINAL.search(text):
        return ""
    if _all_capitals(text):
        return "heading guessed from an all-capitals line"
    if alone and _title_like(words) and not TERMINAL.search(text) and not re.search(r"[,;]", text):
        return "heading guessed from a short line on its own"
    return None


def _all_capitals(text: str) -> bool:
    letters = re.sub(r"\W", "", text)
    short = len(text.split()) <= HEADING_WORDS
    return short and text.isupper() and len(letters) > 2 and not text.endswith((".", "!", "?", ";"))


def _title_like(words: list[str]) -> bool:
    return len(words) <= 8 and _capitalised(words)


def _capitalised(words: list[str]) -> bool:
    """Most words of more than three letters start with a capital, as in a title."""
    long_words = [w for w in words if len(w) > 3]
    capitalised = [w for w in long_words if w[0].isupper()]
    return bool(long_words) and len(capitalised) * 10 >= len(long_words) * 8


def _classify(units: list[Unit], body_size: float, result: Recognised) -> None:
    stack = ListStack()
    section = ""
    for index, unit in enumerate(units):
        if unit.first.pre:
            written = [part for line in unit.lines for part in line.text.split("\n")]
            result.blocks.append(Pre(written, unit.first.origin))
            stack.reset()
            continue
        text = unit.text
        single = len(unit.lines) == 1
        is_last = index == len(units) - 1
        reason = _heading_reason(unit.first, body_size, single and not is_last) if single else None
        if reason is not None:
            level = _level(unit.first, body_size)
            numbered = None if unit.first.marker else MARKER.match(text)
            heading = title_case((numbered["text"] if numbered else text).rstrip(":").strip())
            result.blocks.append(Heading(heading, unit.first.origin, level, reason))
            section = text.lower()
            stack.reset()
            continue
        marked = unit.first.marker or MARKER.match(text)
        if marked:
            result.blocks.append(_item(unit, stack))
            continue
        stack.reset()
        definition = DEFINITION.match(text) if section.startswith("definition") else None
        if definition:
            result.blocks.append(Definition(definition["term"], definition["text"], unit.first.origin))
        else:
            result.blocks.append(Para(text, unit.first.origin, unit.joins))


def _level(line: Line, body_size: float) -> int:
    return line.heading or 2


def _levels_by_size(blocks: list[Block], lines: dict[int, Line], body_size: float) -> None:
    """In a PDF with headings of several sizes, the largest are level 2, the next level 3, and so on."""
    headings = [b for b in blocks if isinstance(b, Heading) and not lines[b.origin].heading and body_size]
    sizes = sorted({max(round(lines[h.origin].size), round(body_size)) for h in headings}, reverse=True)
    if len(sizes) < 2:
        return
    for heading in headings:
        heading.level = 2 + sizes.index(max(round(lines[heading.origin].size), round(body_size)))


def _item(unit: Unit, stack: ListStack) -> Item:
    first = unit.first
    if first.marker:  # the input said where the item is (DOCX, HTML)
        return Item(unit.text, first.origin, int(first.indent), first.list_style, first.marker, unit.joins)
    match = MARKER.match(unit.text)
    assert match is not None
    value = (match["paren"] or match["plain"] or match["marker"]).strip()
    text, paren = match["text"], bool(match["paren"])
    depth, style = stack.place(value, paren, first.indent)
    return Item(text, first.origin, depth, style, value, unit.joins)
