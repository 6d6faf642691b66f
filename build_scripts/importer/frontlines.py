"""Take the lines that belong in front matter out of the text: title and code, dates, references."""

from __future__ import annotations

import re
from pathlib import Path

from ..source.locate import words
from .blocks import MARKER, TERMINAL
from .codes import code_label, cross_ref, from_file_name, names_code, title_and_code
from .lines import Line
from .meta import REFS_LABEL, Meta, date_line, split_refs

TITLE_LOOKAHEAD = 6  # the title is among the first lines of a policy
TITLE_LINES = 3  # a title wraps over at most three lines
TITLE_WORDS = 20
TITLE_CANDIDATES = 3  # lines that stand out before the text begins: a heading of the manual, the title, a subtitle
REFERENCE_WORDS = 12
SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def title_case(text: str) -> str:
    """'BULLYING PREVENTION' -> 'Bullying Prevention', 'SCHOOL-RELATED TRIPS' -> 'School-Related Trips';
    text with lower case stays as written."""
    if re.search(r"[a-z]", text):
        return text
    words = text.lower().split()
    return " ".join(w if i and w in SMALL_WORDS else re.sub(r"(^|-)(\w)", _upper, w) for i, w in enumerate(words))


def _upper(match: re.Match[str]) -> str:
    return match[1] + match[2].upper()


def is_label(text: str) -> bool:
    return bool(date_line(text) or REFS_LABEL.match(text) or code_label(text))


def take_front_lines(lines: list[Line], dropped: list[Line], path: Path) -> tuple[list[Line], Meta]:
    """The body's lines and the front matter taken from the others (``dropped``: page furniture)."""
    meta = Meta()
    body: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        refs = REFS_LABEL.match(line.text)
        if refs:
            index = _take_refs(lines, index, refs["kind"].lower(), meta)
            continue
        if not _take_label(line, meta):
            body.append(line)
        index += 1
    for line in dropped:  # a code or a date printed in a running header or footer
        titled = title_and_code(line.text)
        meta.code = meta.code or code_label(line.text) or (titled[1] if titled else None)
        dated = date_line(line.text)
        if dated and not meta.dates.get(dated[0]):
            meta.dates[dated[0]] = dated[1]
    _take_title(body, meta)
    name_code, name_title = from_file_name(path)
    meta.code = meta.code or name_code
    meta.title = meta.title or name_title
    return [line for line in body if line.origin not in meta.consumed], meta


def _take_label(line: Line, meta: Meta) -> bool:
    dated = date_line(line.text)
    if dated:
        meta.dates.setdefault(dated[0], []).extend(dated[1])
        meta.consumed.add(line.origin)
        return True
    code = code_label(line.text)
    if code and not meta.code:
        meta.code = code
        meta.consumed.add(line.origin)
        return True
    return False


def _take_refs(lines: list[Line], index: int, kind: str, meta: Meta) -> int:
    """Consume a LEGAL REFS./CROSS REFS. block: the label's line and the lines under it."""
    first = lines[index]
    meta.consumed.add(first.origin)
    rest = REFS_LABEL.match(first.text)
    entries = split_refs(rest["rest"]) if rest else []
    index += 1
    while index < len(lines):
        line = lines[index]
        if _ends_refs(line, first):
            break
        text = " ".join(line.text.split())
        above = lines[index - 1]
        wrapped = above.wraps and not above.text.rstrip().endswith(";") and not names_code(text)
        if entries and (text[:1].islower() or entries[-1].endswith((",", "-")) or wrapped):
            entries[-1:] = split_refs(f"{entries[-1]} {text}")
        else:
            entries += split_refs(text)
        meta.consumed.add(line.origin)
        index += 1
    if kind == "legal":
        meta.legal_refs += entries
    else:
        meta.cross_refs += [cross_ref(entry) for entry in entries]
    return index


def _ends_refs(line: Line, first: Line) -> bool:
    """Whether ``line`` is past the references under the label line ``first``."""
    if line.heading or line.marker or date_line(line.text) or REFS_LABEL.match(line.text):
        return True
    if line.hard:  # a Word or HTML file: one reference a line of the label's paragraph, or a paragraph each
        return line.bold or "\n" in line.text or (line.gap_before and not _reference_like(line.text))
    return line.pre != first.pre or (line.gap_before and not line.page_break_before)  # a page break parts none


def _reference_like(text: str) -> bool:
    """Short, and no sentence's full stop at its end ('20 U.S.C. § 1681', '5131.2 - Bullying', 'Hazing')."""
    words = text.split()
    last = words[-1] if words else ""
    prose = last.endswith((".", "!", "?", ":")) and "." not in last[:-1] and len(last) > 4
    return 0 < len(words) <= REFERENCE_WORDS and not prose


def _take_title(body: list[Line], meta: Meta) -> None:
    """The title: a line (or a title wrapped over two or three lines) naming the code, else one that stands out."""
    for index in range(min(TITLE_LOOKAHEAD, len(body))):
        block = title_block(body, index)
        for lines in (block, block[:1]) if len(block) > 1 else (block,):
            found = title_and_code(joined(lines))
            if found and not meta.title:
                meta.title, code = found
                meta.code = meta.code or code
                meta.consumed |= {line.origin for line in lines}
                _take_repeats_of_title(body[:index], joined(lines), meta)
                return
    if meta.title or not body:
        return
    chosen = _standing_out(body)
    if chosen:
        meta.title = title_case(joined(chosen))
        meta.consumed |= {line.origin for line in chosen}


def title_block(body: list[Line], start: int) -> list[Line]:
    """The line at ``start`` and the lines that go on with it as one title (same look, no gap, no full stop)."""
    block = [body[start]]
    for line in body[start + 1 : start + TITLE_LINES]:
        previous = block[-1]
        apart = line.gap_before or line.page_break_before or line.page != previous.page
        other_look = abs(line.size - previous.size) > 0.5 or line.bold != previous.bold or line.pre != previous.pre
        if apart or other_look or line.marker or is_label(line.text) or TERMINAL.search(previous.text):
            break
        if MARKER.match(line.text):
            break
        block.append(line)
    return block


def joined(lines: list[Line]) -> str:
    return " ".join(" ".join(line.text.split()) for line in lines)


def _standing_out(body: list[Line]) -> list[Line] | None:
    """The first title-shaped line set apart before the text begins, unless only a gap sets it apart and the
    next one is a heading, bold or larger: then that one (the first was a header of the manual's)."""
    found: list[list[Line]] = []
    index = 0
    while index < len(body) and len(found) < TITLE_CANDIDATES:
        block = title_block(body, index)
        if not _title_shaped(block):
            break
        after = body[index + len(block)] if index + len(block) < len(body) else None
        first = block[0]
        if first.heading or first.bold or joined(block).isupper() or (after and _set_apart(after)):
            found.append(block)
        index += len(block)
    if len(found) > 1 and not _emphasised(found[0][0]) and _emphasised(found[1][0], than=found[0][0]):
        return found[1]
    return found[0] if found else None


def _emphasised(line: Line, than: Line | None = None) -> bool:
    larger = than is not None and line.size > than.size + 0.5
    return bool(line.heading or line.bold or larger or (than is None and line.text.isupper()))


def _title_shaped(block: list[Line]) -> bool:
    text = joined(block)
    words = len(text.split())
    several = any("\n" in line.text for line in block)  # a code block's lines
    return not text.endswith((":", ".")) and 0 < words <= TITLE_WORDS and not block[0].marker and not several


def _set_apart(line: Line) -> bool:
    return line.gap_before or line.page_break_before or line.hard


def _take_repeats_of_title(before: list[Line], title_line: str, meta: Meta) -> None:
    """Lines above the title that only repeat it (a running header on a one-page PDF): 'Policy JICFB'."""
    known = set(words(title_line)) | {"policy", "file", "code", "page"}
    for line in before:
        if set(words(line.text)) <= known:
            meta.consumed.add(line.origin)
