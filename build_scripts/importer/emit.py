"""Write what was recognised as a policy file: YAML front matter, then a Markdown body a clerk can edit."""

from __future__ import annotations

import json
import re
from datetime import date

import yaml

from .blocks import MARKER, Block, Definition, Heading, Item, Para, Pre
from .meta import Meta

SPECIAL = re.compile(r"([\\`*_\[\]<>{}#|~^$@])")
SLUG_WORDS = 3
SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def escape(text: str) -> str:
    """Text that pandoc's Markdown reader reads back as exactly this text, never as markup."""
    escaped = SPECIAL.sub(r"\\\1", " ".join(text.split()))
    match = MARKER.match(escaped) or re.match(r"^(?P<marker>\d+[.)]|[-+:%]|=+$)", escaped)
    if match:
        end = match.end("marker")
        escaped = escaped[: end - 1] + "\\" + escaped[end - 1 :]
    return escaped


def scalar(value: str) -> str:
    """A YAML scalar: plain when it reads back as itself, else double-quoted."""
    text = " ".join(value.split())
    try:
        plain_ok = yaml.load(f"k: {text}", Loader=yaml.BaseLoader) == {"k": text}
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok and "#" not in text else json.dumps(text, ensure_ascii=False)


def front_matter(meta: Meta, code: str, title: str) -> str:
    adopted = meta.dates.get("adopted", [])
    lines = ["---", f"code: {scalar(code)}", f"title: {scalar(title)}"]
    lines.append(f"status: {'adopted' if adopted else 'draft'}")
    if adopted:
        lines.append(f"adopted: {min(adopted).isoformat()}")
    revised = revisions(meta)
    if revised:
        lines.append(f"revised: [{', '.join(d.isoformat() for d in revised)}]")
    for key in ("first_reading", "second_reading"):
        if meta.dates.get(key):
            lines.append(f"{key}: {max(meta.dates[key]).isoformat()}")
    if meta.legal_refs:
        lines += ["legal_refs:", *[f"  - {scalar(ref)}" for ref in meta.legal_refs]]
    if meta.cross_refs:
        lines.append("cross_refs:")
        for value, written in meta.cross_refs:
            comment = f"  # {' '.join(written.split())}" if written != value else ""
            lines.append(f"  - {scalar(value)}{comment}")
    return "\n".join([*lines, "---", "", ""])


def revisions(meta: Meta) -> list[date]:
    """Revision dates after the adoption, ascending, each once."""
    adopted = min(meta.dates.get("adopted", []), default=None)
    return sorted({d for d in meta.dates.get("revised", []) if adopted is None or d > adopted})


def body(blocks: list[Block]) -> tuple[str, list[int]]:
    """The Markdown body (one line per paragraph or item, blank lines between blocks) and each block's line."""
    out: list[str] = []
    where: list[int] = []
    slugs: set[str] = set()
    previous: Block | None = None
    for block in blocks:
        if out and not (isinstance(block, Item) and isinstance(previous, Item)):
            out.append("")
        where.append(len(out))
        out += _render(block, slugs).split("\n")
        previous = block
    return "\n".join(out) + "\n", where


def _render(block: Block, slugs: set[str]) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {escape(block.text)} {{#{_slug(block.text, slugs)}}}"
    if isinstance(block, Item):
        return f"{'    ' * block.depth}{_marker(block)} {escape(block.text)}"
    if isinstance(block, Definition):
        return f"{escape(block.term)}\n:   {escape(block.text)}"
    if isinstance(block, Pre):
        return preformatted(block.lines)
    assert isinstance(block, Para)
    return escape(block.text)


def preformatted(lines: list[str]) -> str:
    """Preformatted lines as paragraphs whose line breaks are kept (a backslash ends each line but the last).

    A contact block or an address reads as the clerk typed it, in the site's text font and the PDF's: a
    paragraph with line breaks, not a code block in a monospaced font. A blank line parts two paragraphs.
    """
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(escape(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(paragraph) for paragraph in paragraphs if paragraph)


def _marker(item: Item) -> str:
    if item.style == "decimal":
        return f"{item.value}."
    if item.style == "bullet":
        return "-"
    if item.style in ("lower-roman", "upper-roman"):
        return "i." if item.style == "lower-roman" else "I. "
    return f"{item.value}." + (" " if item.style == "upper" else "")


def _slug(text: str, taken: set[str]) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in SMALL_WORDS][:SLUG_WORDS] or ["section"]
    base = "-".join(words)
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    taken.add(slug)
    return slug
