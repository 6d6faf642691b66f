"""A policy's sections in the search index, one entry per clause.

Material indexes a page by heading: a policy's "Expectations" is one entry holding nine items, and a
result shows all of it (a phone screen and more) with the words found somewhere inside. Each clause
of a policy page carries its anchor (``<a id="expectations-2" class="clause-anchor">``), so here a
section's entry is split into one entry per top-level paragraph or list item: titled like a citation
("Expectations, item 2"), linking to the clause itself, showing only that clause.

The entry's text keeps Material's own markup (``<p>``, ``<ol>``, ``<li>``); the page's HTML gives each
top-level block its clause id and number, in the same order. A section whose blocks and anchors do
not pair up one to one (a definition list, a table) stays one entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..words import Words

CLAUSE_ANCHOR = "clause-anchor"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAG = re.compile(r"<(/?)(p|li|ol|ul)>")


@dataclass
class Block:
    """A top-level paragraph or list item of a section: its clause id and how a citation names it."""

    kind: str  # "paragraph", "item" or "list item"
    number: int
    clause: str | None = None


class _Scan(HTMLParser):
    """The top-level blocks of every section of a page's article, by heading id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, list[Block]] = {}
        self._current: list[Block] | None = None
        self._lists: list[tuple[str, int]] = []  # the lists open in the section: (ol|ul, next number)
        self._open: list[str] = []  # the paragraphs and list items open in the section
        self._paragraphs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in HEADINGS and found.get("id"):
            self._current, self._lists, self._open, self._paragraphs = [], [], [], 0
            self.sections[str(found["id"])] = self._current
        elif self._current is None:
            return
        elif tag in ("ol", "ul"):
            self._lists.append((tag, int(found.get("start") or 1)))
        elif tag in ("li", "p"):
            self._block(tag, self._current)
        elif tag == "a" and CLAUSE_ANCHOR in (found.get("class") or "").split() and self._first_anchor():
            self._current[-1].clause = found.get("id")

    def _block(self, tag: str, blocks: list[Block]) -> None:
        """A list item or paragraph starts: a new block when it is at the section's top level."""
        top = "li" not in self._open and "p" not in self._open
        if tag == "li" and self._lists:
            kind, number = self._lists[-1]
            self._lists[-1] = (kind, number + 1)
            if len(self._lists) == 1 and top:
                blocks.append(Block("item" if kind == "ol" else "list item", number))
        elif tag == "p" and not self._lists and top:
            self._paragraphs += 1
            blocks.append(Block("paragraph", self._paragraphs))
        self._open.append(tag)

    def _first_anchor(self) -> bool:
        """Whether a clause anchor here is its block's own (a nested item's anchor comes later)."""
        return bool(self._open and self._current and self._current[-1].clause is None)

    def handle_endtag(self, tag: str) -> None:
        if self._current is None:
            return
        if tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        elif tag in ("li", "p") and tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag)]


def page_blocks(html: str) -> dict[str, list[Block]]:
    """The top-level blocks of each section of the page's article (``md-content__inner``)."""
    start = html.find('class="md-content__inner')
    end = html.find("</article>", start)
    scan = _Scan()
    scan.feed(html[start:end] if start >= 0 and end > start else "")
    return scan.sections


def text_blocks(text: str) -> list[str] | None:
    """A section entry's text as its top-level paragraphs and list items (``<p>`` each); None when
    some text stands outside them (then it is not split)."""
    blocks, depth, start, at = [], 0, -1, 0
    for match in BLOCK_TAG.finditer(text):
        closing, tag = match[1] == "/", match[2]
        if depth == 0 and start < 0 and text[at : match.start()].strip():
            return None
        if tag in ("ol", "ul"):
            depth += -1 if closing else 1
        elif not closing and start < 0 and ((tag == "p" and depth == 0) or (tag == "li" and depth == 1)):
            start = match.end()
        elif closing and start >= 0 and ((tag == "p" and depth == 0) or (tag == "li" and depth == 1)):
            blocks.append(f"<p>{text[start : match.start()].strip()}</p>")
            start = -1
        at = match.end()
    return blocks if not text[at:].strip() and start < 0 else None


def by_clause(entries: list[dict[str, Any]], page: str, site: Path, say: Words) -> list[dict[str, Any]]:
    """The entries of one policy page, each section split into its clauses where they pair up."""
    html_file = site / page / "index.html"
    sections = page_blocks(html_file.read_text(encoding="utf-8")) if html_file.is_file() else {}
    split: list[dict[str, Any]] = []
    for entry in entries:
        anchor = str(entry["location"]).partition("#")[2]
        blocks, texts = sections.get(anchor), text_blocks(str(entry.get("text", "")))
        if not blocks or texts is None or len(texts) != len(blocks) or any(b.clause is None for b in blocks):
            split.append(entry)
            continue
        for block, text in zip(blocks, texts, strict=True):
            title = f"{entry['title']}, {_label(block, say)}"
            split.append({**entry, "location": f"{page}#{block.clause}", "title": title, "text": text})
    return split


def _label(block: Block, say: Words) -> str:
    """How a citation names the block: "item 2", "paragraph 1", "list item"."""
    if block.kind == "list item":
        return say("list item")
    return say(block.kind, number=block.number)
