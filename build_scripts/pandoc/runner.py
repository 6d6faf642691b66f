"""Pandoc as a pure function: Markdown text -> AST, AST -> any writer's text.

The reader disables every raw passthrough (raw HTML, raw TeX, ``{=typst}`` blocks), so no source
text ever becomes HTML or typst code: everything a clerk writes is text. Policies are read with
``POLICY_READER``, which keeps raw HTML as raw nodes only so that ``source/markup.py`` can turn the
allow-listed tags into native elements and refuse the rest; no raw node reaches a writer.
"""

from __future__ import annotations

import json
import subprocess
import unicodedata
from functools import cache
from typing import Any, TypeVar, cast

import pypandoc

from ..errors import ToolError

READER = (
    "markdown-yaml_metadata_block-raw_attribute-raw_html-raw_tex-citations"
    "-tex_math_dollars-tex_math_single_backslash-implicit_figures"
)
POLICY_READER = (
    "markdown-yaml_metadata_block-raw_attribute-markdown_in_html_blocks-native_divs-native_spans-raw_tex"
    "-citations-tex_math_dollars-tex_math_single_backslash-implicit_figures"
)
TIMEOUT_SECONDS = 60
MAX_DEPTH = 150  # JSON levels of an AST (about 50 lists or quotes inside one another): walkers recurse
Ast = dict[str, Any]
T = TypeVar("T")
Node = dict[str, Any]
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


@cache
def pandoc_path() -> str:
    return str(pypandoc.get_pandoc_path())


def run_pandoc(args: list[str], stdin: str, subject: str) -> str:
    """Run pandoc with ``args``; a failure raises ToolError naming ``subject``."""
    command = [pandoc_path(), *args]
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise ToolError("pandoc", subject, f"timed out after {TIMEOUT_SECONDS} s: {' '.join(command)}") from None
    if done.returncode != 0:
        raise ToolError("pandoc", subject, f"{' '.join(command)}\n{done.stderr}")
    return done.stdout


class TooDeep(Exception):
    """The text nests lists, quotes or emphasis so deeply that its AST cannot be walked safely."""


def read_markdown(text: str, subject: str, reader: str = READER) -> Ast:
    """Parse a Markdown body (no front matter) into pandoc's JSON AST; TooDeep when nested too deeply."""
    try:
        ast: Ast = json.loads(run_pandoc(["-f", reader, "-t", "json"], text, subject))
    except RecursionError:
        raise TooDeep(subject) from None
    if json_depth(ast) > MAX_DEPTH:
        raise TooDeep(subject)
    return ast


def json_depth(value: Any) -> int:
    """How many lists and objects deep ``value`` goes (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in children)
    return deepest


def write_ast(ast: Ast, writer: str, subject: str, extra: list[str] | None = None) -> str:
    """Write an AST with one of pandoc's writers (``markdown_phpextra``, ``typst``, ``docx`` ...)."""
    return run_pandoc(["-f", "json", "-t", writer, "--wrap=none", *(extra or [])], json.dumps(ast), subject)


def copy_ast(value: T) -> T:
    """A deep copy of AST data (plain JSON values): several times faster than ``copy.deepcopy``."""
    return cast(T, json.loads(json.dumps(value)))


def stringify(value: Any) -> str:
    """The plain text of any AST value (blocks, inlines or a node), footnotes left out."""
    parts: list[str] = []
    _collect(value, parts)
    return "".join(parts)


def _collect(value: Any, parts: list[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, parts)
        return
    if not isinstance(value, dict) or "t" not in value:
        return
    kind: str = value["t"]
    content: Any = value.get("c")
    if kind == "Str":
        parts.append(content)
    elif kind in ("Space", "SoftBreak", "LineBreak"):
        parts.append(" ")
    elif kind in ("Code", "Math"):
        parts.append(content[1])
    elif kind == "Quoted":
        mark = '"' if content[0]["t"] == "DoubleQuote" else "'"
        parts.append(mark)
        _collect(content[1], parts)
        parts.append(mark)
    elif kind in ("Note", "RawInline", "RawBlock", "HorizontalRule"):
        return
    elif kind in ("Para", "Plain", "Header", "CodeBlock", "BlockQuote", "LineBlock") or kind.endswith("List"):
        _collect_block(kind, content, parts)
    else:
        _collect(content, parts)


def _collect_block(kind: str, content: Any, parts: list[str]) -> None:
    if parts and not parts[-1].endswith(" "):
        parts.append(" ")
    if kind == "CodeBlock":
        parts.append(content[1])
    elif kind == "Header":
        _collect(content[2], parts)
    elif kind == "OrderedList":
        _collect(content[1], parts)
    else:
        _collect(content, parts)
    parts.append(" ")


def normalize_text(text: str) -> str:
    """Unicode NFC, straight quotes, single spaces: the form clause hashes are taken of."""
    return " ".join(unicodedata.normalize("NFC", text).translate(QUOTES).split())
