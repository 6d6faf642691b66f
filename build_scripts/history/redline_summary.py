"""What a redline shows, counted for a reader: how many changes, in which sections, and where each is.

Each changed unit of a redline is one change, numbered in document order; its anchor (``change-N``)
is the id the web page and the label the PDF give it, so a summary can link to every change.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from ..words import words
from .redline import Entry, Redline

WHAT = {"heading": "heading", "paragraph": "paragraph", "quote": "quotation", "table": "table", "code": "code block"}
VERB = {"changed": "changed", "inserted": "added", "deleted": "removed"}  # keys of words.py


@dataclass(frozen=True)
class Change:
    """One change: its number, the section it is in and what it does, e.g. "item 2 changed"."""

    number: int
    section: str  # heading of the section it is in; "" before the first heading
    what: str  # "paragraph", "item 2", "definition of Social Media", ...
    status: str  # changed | inserted | deleted
    inserted: int  # words
    deleted: int  # words

    @property
    def anchor(self) -> str:
        return f"change-{self.number}"

    @property
    def description(self) -> str:
        """'item 2 changed: 3 words added, 1 word removed', or 'item 3 changed: punctuation only'."""
        return self.describe("en")

    def describe(self, lang: str) -> str:
        say = words(lang)
        counts = [say.count("words", n, verb=say(verb)) for n, verb in self._counts() if n]
        detail = f": {', '.join(counts) or say('punctuation only')}" if self.status == "changed" else ""
        return f"{self.what} {say(VERB[self.status])}{detail}"

    def _counts(self) -> list[tuple[int, str]]:
        return [(self.inserted, "added"), (self.deleted, "removed")]


@dataclass(frozen=True)
class Summary:
    changes: tuple[Change, ...]

    @property
    def sections(self) -> tuple[str, ...]:
        """Every section a change touches, in document order, each once."""
        return tuple(dict.fromkeys(c.section for c in self.changes if c.section))

    @property
    def sentence(self) -> str:
        """'2 changes, in Rules and Definitions.' (the first line of a summary, and of a feed entry)."""
        return changes_sentence(len(self.changes), self.sections, "en")

    def to_json(self) -> str:
        return json.dumps([asdict(c) for c in self.changes])

    @classmethod
    def from_json(cls, text: str) -> Summary:
        return cls(tuple(Change(**item) for item in json.loads(text)))


def changes_sentence(count: int, sections: tuple[str, ...], lang: str) -> str:
    """'No change to the text.', '1 change.', '2 changes, in Rules and Definitions.'"""
    say = words(lang)
    if not count:
        return say("no change")
    changes = say.count("changes", count)
    return (
        say("changes in", changes=changes, sections=section_list(sections, lang))
        if sections
        else say("changes only", changes=changes)
    )


def section_list(sections: tuple[str, ...], lang: str) -> str:
    """'Rules and Definitions'; when a name holds a comma or an "and" of its own, every name is quoted:
    '“Expectations” and “Cellular Phones and Text Messaging”' (never two sections read as three)."""
    say = words(lang)
    if len(sections) > 1 and any("," in name or say("and") in name for name in sections):
        sections = tuple(f"\u201c{name}\u201d" for name in sections)
    return say.join(sections)


def summarize(result: Redline) -> Summary:
    """The changes of a redline with the top-level section each one is in."""
    levels = [e.unit.level for e in result.entries if e.unit.kind == "heading"]
    top = min(levels, default=0)
    section, changes = "", []
    for entry in result.entries:
        if entry.unit.kind == "heading" and entry.unit.level == top:
            section = entry.unit.parts[0]
        if entry.number:
            inserted, deleted = entry.word_counts
            changes.append(Change(entry.number, section, _what(entry), entry.status, inserted, deleted))
    return Summary(tuple(changes))


def _what(entry: Entry) -> str:
    unit = entry.unit
    if unit.kind == "item":
        return f"item {unit.number}" if unit.number else "list item"
    if unit.kind == "definition":
        return f"definition of {unit.parts[0].rstrip(':')}"
    return WHAT.get(unit.kind, unit.kind)
