"""One input file -> the text of ``source/policies/CODE.md``, checked, with located warnings and errors.

Runs in a worker process: everything it takes and returns can be pickled.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PolicyError, Problem, ToolError, error, warning
from ..paths.project import POLICIES
from ..source.ids import insert_ids
from ..source.models import CODE_PATTERN
from ..source.policies import parse_policy
from .astread import plain_text
from .blocks import Heading
from .emit import body, front_matter
from .lines import Extracted, Unreadable
from .mapped import KeyMap, convert_markdown
from .readers import READERS
from .structure import Recognised, recognise
from .wordcheck import Lost, find_lost, words_of


@dataclass
class Outcome:
    """What importing one file gives: the policy's text (None when it failed) and every problem."""

    source: str  # the input as the clerk named it
    target: str | None = None  # source/policies/CODE.md
    code: str | None = None
    text: str | None = None
    problems: list[Problem] = field(default_factory=list)
    cross_refs: list[tuple[str, str]] = field(default_factory=list)  # (value, as the input wrote it)

    @property
    def failed(self) -> bool:
        return self.text is None


@dataclass(frozen=True)
class Draft:
    """A policy file before its ids, and what to compare its words with."""

    code: str
    front: str
    body: str
    source: list[tuple[int, str]]  # (input line, text) of every line of the input kept
    moved: set[int]  # input lines moved into front matter
    notes: list[tuple[int, str]]  # (line of the draft, warning)
    input_notes: list[tuple[int, str]]  # (input line, warning)
    cross_refs: list[tuple[str, str]] = field(default_factory=list)  # (value, as the input wrote it)


def convert(path: Path, display: str, root: Path, key_map: KeyMap | None) -> Outcome:
    """Import one file; nothing is written here."""
    outcome = Outcome(display)
    try:
        draft = _draft(path, display, key_map)
    except Unreadable as exc:
        outcome.problems.append(error(display, exc.line, f"cannot import: {exc.message}", kind="import"))
        return outcome
    except PolicyError as exc:
        outcome.problems.append(error(display, 1, f"cannot import: {exc}", kind="import"))
        return outcome
    outcome.code, outcome.target = draft.code, f"{POLICIES}/{draft.code}.md"
    outcome.cross_refs = draft.cross_refs
    outcome.problems += [warning(display, line, message, kind="import") for line, message in draft.input_notes]
    outcome.problems += [warning(outcome.target, line, message, kind="import") for line, message in draft.notes]
    try:
        _finish(draft, outcome, root)
    except ToolError as exc:
        outcome.problems.append(error(display, 1, f"cannot import: {exc}", kind="import"))
    return outcome


def _draft(path: Path, display: str, key_map: KeyMap | None) -> Draft:
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        mapped = convert_markdown(path, key_map)
        refs = [(ref, ref) for ref in mapped.cross_refs]
        return Draft(mapped.code, mapped.front, mapped.body, mapped.source, mapped.moved, [], mapped.notes, refs)
    reader = READERS.get(suffix)
    if reader is None:
        known = ", ".join(sorted({*READERS, ".md"}))
        raise Unreadable(f"'{suffix or path.name}' files cannot be imported (known: {known})")
    extracted = reader(path)
    return _from_lines(recognise(extracted.lines, path), extracted, display)


def _from_lines(found: Recognised, extracted: Extracted, display: str) -> Draft:
    meta = found.meta
    if not meta.code or not CODE_PATTERN.match(meta.code):
        what = f"'{meta.code}' is not a policy code" if meta.code else "no policy code found"
        raise Unreadable(f"{what}: add a 'File: CODE' line, or name the file CODE-title (e.g. JICFB-bullying.pdf)")
    title = meta.title or meta.code
    front = front_matter(meta, meta.code, title)
    text, block_lines = body(found.blocks)
    offset = front.count("\n") + 1  # the body starts on the line after the front matter
    notes: list[tuple[int, str]] = []
    for block, line in zip(found.blocks, block_lines, strict=True):
        if isinstance(block, Heading) and block.guess:
            notes.append((offset + line, block.guess))
        notes += [(offset + line, message) for _origin, message in getattr(block, "joins", [])]
    if "adopted" not in meta.dates:
        notes.append((2, "no adoption date found ('Adopted: March 20, 2019'): imported as a draft"))
    furniture = {line.origin for line in found.dropped}  # reported one by one; every other word must stay
    source = [(origin, text) for origin, text in extracted.source if origin not in furniture]
    return Draft(meta.code, front, text, source, meta.consumed, notes, found.warnings, meta.cross_refs)


def _finish(draft: Draft, outcome: Outcome, root: Path) -> None:
    """Add clause ids as ``policy ids`` does, re-read the result, and compare its words with the input's."""
    assert outcome.target is not None
    with tempfile.TemporaryDirectory(prefix="policy-import-") as folder:
        scratch = Path(folder) / f"{draft.code}.md"
        scratch.write_text(draft.front + draft.body, encoding="utf-8")
        try:
            text = insert_ids(scratch, outcome.target)
        except PolicyError:
            text = draft.front + draft.body  # it has ids already (Markdown from another tool)
    policy = parse_policy(text, outcome.target, root / outcome.target, root / "source")
    problems = [p for p in policy.problems if p.is_error]
    if problems:
        outcome.problems += [
            error(outcome.source, 1, f"the result would not pass `policy check`: {p.render()}", kind="import")
            for p in problems
        ]
        return
    assert policy.scan is not None
    lost = find_lost(draft.source, words_of(plain_text(policy.scan.ast["blocks"])), draft.front, draft.moved)
    if lost:
        outcome.problems += [_lost_error(outcome.source, item) for item in lost]
        return
    outcome.text = text


def _lost_error(source: str, lost: Lost) -> Problem:
    return error(source, lost.origin, f"{lost.describe()}; nothing was written for this file", kind="import")
