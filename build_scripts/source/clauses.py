"""What a clause is: one parser pass over a policy's AST.

A clause is a paragraph, a list item (numbered or not) with everything nested in it, a
definition (term and its description) or a block quote. An author-written clause id is an empty
span at the start of the clause's first paragraph (``1. []{#expectations-2} District ...``), or of
a definition's term. The pass renumbers headings (the first becomes level 2, none skips a level),
marks every clause with one ``Span`` of class ``clause`` that the writers turn into anchors, and
returns the sections and clauses it saw.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from ..pandoc.runner import Ast, Node, copy_ast, normalize_text, stringify

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CLAUSE_CLASS = "clause"
POSITIONAL_PREFIX = "clause-"


@dataclass(frozen=True)
class Section:
    """A heading of a policy: its key (the heading id), title and short title for citations."""

    id: str
    title: str
    short: str
    level: int


@dataclass(frozen=True)
class Clause:
    """One addressable unit of policy text, e.g. ``G-170#expectations-2``."""

    id: str
    authored: bool
    kind: str  # paragraph | item | definition | quote
    number: int  # item number, or the paragraph's position among the section's paragraphs
    section: Section | None
    text: str  # normalised plain text: NFC, straight quotes, single spaces
    label: str  # how a citation names it in its section: '2', 'paragraph 2' or a defined term

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class ClauseScan:
    """The result of scanning one policy's AST: sections and clauses in document order."""

    ast: Ast
    events: list[Section | Clause] = field(default_factory=list)
    blocks: dict[str, list[Node]] = field(default_factory=dict)  # clause id -> its blocks (use clause_blocks)

    @property
    def sections(self) -> list[Section]:
        return [e for e in self.events if isinstance(e, Section)]

    @property
    def clauses(self) -> list[Clause]:
        return [e for e in self.events if isinstance(e, Clause)]

    def clause_blocks(self, ident: str) -> list[Node]:
        """A fresh copy of one clause's blocks, without id spans or clause markers."""
        return clause_blocks(self.blocks[ident])

    @property
    def has_authored_ids(self) -> bool:
        return any(c.authored for c in self.clauses)


class _Scanner:
    def __init__(self) -> None:
        self.section: Section | None = None
        self.counters: dict[str, int] = {}
        self.levels: list[tuple[int, int]] = []
        self.clause_count = 0
        self.result = ClauseScan(ast={})

    def blocks(self, blocks: list[Node]) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: Node) -> None:
        kind = block["t"]
        if kind == "Header":
            self.header(block)
        elif kind in ("Para", "Plain"):
            self.clause("paragraph", self.next_paragraph(), [block], block)
        elif kind == "LineBlock":  # its content is lines of inlines: the marker goes into the first line
            first = {"t": "Plain", "c": block["c"][0]} if block["c"] else None
            self.clause("paragraph", self.next_paragraph(), [block], first)
        elif kind == "BlockQuote":
            self.clause("quote", self.next_paragraph(), [block], _first_para(block["c"]))
        elif kind in ("OrderedList", "BulletList"):
            self.list_items(block)
        elif kind == "DefinitionList":
            self.definitions(block)
        elif kind == "Div":
            self.blocks(block["c"][1])

    def header(self, block: Node) -> None:
        old = block["c"][0]
        while self.levels and self.levels[-1][0] >= old:
            self.levels.pop()
        new = self.levels[-1][1] + 1 if self.levels else 2
        self.levels.append((old, new))
        block["c"][0] = new
        ident, _classes, attrs = block["c"][1]
        title = normalize_text(stringify(block["c"][2]))
        short = dict(attrs).get("short", title)
        self.section = Section(id=ident, title=title, short=short, level=new)
        self.result.events.append(self.section)

    def next_paragraph(self) -> int:
        key = self.section.id if self.section else ""
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def list_items(self, block: Node) -> None:
        start = block["c"][0][0] if block["t"] == "OrderedList" else 1
        items = block["c"][1] if block["t"] == "OrderedList" else block["c"]
        for offset, item in enumerate(items):
            self.clause("item", start + offset, item, _first_para(item))

    def definitions(self, block: Node) -> None:
        for term, descriptions in block["c"]:
            body = [{"t": "Plain", "c": term}, *[b for d in descriptions for b in d]]
            holder = {"t": "Plain", "c": term}
            number = self.next_paragraph()
            described = _first_para([b for d in descriptions for b in d])
            first = described if described and not _leading_id(term) and _leading_id(described["c"]) else holder
            self.clause("definition", number, body, first)
            term[:] = holder["c"]

    def clause(self, kind: str, number: int, content: list[Node], first: Node | None) -> None:
        authored = _leading_id(first["c"]) if first else None
        self.clause_count += 1
        ident = authored or f"{POSITIONAL_PREFIX}{self.clause_count}"
        self.result.blocks.setdefault(ident, content)  # copied (markers stripped) when quoted
        text = normalize_text(stringify(content))
        label = str(number) if kind == "item" else f"paragraph {number}"
        if kind == "definition":
            label = normalize_text(stringify(content[0]))
            text = normalize_text(f"{label}: {text[len(label) :]}")
        if first is not None:
            marker = _marker(ident, authored is not None)
            if authored:
                first["c"][0] = marker
            else:
                first["c"].insert(0, marker)
        clause = Clause(ident, authored is not None, kind, number, self.section, text, label)
        self.result.events.append(clause)


def scan_clauses(ast: Ast, *, owned: bool = False) -> ClauseScan:
    """Scan a freshly parsed AST; the returned scan holds a marked, renumbered copy of it (or ``ast``
    itself, marked in place, when the caller hands it over: ``owned``)."""
    marked = ast if owned else copy_ast(ast)
    scanner = _Scanner()
    scanner.blocks(marked["blocks"])
    scanner.result.ast = marked
    return scanner.result


def _first_para(blocks: list[Node]) -> Node | None:
    for block in blocks:
        if block["t"] in ("Para", "Plain"):
            return block
        if block["t"] in ("BlockQuote", "Div"):
            inner = block["c"] if block["t"] == "BlockQuote" else block["c"][1]
            found = _first_para(inner)
            if found:
                return found
    return None


def _leading_id(inlines: list[Node]) -> str | None:
    """The id of an empty, class-less span that starts ``inlines``, if there is one."""
    if inlines and inlines[0]["t"] == "Span":
        (ident, classes, _attrs), content = inlines[0]["c"]
        if ident and not classes and not content:
            return str(ident)
    return None


def _marker(ident: str, authored: bool) -> Node:
    attrs = [] if authored else [["positional", "true"]]
    return {"t": "Span", "c": [[ident, [CLAUSE_CLASS], attrs], []]}


def clause_marker_id(node: Node) -> str | None:
    """The clause id if ``node`` is a clause marker span."""
    if node.get("t") == "Span" and CLAUSE_CLASS in node["c"][0][1]:
        return str(node["c"][0][0])
    return None


def clause_blocks(content: list[Node]) -> list[Node]:
    """A copy of a clause's blocks without id spans or clause markers, for quoting elsewhere."""
    blocks = copy_ast(content)
    _strip_markers(blocks)
    return blocks


def _strip_markers(value: Any) -> None:
    if isinstance(value, dict):
        _strip_markers(value.get("c"))
    elif isinstance(value, list):
        index = 0
        while index < len(value):
            item = value[index]
            if isinstance(item, dict) and (clause_marker_id(item) or _leading_id([item])):
                del value[index]
                following = value[index] if index == 0 and index < len(value) else None
                if isinstance(following, dict) and following.get("t") == "Space":
                    del value[index]
                continue
            _strip_markers(item)
            index += 1
