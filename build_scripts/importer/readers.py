"""Readers: a file of each kind -> ``Line``s. Plain text here; PDF in ``pdf.py``; DOCX and HTML via pandoc."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..pandoc.runner import pandoc_path, stringify
from .lines import Line, Unreadable

TIMEOUT_SECONDS = 60


def read_text(path: Path) -> list[Line]:
    """Plain text as the seed: a blank line between paragraphs, a form feed between pages."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Unreadable("the file is not UTF-8 text; save it as UTF-8 and import it again", line) from None
    lines: list[Line] = []
    page, gap = 1, False
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        page += raw.count("\f")
        content = raw.replace("\f", "")
        if not content.strip():
            gap = True
            continue
        lines.append(Line(content, number, page=page, gap_before=gap))
        gap = False
    return lines


def read_with_pandoc(path: Path, reader: str) -> list[Line]:
    """DOCX or HTML through pandoc's AST: one line per paragraph, heading or list item."""
    command = [pandoc_path(), "-f", reader, "-t", "json", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise Unreadable(f"pandoc took longer than {TIMEOUT_SECONDS} s to read it") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Unreadable(f"pandoc could not read it as {reader}: {detail[-1] if detail else 'no message'}")
    ast = json.loads(done.stdout)
    lines: list[Line] = []
    _blocks(ast["blocks"], lines, depth=-1)
    return lines


def _blocks(blocks: list[Any], lines: list[Line], depth: int) -> None:
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind == "Header":
            _add(lines, stringify(content[2]), heading=content[0])
        elif kind in ("Para", "Plain"):
            bold = len(content) == 1 and content[0]["t"] == "Strong"
            _add(lines, stringify(content), bold=bold)
        elif kind == "LineBlock":
            for part in content:
                _add(lines, stringify(part))
        elif kind in ("OrderedList", "BulletList"):
            _list(block, lines, depth + 1)
        elif kind in ("BlockQuote", "Div"):
            _blocks(content if kind == "BlockQuote" else content[1], lines, depth)
        elif kind == "Table":
            _add(lines, stringify(content))
        elif kind == "DefinitionList":
            for term, descriptions in content:
                _add(lines, stringify(term) + ": " + stringify(descriptions))


def _list(block: dict[str, Any], lines: list[Line], depth: int) -> None:
    if block["t"] == "OrderedList":
        (start, style, _delim), items = block["c"]
        markers = [_numbering(start + n, style["t"]) for n in range(len(items))]
    else:
        items, markers = block["c"], [("-", "bullet")] * len(block["c"])
    for (marker, list_style), item in zip(markers, items, strict=True):
        first, rest = (item[0], item[1:]) if item and item[0]["t"] in ("Para", "Plain") else (None, item)
        text = stringify(first["c"]) if first else ""
        _add(lines, text, marker=marker, list_style=list_style, indent=depth)
        _blocks(rest, lines, depth)


def _numbering(number: int, style: str) -> tuple[str, str]:
    if style in ("LowerAlpha", "UpperAlpha"):
        letter = chr(ord("a") + (number - 1) % 26)
        return (letter.upper(), "upper") if style == "UpperAlpha" else (letter, "lower")
    if style in ("LowerRoman", "UpperRoman"):
        return ("I", "upper-roman") if style == "UpperRoman" else ("i", "lower-roman")
    return str(number), "decimal"


def _add(lines: list[Line], text: str, **hints: Any) -> None:
    if text.strip() or hints.get("marker"):
        lines.append(Line(" ".join(text.split()), len(lines) + 1, gap_before=True, hard=True, **hints))


def read_pdf(path: Path) -> list[Line]:
    """PDF through pdfminer.six, imported only when a PDF is read (it takes a quarter second to load)."""
    from .pdf import read_pdf as read

    return read(path)


READERS: dict[str, Callable[[Path], list[Line]]] = {
    ".txt": read_text,
    ".text": read_text,
    ".pdf": read_pdf,
    ".docx": lambda path: read_with_pandoc(path, "docx"),
    ".html": lambda path: read_with_pandoc(path, "html"),
    ".htm": lambda path: read_with_pandoc(path, "html"),
}
