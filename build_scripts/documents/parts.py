"""Whole policies inside a document (the staff handbook), each written once per policy text.

``policy_text(CODE)`` leaves a part (``markers.policy_part``): a placeholder holding the policy's code,
heading level and the sha256 of its file's text. When documents are written, each part at the top
level of a document becomes the policy's body, transformed as ``output_asts`` transforms a whole
document (links for the page, named blocks) and written by pandoc on its own — typst for the PDF,
``markdown_phpextra`` for the site page — then spliced into the document as a raw block. Written
parts are cached (kind ``document-part``) on the policy's text, level, output and the links of the
page they sit on, so an edit to one policy rewrites that policy's part and the small frame around the
parts, and typst sets the document once. Pandoc writes heading ids as the policy's parse gave them,
whether a part is written alone or in its document, so the text is the same either way.

Pandoc puts the site Markdown's footnotes at the end of a document, numbered through it: a part's
own notes (numbered from 1) are numbered on and moved to the end of the page, as a write of the
whole document places them. Where that cannot be done safely (notes in the frame too, or a
footnote mark that pandoc did not make), the document is written whole, as ``output_asts`` does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from ..cache import ContentCache, cache_key
from ..errors import ValidationFailed
from ..pandoc.batch import write_many
from ..pandoc.runner import Ast, Node
from ..paths.project import DOCUMENTS
from .blocks import NamedBlockError, raw_block
from .markers import is_part, part_body
from .render import Prepared, named_block_problem, output_ast, output_asts, page_prefix

PART_KIND = "document-part"
WRITERS = {"typst": "typst", "html": "markdown_phpextra"}
RAW_FORMATS = {"typst": "typst", "html": "markdown"}  # a raw block each writer passes through as it is
NOTE_DEFINITION = re.compile(r"^\[\^(\d+)\]: ", re.MULTILINE)
NOTE_MARK = re.compile(r"\[\^(\d+)\]")


@dataclass(frozen=True)
class Written:
    """One part as written: its text, and (site Markdown) its footnotes numbered from 1; ``notes``
    is None when its footnote marks could not be told apart from its text."""

    text: str
    notes: list[str] | None


@dataclass(frozen=True)
class Part:
    key: str
    item: Prepared
    node: Node  # the placeholder


@dataclass(frozen=True)
class PartCache:
    """Written parts in ``cache`` (the ``document-part`` kind), for engines of ``fingerprint``."""

    cache: ContentCache
    fingerprint: str

    @classmethod
    def off(cls) -> PartCache:
        return cls(ContentCache(None), "")

    def written(self, parts: list[Part], output: str, site_url: str) -> dict[str, Written]:
        """Every part's text by key: stored, or written now (all missing parts in one batch)."""
        found: dict[str, Written] = {}
        missing: dict[str, Part] = {}
        for part in parts:
            if part.key in found or part.key in missing:
                continue
            stored = _load(self.cache.get(part.key))
            if stored is None:
                missing[part.key] = part
            else:
                found[part.key] = stored
        made = write_parts(list(missing.values()), output, site_url) if missing else []
        for key, written in zip(missing, made, strict=True):
            self.cache.put(key, _files(written))
            found[key] = written
        return found


def part_key(fingerprint: str, item: Prepared, node: Node, output: str, site_url: str) -> str:
    """What a written part depends on: the policy's text and level (the placeholder's attributes),
    the output, and the links of the page it sits on (its depth, the document and the site address)."""
    school = item.school.id if item.school else ""
    attrs = json.dumps(node["c"][0][2])
    return cache_key(PART_KIND, fingerprint, output, page_prefix(item), site_url, item.spec.id, school, attrs)


def write_parts(parts: list[Part], output: str, site_url: str) -> list[Written]:
    """Each part's policy body, transformed for ``output`` and written by pandoc on its own."""
    asts = [_part_ast(part, output, site_url) for part in parts]
    subject = parts[0].item.rendered.template.path if parts else DOCUMENTS
    texts = write_many(asts, WRITERS[output], subject)
    if output != "html":
        return [Written(text.strip("\n"), []) for text in texts]
    return [split_notes(text, count_notes(ast["blocks"])) for text, ast in zip(texts, asts, strict=True)]


def _part_ast(part: Part, output: str, site_url: str) -> Ast:
    body = part_body(part.item.rendered.library, part.node)
    try:
        return output_ast(part.item, {**part.item.ast, "meta": {}, "blocks": [body]}, output, site_url)
    except NamedBlockError as exc:
        raise ValidationFailed([named_block_problem(part.item, exc)]) from None


def count_notes(value: object) -> int:
    """Footnotes in a list of blocks (or any node)."""
    if isinstance(value, list):
        return sum(count_notes(item) for item in value)
    if isinstance(value, dict):
        return (value.get("t") == "Note") + count_notes(value.get("c"))
    return 0


def split_notes(text: str, count: int) -> Written:
    """Site Markdown of a part: its text without the ``count`` footnotes pandoc put at its end, and
    those notes; ``notes`` None when the marks in the text are not exactly ``[^1]`` .. ``[^count]``."""
    text = text.strip("\n")
    if count == 0:
        return Written(text, [])
    starts = [m for m in NOTE_DEFINITION.finditer(text)][-count:]
    labels = [str(n) for n in range(1, count + 1)]
    if [m[1] for m in starts] != labels:
        return Written(text, None)
    body = text[: starts[0].start()].rstrip("\n")
    ends = [m.start() for m in starts[1:]] + [len(text)]
    notes = [text[m.start() : end].rstrip("\n") for m, end in zip(starts, ends, strict=True)]
    return Written(body, notes) if NOTE_MARK.findall(body) == labels else Written(text, None)


def _files(written: Written) -> dict[str, bytes]:
    return {"part.txt": written.text.encode(), "notes.json": json.dumps(written.notes).encode()}


def _load(stored: dict[str, bytes] | None) -> Written | None:
    if stored is None or not {"part.txt", "notes.json"} <= stored.keys():
        return None
    notes = json.loads(stored["notes.json"])
    return Written(stored["part.txt"].decode(), notes if isinstance(notes, list) else None)


def top_parts(item: Prepared, output: str, site_url: str, fingerprint: str) -> list[tuple[int, Part]]:
    """The document's parts at the top level of its blocks, with where each sits."""
    blocks = item.ast["blocks"]
    return [
        (index, Part(part_key(fingerprint, item, block, output, site_url), item, block))
        for index, block in enumerate(blocks)
        if is_part(block)
    ]


def write_documents(prepared: list[Prepared], output: str, site_url: str, cache: PartCache) -> list[str]:
    """Every document written for ``output`` (``typst`` or ``html``: the site's Markdown), in order:
    its parts from ``cache`` (or written now), spliced into its frame; one pandoc batch for all frames."""
    places = [top_parts(item, output, site_url, cache.fingerprint) for item in prepared]
    parts = [part for found in places for _index, part in found]
    written = cache.written(parts, output, site_url) if parts else {}
    framed = [
        _framed(item, [(i, written[part.key]) for i, part in found], output)
        for item, found in zip(prepared, places, strict=True)
    ]
    asts = output_asts([item for item, _notes in framed], output, site_url)
    texts = write_many(asts, WRITERS[output], DOCUMENTS)
    return [_with_notes(text, notes) for text, (_item, notes) in zip(texts, framed, strict=True)]


def _framed(item: Prepared, found: list[tuple[int, Written]], output: str) -> tuple[Prepared, list[str]]:
    """The document with each top-level part as its written text (a raw block), and the parts'
    footnotes to append; the document itself (written whole) when the notes cannot be spliced."""
    if not found:
        return item, []
    if any(w.notes is None for _i, w in found) or (
        any(w.notes for _i, w in found) and count_notes(item.ast["blocks"]) > 0
    ):
        return item, []
    blocks, notes = list(item.ast["blocks"]), list[str]()
    for index, part in found:
        blocks[index] = raw_block(RAW_FORMATS[output], _numbered_on(part.text, len(notes)) if part.notes else part.text)
        notes += [_numbered_on(note, len(notes), count=1) for note in part.notes or []]
    return replace(item, ast={**item.ast, "blocks": blocks}), notes


def _numbered_on(text: str, offset: int, count: int = 0) -> str:
    """Footnote marks ``[^n]`` as ``[^n+offset]`` (``count``: the first so many only)."""
    return NOTE_MARK.sub(lambda m: f"[^{int(m[1]) + offset}]", text, count=count) if offset else text


def _with_notes(text: str, notes: list[str]) -> str:
    """A written document with the parts' footnotes at its end, as pandoc ends a whole document."""
    return text.rstrip("\n") + "\n\n" + "\n\n".join(notes) + "\n" if notes else text
