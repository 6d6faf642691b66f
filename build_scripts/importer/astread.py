"""DOCX and HTML through pandoc's AST: every block, in document order, as one leaf each.

``leaves`` walks every block of the AST. Lists, block quotes, divs and definition lists are opened; any
other block, of whatever kind (a table, a figure, a code block, a kind pandoc adds tomorrow), is one leaf
whose text is all the text inside it. The leaves' text, line by line, is the file's extracted text, and
messages give a line of it. The words check counts every line of every leaf (``Extracted.source``),
whatever ``lines_of`` made of it, so no kind of block can vanish unnoticed.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..pandoc.runner import Node, pandoc_path
from .lines import Extracted, Line, Unreadable

TIMEOUT_SECONDS = 60
INLINES = {
    *("Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Quoted"),
    *("Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline", "Link", "Image", "Note", "Span"),
}
TEXT_AT_1 = {"Code", "CodeBlock", "RawInline", "RawBlock", "Math"}  # nodes whose text is a string: [attr, text]
EMPTY: Node = {"t": "Plain", "c": []}
META_KEYS = ("title", "subtitle", "author", "date")


@dataclass(frozen=True)
class Leaf:
    """One block as read: the node, and the list it is an item of (its depth, marker and marker style)."""

    node: Node
    depth: int = -1
    marker: str = ""
    list_style: str = ""


def read_with_pandoc(path: Path, reader: str) -> Extracted:
    """DOCX or HTML: one line per leaf block (paragraph, heading, list item's first paragraph, code block ...)."""
    command = [pandoc_path(), "-f", reader, "-t", "json", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise Unreadable(f"pandoc took longer than {TIMEOUT_SECONDS} s to read it") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Unreadable(f"pandoc could not read it as {reader}: {detail[-1] if detail else 'no message'}")
    ast = json.loads(done.stdout)
    found = [*(_meta_leaves(ast.get("meta", {})) if reader == "docx" else []), *leaves(ast["blocks"])]
    lines: list[Line] = []
    source: list[tuple[int, str]] = []
    origin = 1
    for leaf in found:  # each leaf takes as many origins as its text has lines
        texts = text_lines(leaf.node)
        source += [(origin + number, text) for number, text in enumerate(texts)]
        lines += lines_of(leaf, origin)
        origin += len(texts)
    return Extracted(lines, source)


def leaves(blocks: list[Node], depth: int = -1) -> Iterator[Leaf]:
    for block in blocks:
        kind: str = block["t"]
        content: Any = block.get("c")
        if kind == "BlockQuote":
            yield from leaves(content, depth)
        elif kind == "Div":
            yield from leaves(content[1], depth)
        elif kind in ("OrderedList", "BulletList"):
            yield from _items(block, depth + 1)
        elif kind == "DefinitionList":
            yield from (Leaf({"t": "DefinitionItem", "c": item}, depth) for item in content)
        else:
            yield Leaf(block, depth)


def _meta_leaves(meta: dict[str, Any]) -> Iterator[Leaf]:
    """Paragraphs that Word's Title, Subtitle, Author and Date styles put into pandoc's metadata, in that order."""
    for key in META_KEYS:
        value = meta.get(key)
        if value and value["t"] == "MetaInlines":
            yield Leaf({"t": "Header", "c": [1, ["", [], []], value["c"]]} if key == "title" else _para(value["c"]))
        elif value:
            yield Leaf(_para([{"t": "Str", "c": plain_text(value)}]))


def _para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def _items(block: Node, depth: int) -> Iterator[Leaf]:
    if block["t"] == "OrderedList":
        (start, style, _delim), items = block["c"]
        markers = [_numbering(start + n, style["t"]) for n in range(len(items))]
    else:
        items, markers = block["c"], [("-", "bullet")] * len(block["c"])
    for (marker, list_style), item in zip(markers, items, strict=True):
        first, rest = (item[0], item[1:]) if item and item[0]["t"] in ("Para", "Plain") else (EMPTY, item)
        yield Leaf(first, depth, marker, list_style)
        yield from leaves(rest, depth)


def _numbering(number: int, style: str) -> tuple[str, str]:
    if style in ("LowerAlpha", "UpperAlpha"):
        letter = chr(ord("a") + (number - 1) % 26)
        return (letter.upper(), "upper") if style == "UpperAlpha" else (letter, "lower")
    if style in ("LowerRoman", "UpperRoman"):
        return ("I", "upper-roman") if style == "UpperRoman" else ("i", "lower-roman")
    return str(number), "decimal"


def text_lines(node: Node) -> list[str]:
    """A leaf's text as lines: a paragraph's line breaks, a code block's lines, a table's cells."""
    return plain_text(node).strip("\n").split("\n")


def lines_of(leaf: Leaf, origin: int) -> list[Line]:
    """The lines of one leaf: a paragraph with line breaks (Shift+Enter in Word) gives one line each, as
    preformatted lines of one paragraph ('Legal Reference:' then one reference a line; an address)."""
    texts = text_lines(leaf.node)
    if leaf.node["t"] in ("Para", "Plain") and not leaf.marker and len(texts) > 1:
        found = [(origin + number, text) for number, text in enumerate(texts) if text.strip()]
        return [
            Line(" ".join(text.split()), at, gap_before=at == found[0][0], hard=True, pre=True) for at, text in found
        ]
    line = line_of(leaf, origin)
    return [line] if line else []


def line_of(leaf: Leaf, origin: int) -> Line | None:
    """What the import makes of one leaf: a line with what pandoc said about it (None when it has no text)."""
    node = leaf.node
    content: Any = node.get("c")
    hints: dict[str, Any] = {"gap_before": True, "hard": True}
    if leaf.marker:
        hints |= {"marker": leaf.marker, "list_style": leaf.list_style, "indent": leaf.depth}
    if node["t"] == "Header":
        text, hints["heading"] = plain_text(content[2]), content[0]
    elif node["t"] == "CodeBlock":
        text, hints["pre"] = content[1].expandtabs(4), True
    elif node["t"] == "LineBlock":
        text, hints["pre"] = plain_text(node).strip("\n"), True
    elif node["t"] == "DefinitionItem":
        text = plain_text(content[0]) + ": " + plain_text(content[1])
    else:
        text = plain_text(node)
        hints["bold"] = node["t"] in ("Para", "Plain") and len(content) == 1 and content[0]["t"] == "Strong"
    if not text.strip() and not leaf.marker:
        return None
    return Line(text if hints.get("pre") else " ".join(text.split()), origin, **hints)


def plain_text(value: Any) -> str:
    """All the text in any AST value: every string of every node, footnotes in parentheses where they stand."""
    parts: list[str] = []
    _collect(value, parts)
    return "".join(parts)


def _collect(value: Any, parts: list[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, parts)
        return
    if not isinstance(value, dict):
        return
    kind: str = value.get("t", "")
    content: Any = value.get("c")
    block = kind not in INLINES
    if block:
        parts.append("\n")
    if kind in ("Str", "MetaString"):
        parts.append(content)
    elif kind in ("Space", "SoftBreak"):
        parts.append(" ")
    elif kind == "LineBreak":
        parts.append("\n")
    elif kind in TEXT_AT_1:
        parts.append(content[1])
    elif kind == "Quoted":
        mark = '"' if content[0]["t"] == "DoubleQuote" else "'"
        parts += [mark, plain_text(content[1]), mark]
    elif kind == "LineBlock":  # lines of inlines, no node between them
        parts.append("\n".join(plain_text(line) for line in content))
    elif kind == "Note":
        parts += [" (", " ".join(plain_text(content).split()), ")"]
    else:
        _collect(content, parts)
    if block:
        parts.append("\n")
