"""Take the lines that belong in front matter out of the text: title and code, dates, references."""

from __future__ import annotations

import re
from pathlib import Path

from ..source.locate import words
from .lines import Line
from .meta import (
    FILE_LABEL,
    REFS_LABEL,
    Meta,
    cross_ref,
    date_line,
    from_file_name,
    split_refs,
    title_and_code,
)

TITLE_LOOKAHEAD = 6  # the title is among the first lines of a policy
SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def title_case(text: str) -> str:
    """'BULLYING PREVENTION' -> 'Bullying Prevention'; text with lower case stays as written."""
    if re.search(r"[a-z]", text):
        return text
    words = text.lower().split()
    return " ".join(w if i and w in SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def is_label(text: str) -> bool:
    return bool(date_line(text) or REFS_LABEL.match(text) or FILE_LABEL.match(text))


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
    for line in dropped:  # a code or title printed in a running header
        if not meta.code and (found := FILE_LABEL.match(line.text) or title_and_code(line.text)):
            meta.code = found["code"] if isinstance(found, re.Match) else found[1]
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
    found = FILE_LABEL.match(line.text)
    if found and not meta.code:
        meta.code = found["code"]
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
        if line.gap_before or line.heading or is_label(line.text) or (line.hard and entries):
            break
        text = " ".join(line.text.split())
        if entries and (text[:1].islower() or entries[-1].endswith((",", "-"))):
            entries[-1] = f"{entries[-1]} {text}"
        else:
            entries += split_refs(text)
        meta.consumed.add(line.origin)
        index += 1
    if kind == "legal":
        meta.legal_refs += entries
    else:
        meta.cross_refs += [cross_ref(entry) for entry in entries]
    return index


def _take_title(body: list[Line], meta: Meta) -> None:
    for index, line in enumerate(body[:TITLE_LOOKAHEAD]):
        found = title_and_code(line.text)
        if found and not meta.title:
            meta.title, code = found
            meta.code = meta.code or code
            meta.consumed.add(line.origin)
            _take_repeats_of_title(body[:index], line.text, meta)
            return
    if meta.title or not body:
        return
    first = body[0]
    text = " ".join(first.text.split())
    looks_like_title = not text.endswith((":", ".")) and len(text.split()) <= 15 and not first.marker
    if looks_like_title and (first.heading or first.bold or text.isupper() or _followed_by_gap(body)):
        meta.title = title_case(text)
        meta.consumed.add(first.origin)


def _take_repeats_of_title(before: list[Line], title_line: str, meta: Meta) -> None:
    """Lines above the title that only repeat it (a running header on a one-page PDF): 'Policy JICFB'."""
    known = set(words(title_line)) | {"policy", "file", "code", "page"}
    for line in before:
        if set(words(line.text)) <= known:
            meta.consumed.add(line.origin)


def _followed_by_gap(body: list[Line]) -> bool:
    return len(body) > 1 and (body[1].gap_before or body[1].page_break_before or body[1].hard)
