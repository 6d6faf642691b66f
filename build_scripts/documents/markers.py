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
from typing import Any

from ..pandoc.runner import Ast, Node
from ..paths import policy_folder
from .environment import CITE_CLASS, LINK_CLASS, POLICY_TEXT_CLASS, QUOTE_CLASS
from .idspace import own_ids
from .library import Library

CITATION_CLASS = "citation"
BODY_CLASS = "policy-body"  # a whole policy inside a document (the handbook), set a little smaller
PART_CLASS = "policy-part"  # the placeholder of a whole policy, until the document is written


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


def address_block(library: Library, code: str) -> Node:
    """'The full policy on the web:' and the address of its page, as a ``policy-address`` block
    whose ``qr`` names the QR code the PDF draws beside it (see ``qr.py``)."""
    url = library.site_url + policy_folder(code)
    lead = text_inlines(library.say("read on web", code=code, title=library.policy_title(code)))
    link = {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": url}], [url, ""]]}
    para = {"t": "Para", "c": [*lead, {"t": "LineBreak"}, link]}
    return {"t": "Div", "c": [["", [LINK_CLASS], [["qr", code.lower()]]], [para]]}


def _quote(library: Library, code: str, ident: str) -> Node:
    line = {"t": "Para", "c": [{"t": "Str", "c": "\u2014"}, {"t": "Space"}, citation_span(library, code, ident)]}
    attribution = {"t": "Div", "c": [["", ["attribution"], []], [line]]}
    if library.translating:  # a translation is plain text, one paragraph (its words are Str nodes: escaped)
        blocks = [{"t": "Para", "c": text_inlines(library.clause_text(code, ident))}]
    else:
        blocks = [{**b, "t": "Para"} if b["t"] == "Plain" else b for b in library.clause_blocks(code, ident)]
    return {"t": "BlockQuote", "c": [*blocks, attribution]}


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
