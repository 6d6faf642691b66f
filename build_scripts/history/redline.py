"""Word-level redlines between two versions of a policy body (pure: no files, no subprocesses).

Both bodies are pandoc ASTs as ``clauses.scan_clauses`` leaves them. Each is cut into units (a
heading, paragraph, list item with everything nested in it, definition, block quote, table or
code block) holding normalised plain text, so clause markers, heading ids, list numbers and inline
formatting are not changes. Units are aligned first (difflib on unit texts; replaced runs are paired
by word similarity, kind with kind), then the words of each pair are compared. Tables and code
blocks are atomic: changed ones show as the old deleted and the new inserted.

Words are compared as ``redline_words`` cuts them (an abbreviation is one word; punctuation never
stands alone at the edge of a change). Changed units are numbered; each opens with a visible
"Change N" mark that matches the summary.

A ``Redline`` renders as an HTML fragment (``<ins>``/``<del>``) and as typst markup in which every
piece of policy text is a typst string literal, with ``[Inserted: …]``/``[Deleted: …]`` text markers
so the change survives for a screen reader, not only as underline, strike-through and colour.
"""

from __future__ import annotations

import difflib
import html
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Literal

from ..pandoc.runner import Ast, Node, stringify
from ..render.transforms import map_inlines
from .redline_words import TOKEN, Op, Segment, count_words, diff_words, sides, word_counts

Status = Literal["same", "deleted", "inserted", "changed"]
ATOMIC = frozenset({"table", "code"})
PAIR_CUTOFF = 0.5  # least word similarity for two replaced units to be shown as one changed unit
CURLY = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}
STYLES = {"LowerAlpha": "a", "UpperAlpha": "A", "LowerRoman": "i", "UpperRoman": "I"}
DELIMS = {"OneParen": "{})", "TwoParens": "({})"}
HTML_TAG: dict[Op, str] = {"delete": "del", "insert": "ins"}
MARKER: dict[Op, str] = {"delete": "Deleted", "insert": "Inserted"}
OP_OF: dict[Status, Op] = {"same": "equal", "changed": "equal", "deleted": "delete", "inserted": "insert"}
NOUN = {"table": "table", "code": "code block"}
HTML_BLOCK = {"paragraph": "<p{}>{}</p>\n", "quote": "<blockquote{}><p>{}</p></blockquote>\n"}


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Table:
    """A table's text: caption, column count, header rows and body (and footer) rows."""

    caption: str
    columns: int
    head: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Unit:
    """One aligned unit of a policy body; ``parts`` are its texts (term and description for a definition)."""

    kind: str  # heading | paragraph | item | definition | quote | table | code
    parts: tuple[str, ...]
    level: int = 0  # heading level
    number: int = 0  # list item number (0 in a bullet list)
    numbering: str = ""  # typst numbering pattern of an ordered list item ("1.", "a)"); "" for bullets
    table: Table | None = None

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return (self.kind, self.parts)

    @cached_property
    def words(self) -> list[str]:
        return [match.group() for part in self.parts for match in TOKEN.finditer(part)]


@dataclass(frozen=True)
class Entry:
    """One unit of the redline: new unit if it exists in the new version, else the old one."""

    status: Status
    unit: Unit
    parts: tuple[tuple[Segment, ...], ...]
    number: int = 0  # changes are numbered 1, 2, ... in document order (the anchor "change-N"); 0 if same

    @property
    def anchor(self) -> str:
        return f"change-{self.number}" if self.number else ""

    @property
    def mark(self) -> str:
        """The visible mark of a change in the text, as the summary names it: 'Change 3'."""
        return f"Change {self.number}" if self.number else ""

    @property
    def word_counts(self) -> tuple[int, int]:
        """(words inserted, words deleted); punctuation and spacing are not counted."""
        if self.status in ("inserted", "deleted"):
            count = sum(count_words(text) for text in self.unit.parts)
            return (count, 0) if self.status == "inserted" else (0, count)
        pairs = [word_counts(*sides(part)) for part in self.parts]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)


@dataclass(frozen=True)
class Redline:
    entries: tuple[Entry, ...]

    @property
    def is_empty(self) -> bool:
        return all(entry.status == "same" for entry in self.entries)

    @property
    def stats(self) -> tuple[int, int]:
        """(inserted words, deleted words); punctuation is not counted."""
        counts = [entry.word_counts for entry in self.entries]
        return sum(c[0] for c in counts), sum(c[1] for c in counts)

    def to_html(self) -> str:
        outline = Outline()
        blocks = [_html_group(group, outline) for group in groups(self.entries)]
        return '<div class="redline">\n' + "".join(blocks) + "</div>\n"


def redline(old: Ast, new: Ast) -> Redline:
    """Align the units of two policy bodies, then compare the words of each changed pair."""
    before, after = units(old["blocks"]), units(new["blocks"])
    matcher = difflib.SequenceMatcher(None, [u.key for u in before], [u.key for u in after], autojunk=False)
    entries: list[Entry] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            entries.extend(_whole("same", unit) for unit in after[j1:j2])
        else:
            entries.extend(_align(before[i1:i2], after[j1:j2]))
    return Redline(_numbered(entries))


def _numbered(entries: list[Entry]) -> tuple[Entry, ...]:
    changed = [n for n, entry in enumerate(entries) if entry.status != "same"]
    numbers = {index: count for count, index in enumerate(changed, 1)}
    return tuple(replace(e, number=numbers[n]) if n in numbers else e for n, e in enumerate(entries))


def redline_is_empty(old: Ast, new: Ast) -> bool:
    """True when the versions differ only in what a redline ignores (ids, numbering, formatting)."""
    return redline(old, new).is_empty


# --- Units ---------------------------------------------------------------------------------------


def units(blocks: list[Node]) -> list[Unit]:
    """The units of a list of blocks, in document order; empty paragraphs and rules are left out."""
    return [unit for block in blocks for unit in _block_units(block) if any(unit.parts) or unit.table]


def _block_units(block: Node) -> list[Unit]:
    kind: str = block["t"]
    content: Any = block.get("c")
    if kind == "Header":
        return [Unit("heading", (_text(content[2]),), level=content[0])]
    if kind in ("Para", "Plain", "LineBlock"):
        return [Unit("paragraph", (_text(block),))]
    if kind == "BlockQuote":
        return [Unit("quote", (_text(content),))]
    if kind == "OrderedList":
        (start, style, delim), items = content
        pattern = DELIMS.get(delim["t"], "{}.").format(STYLES.get(style["t"], "1"))
        return [Unit("item", (_text(item),), number=start + n, numbering=pattern) for n, item in enumerate(items)]
    if kind == "BulletList":
        return [Unit("item", (_text(item),)) for item in content]
    if kind == "DefinitionList":
        return [Unit("definition", (_term(term), _text(descriptions))) for term, descriptions in content]
    if kind == "CodeBlock":
        return [Unit("code", (content[1],))]
    if kind == "Table":
        table = _table(content)
        cells = (cell.text for row in (*table.head, *table.body) for cell in row)
        return [Unit("table", (table.caption, *cells), table=table)]
    if kind == "Div":
        return units(content[1])
    if kind == "Figure":
        return units(content[2])
    return []


def _text(value: object) -> str:
    """The adopted text, as a reader sees it: curly quotes and apostrophes kept, single spaces; clause
    markers and ids have no text, list numbers are not in the AST.

    A footnote's text stays where its mark is, as ``[Note: …]``, so an edited footnote is a change.
    """
    return _plain(stringify(map_inlines({"blocks": value}, _shown)["blocks"]))


def _term(value: object) -> str:
    """A defined term as the policy page prints it: followed by a colon."""
    term = _text(value)
    return term if not term or term.endswith(":") else term + ":"


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


def _shown(node: Node) -> list[Node] | None:
    """A quotation with its typographic marks; a footnote as ``[Note: …]`` text."""
    if node.get("t") == "Quoted":
        opening, closing = CURLY[node["c"][0]["t"]]
        inner = map_inlines({"blocks": node["c"][1]}, _shown)["blocks"]
        return [{"t": "Str", "c": opening}, *inner, {"t": "Str", "c": closing}]
    if node.get("t") == "Note":
        return [{"t": "Str", "c": f" [Note: {_text(node['c'])}]"}]
    return None


def _table(content: list[Any]) -> Table:
    """Pandoc's Table: [attr, caption, colspecs, head, bodies, foot]; a row is [attr, cells]."""
    _attr, caption, colspecs, head, bodies, foot = content
    body_rows = [row for body in bodies for row in (*body[2], *body[3])]
    rows = [head[1], [*body_rows, *foot[1]]]
    head_cells, body_cells = (tuple(tuple(Cell(_text(c[4]), c[2], c[3]) for c in r[1]) for r in rs) for rs in rows)
    return Table(_text(caption[1]), max(1, len(colspecs)), head_cells, body_cells)


# --- Alignment and word comparison --------------------------------------------------------------


def _align(olds: Sequence[Unit], news: Sequence[Unit]) -> list[Entry]:
    """Pair the most similar units of a replaced run (keeping order); the rest are deleted/inserted."""
    if len(olds) == len(news) > 1 and all(_similarity(a, b) >= PAIR_CUTOFF for a, b in zip(olds, news, strict=True)):
        return [_changed(a, b) for a, b in zip(olds, news, strict=True)]  # edited in place: the common case
    best = _best_pair(olds, news)
    if best is None:
        return [*(_whole("deleted", u) for u in olds), *(_whole("inserted", u) for u in news)]
    i, j = best
    return [*_align(olds[:i], news[:j]), _changed(olds[i], news[j]), *_align(olds[i + 1 :], news[j + 1 :])]


def _similarity(old: Unit, new: Unit) -> float:
    if old.kind != new.kind or old.kind in ATOMIC:
        return 0.0
    return difflib.SequenceMatcher(None, old.words, new.words, autojunk=False).ratio()


def _best_pair(olds: Sequence[Unit], news: Sequence[Unit]) -> tuple[int, int] | None:
    best, best_ratio = None, PAIR_CUTOFF
    matcher: difflib.SequenceMatcher[str] = difflib.SequenceMatcher(None, autojunk=False)
    for j, new in enumerate(news):
        matcher.set_seq2(new.words)  # difflib indexes the second sequence: once per new unit
        for i, old in enumerate(olds):
            if old.kind != new.kind or old.kind in ATOMIC:
                continue
            matcher.set_seq1(old.words)
            if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio:
                ratio = matcher.ratio()
                if ratio > best_ratio or (best is None and ratio >= best_ratio):
                    best, best_ratio = (i, j), ratio
    return best


def _whole(status: Status, unit: Unit) -> Entry:
    return Entry(status, unit, tuple((Segment(OP_OF[status], text, False),) for text in unit.parts))


def _changed(old: Unit, new: Unit) -> Entry:
    parts = tuple(diff_words(a, b) for a, b in zip(old.parts, new.parts, strict=True))
    changed = any(segment.op != "equal" for part in parts for segment in part)
    return Entry("changed" if changed else "same", new, parts)


# --- Rendering, shared -----------------------------------------------------------------------------


class Outline:
    """Heading levels as the AST gives them (a policy's sections are level 2), kept from skipping and
    placed under the caller's heading "The text with its changes" (level 2): a section is level 3."""

    PARENT = 2

    def __init__(self) -> None:
        self.previous = self.PARENT

    def level(self, wanted: int) -> int:
        self.previous = max(self.PARENT + 1, min(wanted + self.PARENT - 1, self.previous + 1, 6))
        return self.previous


def group_key(unit: Unit) -> tuple[str, str] | None:
    return (unit.kind, unit.numbering) if unit.kind in ("item", "definition") else None


def groups(entries: Sequence[Entry]) -> list[list[Entry]]:
    """Consecutive list items (of one numbering) and definitions form one list; other units stand alone."""
    groups: list[list[Entry]] = []
    for entry in entries:
        key = group_key(entry.unit)
        if key is not None and groups and group_key(groups[-1][0].unit) == key:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def note(status: Status, unit: Unit, end: bool) -> str:
    noun = NOUN[unit.kind]
    if end:
        return f"[End of {status} {noun}]"
    return f"[{MARKER['delete' if status == 'deleted' else 'insert']}: the {noun} below]"


# --- HTML ------------------------------------------------------------------------------------------


def _html_id(entry: Entry) -> str:
    """The anchor of a change (``id="change-N"``) that the summary links to; nothing for same text."""
    return f' id="{entry.anchor}"' if entry.number else ""


def _html_mark(entry: Entry) -> str:
    """The visible "Change N" that opens a changed unit, as the summary names it."""
    return f'<span class="redline-mark">{entry.mark}</span> ' if entry.number else ""


def _html_first(entry: Entry) -> str:
    """The first part of a unit (its text, or a definition's term), after the change's mark."""
    return _html_mark(entry) + _html_inline(entry.parts[0])


def _html_inline(segments: Sequence[Segment]) -> str:
    out = []
    for n, segment in enumerate(segments):
        text = html.escape(segment.text)
        out.append(" " if n and segment.space else "")
        out.append(text if segment.op == "equal" else f"<{HTML_TAG[segment.op]}>{text}</{HTML_TAG[segment.op]}>")
    return "".join(out)


def _html_group(group: list[Entry], outline: Outline) -> str:
    first = group[0]
    kind = first.unit.kind
    if kind == "item":
        return _html_list(group)
    if kind == "definition":
        rows = (f"<dt{_html_id(e)}>{_html_first(e)}</dt><dd>{_html_inline(e.parts[1])}</dd>\n" for e in group)
        return "<dl>\n" + "".join(rows) + "</dl>\n"
    if kind == "heading":
        level = outline.level(first.unit.level)
        return f"<h{level}{_html_id(first)}>{_html_first(first)}</h{level}>\n"
    if kind in ATOMIC:
        return _html_atomic(first)
    return HTML_BLOCK[kind].format(_html_id(first), _html_first(first))


def _html_list(group: list[Entry]) -> str:
    numbering = group[0].unit.numbering
    if not numbering:
        return "<ul>\n" + "".join(f"<li{_html_id(e)}>{_html_first(e)}</li>\n" for e in group) + "</ul>\n"
    kind = numbering.strip("().")
    items = (f'<li value="{e.unit.number}"{_html_id(e)}>{_html_first(e)}</li>\n' for e in group)
    return f'<ol type="{html.escape(kind)}">\n' + "".join(items) + "</ol>\n"


def _html_atomic(entry: Entry) -> str:
    unit = entry.unit
    if unit.table is not None:
        inner = _html_table(unit.table)
    else:
        inner = f"<pre><code>{html.escape(unit.parts[0])}</code></pre>"
    if entry.status == "same":
        return inner + "\n"
    tag = "del" if entry.status == "deleted" else "ins"
    before, after = (html.escape(note(entry.status, unit, end)) for end in (False, True))
    mark = _html_mark(entry)
    return (
        f'<div class="redline-{entry.status}"{_html_id(entry)}>\n<p class="redline-note">{mark}{before}</p>\n'
        f'<{tag}>{inner}</{tag}>\n<p class="redline-note">{after}</p>\n</div>\n'
    )


def _html_table(table: Table) -> str:
    def row(cells: tuple[Cell, ...], tag: str) -> str:
        return "<tr>" + "".join(f"<{tag}{_html_spans(c)}>{html.escape(c.text)}</{tag}>" for c in cells) + "</tr>"

    caption = f"<caption>{html.escape(table.caption)}</caption>" if table.caption else ""
    head = "<thead>" + "".join(row(r, "th") for r in table.head) + "</thead>" if table.head else ""
    body = "<tbody>" + "".join(row(r, "td") for r in table.body) + "</tbody>"
    return f"<table>{caption}{head}{body}</table>"


def _html_spans(cell: Cell) -> str:
    return "".join(f' {k}="{v}"' for k, v in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if v > 1)
