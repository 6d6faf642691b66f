"""Replace the helpers' markers in a template's AST with the policy's own parsed text.

``policy-quote`` divs become a block quotation of the clause's blocks with its citation,
``policy-cite`` spans become the citation, ``policy-text`` divs become a *part*: a placeholder naming
the policy, its heading level and the hash of its file's text, which ``expand_parts`` (or ``parts.py``,
from the cache) turns into the policy's whole body when the document is written.
Citations stay wrapped in a ``citation`` span until ``unwrap_citations`` (readability skips them).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ..pandoc.runner import Ast, Node
from ..paths import policy_folder
from .environment import CITE_CLASS, LINK_CLASS, POLICY_TEXT_CLASS, QUOTE_CLASS
from .idspace import own_ids
from .library import Library

CITATION_CLASS = "citation"
BODY_CLASS = "policy-body"  # a whole policy inside a document (the handbook), set a little smaller
PART_CLASS = "policy-part"  # the placeholder of a whole policy, until the document is written
ENGLISH_CLASS = "english-clause"  # a quoted clause in English in a translated document (its translation is stale)


def _attrs(node: Node) -> dict[str, str]:
    return dict(node["c"][0][2])


def _classes(node: Node) -> list[str]:
    return list(node["c"][0][1])


def text_inlines(text: str) -> list[Node]:
    """Plain text as pandoc inlines (words and spaces)."""
    inlines: list[Node] = []
    for index, word in enumerate(text.split()):
        if index:
            inlines.append({"t": "Space"})
        inlines.append({"t": "Str", "c": word})
    return inlines


def citation_span(library: Library, code: str, ident: str) -> Node:
    attrs = [["policy", code], ["clause", ident]]
    inlines = _number_kept(text_inlines(library.citation(code, ident)))
    return {"t": "Span", "c": [["", [CITATION_CLASS], attrs], inlines]}


def _number_kept(inlines: list[Node]) -> list[Node]:
    """A citation's closing number stays on the line of its word ('item 4'): a no-break space between."""
    if len(inlines) >= 3 and inlines[-2]["t"] == "Space" and inlines[-1]["c"].isdigit():
        return [*inlines[:-3], {"t": "Str", "c": f"{inlines[-3]['c']}\u00a0{inlines[-1]['c']}"}]
    return inlines


def english_span(inlines: list[Node]) -> Node:
    """Inlines marked as English (``lang="en"``): a name or text the catalog has no translation of."""
    return {"t": "Span", "c": [["", [], [["lang", "en"]]], inlines]}


def text_around(text: str, marker: str, inner: Node) -> list[Node]:
    """``text`` as inlines with ``inner`` where ``marker`` was (spaces around it kept)."""
    before, _, after = text.partition(marker)
    space: list[Node] = [{"t": "Space"}]
    return [
        *text_inlines(before),
        *(space if before[-1:].isspace() else []),
        inner,
        *(space if after[:1].isspace() else []),
        *text_inlines(after),
    ]


def address_block(library: Library, code: str) -> Node:
    """'The full policy on the web:' and the address of its page, as a ``policy-address`` block
    whose ``qr`` names the QR code the PDF draws beside it (see ``qr.py``). A policy title the
    catalog has no translation of is marked as English."""
    url = library.site_url + policy_folder(code)
    title = library.policy_title(code)
    if library.title_translated(code):
        lead = text_inlines(library.say("read on web", code=code, title=title))
    else:
        lead = text_around(
            library.say("read on web", code=code, title="{title}"), "{title}", english_span(text_inlines(title))
        )
    link = {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": url}], [url, ""]]}
    para = {"t": "Para", "c": [*lead, {"t": "LineBreak"}, link]}
    return {"t": "Div", "c": [["", [LINK_CLASS], [["qr", code.lower()]]], [para]]}


def _quote(library: Library, code: str, ident: str) -> Node:
    line = {"t": "Para", "c": [{"t": "Str", "c": "\u2014"}, {"t": "Space"}, citation_span(library, code, ident)]}
    attribution = {"t": "Div", "c": [["", ["attribution"], []], [line]]}
    text = library.clause_text(code, ident) if library.translating else None
    if text is not None:  # a translation is plain text, one paragraph (its words are Str nodes: escaped)
        blocks = [{"t": "Para", "c": text_inlines(text)}]
    elif library.translating:
        blocks = english_clause(library, code, ident)
    else:
        blocks = _paragraphs(library.clause_blocks(code, ident))
    return {"t": "BlockQuote", "c": [*blocks, attribution]}


def _paragraphs(blocks: list[Node]) -> list[Node]:
    return [{**b, "t": "Para"} if b["t"] == "Plain" else b for b in blocks]


def english_clause(library: Library, code: str, ident: str) -> list[Node]:
    """A quoted clause whose translation is out of date (or missing): never the old translation, but a
    short note in the document's language and the clause's current English text, which governs,
    marked as English."""
    note = {"t": "Para", "c": [{"t": "Emph", "c": text_inlines(library.say("clause being updated"))}]}
    english = {
        "t": "Div",
        "c": [["", [ENGLISH_CLASS], [["lang", "en"]]], _paragraphs(library.clause_blocks(code, ident))],
    }
    return [note, english]


def _block(library: Library, node: Node) -> list[Node] | None:
    if node.get("t") != "Div":
        return None
    classes, attrs = _classes(node), _attrs(node)
    if QUOTE_CLASS in classes:
        return [_quote(library, attrs["policy"], attrs["clause"])]
    if LINK_CLASS in classes and "policy" in attrs:
        return [address_block(library, attrs["policy"])]
    if POLICY_TEXT_CLASS in classes:
        return [policy_part(library, attrs["policy"], int(attrs.get("level", "2")))]
    return None


def policy_part(library: Library, code: str, level: int) -> Node:
    """The placeholder of a policy's whole body: its code, heading level and the sha256 of its file's
    text (what its body is made from), so that a document's key changes when the policy does."""
    text = hashlib.sha256(library.files[code].text.encode("utf-8")).hexdigest()
    attrs = [["policy", code], ["level", str(level)], ["text", text]]
    return {"t": "Div", "c": [["", [PART_CLASS], attrs], []]}


def is_part(node: Any) -> bool:
    return isinstance(node, dict) and node.get("t") == "Div" and PART_CLASS in node["c"][0][1]


def part_body(library: Library, part: Node) -> Node:
    """A part's policy body, headings shifted to its level: a ``policy-body`` div."""
    attrs = _attrs(part)
    blocks = _shift_headings(library.policy_blocks(attrs["policy"]), int(attrs["level"]) - 2)
    return {"t": "Div", "c": [["", [BODY_CLASS], []], own_ids(blocks, attrs["policy"])]}


def expand_parts(ast: Ast, library: Library) -> Ast:
    """``ast`` with every part (at any depth) replaced by its policy's body."""
    return {**ast, "blocks": _expanded(ast["blocks"], library)}


def _expanded(value: Any, library: Library) -> Any:
    if isinstance(value, list):
        return [part_body(library, item) if is_part(item) else _expanded(item, library) for item in value]
    if isinstance(value, dict) and "c" in value:
        return {**value, "c": _expanded(value["c"], library)}
    return value


def _shift_headings(blocks: list[Node], shift: int) -> list[Node]:
    """A policy's sections start at level 2; inside a document they may sit one level deeper."""
    if shift == 0:
        return blocks
    return [  # a new node for each heading: the library's parsed policy is shared, never changed
        {**block, "c": [min(6, block["c"][0] + shift), *block["c"][1:]]} if block.get("t") == "Header" else block
        for block in blocks
    ]


def _inline(library: Library, node: Node) -> Node | None:
    if node.get("t") == "Span" and CITE_CLASS in _classes(node):
        attrs = _attrs(node)
        return citation_span(library, attrs["policy"], attrs["clause"])
    return None


def _walk(value: Any, library: Library) -> None:
    if isinstance(value, dict):
        _walk(value.get("c"), library)
        return
    if not isinstance(value, list):
        return
    index = 0
    while index < len(value):
        item = value[index]
        blocks = _block(library, item) if isinstance(item, dict) else None
        if blocks is not None:
            value[index : index + 1] = blocks
            index += len(blocks)
            continue
        inline = _inline(library, item) if isinstance(item, dict) else None
        if inline is not None:
            value[index] = inline
        else:
            _walk(item, library)
        index += 1


def replace_markers(ast: Ast, library: Library) -> Ast:
    """A copy of ``ast`` with every helper marker replaced by policy text or a citation."""
    result: Ast = json.loads(json.dumps(ast))  # several times faster than copy.deepcopy
    _walk(result["blocks"], library)
    return result


def unwrap_citations(value: Any) -> Any:
    """Citation spans replaced by their text (writers need no span)."""
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, dict) and item.get("t") == "Span" and CITATION_CLASS in _classes(item):
                out.extend(unwrap_citations(item["c"][1]))
            else:
                out.append(unwrap_citations(item))
        return out
    if isinstance(value, dict) and "c" in value:
        return {**value, "c": unwrap_citations(value["c"])}
    return value


def link_citations(ast: Ast, prefix: str) -> Ast:
    """Citation spans as links to the clause on the policy's page (``prefix`` leads to the site root)."""
    return {**ast, "blocks": _linked(ast["blocks"], prefix)}


def _linked(value: Any, prefix: str) -> Any:
    if isinstance(value, list):
        return [_linked(item, prefix) for item in value]
    if not isinstance(value, dict) or "c" not in value:
        return value
    if value.get("t") == "Span" and CITATION_CLASS in _classes(value):
        attrs = _attrs(value)
        target = f"{prefix}{policy_folder(attrs['policy'])}index.md#{attrs['clause']}"
        return {"t": "Link", "c": [["", [], []], value["c"][1], [target, ""]]}
    return {**value, "c": _linked(value["c"], prefix)}


LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def typst_lang_spans(value: Any) -> Any:
    """Spans and divs marked with a language (``english_span``, ``english_clause``) as typst
    ``#text(lang: ...)[...]``, which typst tags with the text's language: pandoc's typst writer drops
    a span's ``lang`` and sets a div's inside a block of its own, with a block's spacing."""
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            kind = item.get("t") if isinstance(item, dict) else None
            lang = _attrs(item).get("lang", "") if kind in ("Span", "Div") else ""
            if LANG_TAG.match(lang):
                base, _, region = lang.partition("-")
                where = f'"{region}"' if region else "none"  # never the document's region: not "en-BR"
                opening = f'#text(lang: "{base.lower()}", region: {where})['
                raw = "RawInline" if kind == "Span" else "RawBlock"
                inner = typst_lang_spans(item["c"][1])
                out += [{"t": raw, "c": ["typst", opening]}, *inner, {"t": raw, "c": ["typst", "]"]}]
            else:
                out.append(typst_lang_spans(item))
        return out
    if isinstance(value, dict) and "c" in value:
        return {**value, "c": typst_lang_spans(value["c"])}
    return value
