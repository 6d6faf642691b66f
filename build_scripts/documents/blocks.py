"""Named layout blocks: one Markdown source, three outputs (typst, HTML, DOCX).

Templates write layout that Markdown lacks as pandoc fenced divs:

- ``::: field`` a fill-in line; its content is the label; ``key=...`` names a value it can be filled with
- ``:::: row`` fields side by side
- ``::: choice`` a yes/no question with two boxes
- ``::: signature`` a signature line and a date line; its content says who signs
- ``::: pagebreak`` and ``::: contents`` (a table of contents) for print
- ``:::: letterhead`` holding ``::: from`` blocks (side by side in print: the school, the district)
- ``:::: sign-off`` holding a letter's ``closing`` and its ``policy-address``: in print, the QR code
  beside the closing and the address under both
- ``::: policy-address`` (made by ``policy_link(CODE)``): the policy page's address; the PDF adds its QR code
- ``::: cover``, ``letterhead``, ``dateline``, ``salutation``, ``closing``, ``note`` (and ``attribution``, the
  citation under a quoted clause): wrappers styled
  by the typst layout (``#cover[...]``) and by CSS classes on the site (``doc-cover``)
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from ..pandoc.runner import Ast, Node, stringify
from ..words import ENGLISH

KEY = re.compile(r"^[a-z][a-z0-9-]*$")
CODE_KEY = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")  # a policy code as in its address: g-170, 5131.2
WRAPPERS = (
    "cover",
    "letterhead",
    "from",
    "dateline",
    "salutation",
    "closing",
    "note",
    "translation-note",
    "attribution",
    "policy-address",
    "policy-body",
    "sign-off",
)
LINES = ("field", "choice", "signature")
BLANK = "_" * 28
DOCX_PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
BlockRule = Callable[[Node], list[Node]]
Labels = Mapping[str, str]  # 'label-yes' -> 'Sí': what a form prints itself, in its language
LABEL_KEYS = ("yes", "no", "date")
ENGLISH_LABELS: Labels = {f"label-{key}": ENGLISH[key] for key in LABEL_KEYS}


class NamedBlockError(ValueError):
    """A named block is malformed (e.g. a field key that is not a slug); ``found`` is the bad value,
    so the error can be placed at the template line that holds it."""

    def __init__(self, message: str, found: str = "") -> None:
        super().__init__(message)
        self.found = found


def raw(fmt: str, text: str) -> Node:
    return {"t": "RawInline", "c": [fmt, text]}


def raw_block(fmt: str, text: str) -> Node:
    return {"t": "RawBlock", "c": [fmt, text]}


def kind_of(node: Node) -> str | None:
    if node.get("t") != "Div":
        return None
    for name in node["c"][0][1]:
        if name in WRAPPERS or name in LINES or name in ("row", "pagebreak", "contents"):
            return str(name)
    return None


def label(node: Node) -> list[Node]:
    """The inlines of a block's first paragraph (its label or question)."""
    for block in node["c"][1]:
        if block["t"] in ("Para", "Plain"):
            return list(block["c"])
    return []


def key_argument(node: Node) -> str:
    key = dict(node["c"][0][2]).get("key")
    if key is None:
        return ""
    if not KEY.match(key):
        raise NamedBlockError(f"field key '{key}' must be lower-case letters, digits and '-'", key)
    return f'key: "{key}"'


def fields(node: Node) -> list[Node]:
    return [b for b in node["c"][1] if kind_of(b) == "field"]


# --- typst -----------------------------------------------------------------------------------


def typst_string(text: str) -> str:
    """A typst string literal of plain text (quotes and backslashes escaped, control characters dropped)."""
    clean = "".join(ch for ch in " ".join(text.split()) if ch.isprintable())
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typst_call(name: str, node: Node) -> list[Node]:
    """``#field(key: "k", tu: "Label")[label]``: ``tu`` is the accessible name of a fillable field."""
    args = ", ".join(a for a in (key_argument(node), f"tu: {typst_string(stringify(label(node)))}") if a)
    return [raw("typst", f"#{name}({args})["), *label(node), raw("typst", "]")]


def span_of(node: Node) -> int:
    """A field's share of its row's width (``span=2`` doubles it); 1 by default."""
    span = dict(node["c"][0][2]).get("span", "1")
    if not span.isdigit() or not 1 <= int(span) <= 6:
        raise NamedBlockError(f"field span '{span}' must be a whole number from 1 to 6", span)
    return int(span)


def to_typst_block(node: Node) -> list[Node]:
    kind = kind_of(node)
    if kind in LINES:
        return [{"t": "Plain", "c": _typst_call(str(kind), node)}]
    if kind == "row":
        return [{"t": "Plain", "c": _typst_row(fields(node))}]
    if kind == "pagebreak":
        return [raw_block("typst", "#pagebreak(weak: true)")]
    if kind == "contents":
        return [raw_block("typst", "#contents()")]
    if kind == "letterhead" and node["c"][1] and all(kind_of(b) == "from" for b in node["c"][1]):
        return _typst_columns(kind, node["c"][1])
    if kind == "sign-off":
        return _typst_sign_off(node["c"][1])
    if kind == "policy-address":
        opening = raw_block("typst", f'#policy-address(qr: "{_qr_key(node)}")[')
        return [opening, *transform(node["c"][1], to_typst_block), raw_block("typst", "]")]
    return [raw_block("typst", f"#{kind}["), *transform(node["c"][1], to_typst_block), raw_block("typst", "]")]


def _typst_row(items: list[Node]) -> list[Node]:
    """``#row(spans: (2, 1), (key: "k", tu: "Label", label: [Label]), ...)``: each field as data, so
    that the row can keep the lines of its fields level (``document.typ``)."""
    spans = [str(span_of(item)) for item in items]
    listed = ", ".join(spans) + ("," if len(spans) == 1 else "")
    cells: list[Node] = [raw("typst", f"#row(spans: ({listed})")]
    for item in items:
        key = key_argument(item) or "key: none"
        tu = typst_string(stringify(label(item)))
        cells += [raw("typst", f", ({key}, tu: {tu}, label: ["), *label(item), raw("typst", "])")]
    return [*cells, raw("typst", ")")]


def _qr_key(node: Node) -> str:
    """The policy code of a ``policy-address`` block's QR code, as in its address (5131.2, g-170)."""
    qr = str(dict(node["c"][0][2]).get("qr", ""))
    if not CODE_KEY.match(qr):
        raise NamedBlockError(f"policy-address qr '{qr}' is not a policy code as in an address (5131.2)", qr)
    return qr


def _typst_sign_off(blocks: list[Node]) -> list[Node]:
    """``#sign-off(qr: "g-170", [closing], [address])``: the letter's closing with the QR code beside it,
    the policy's address under both."""
    kinds = [kind_of(b) for b in blocks]
    if kinds != ["closing", "policy-address"]:
        raise NamedBlockError("a sign-off holds a closing, then the policy's address (policy_link)", "sign-off")
    closing, address = blocks
    opening = raw_block("typst", f'#sign-off(qr: "{_qr_key(address)}", [')
    middle = raw_block("typst", "], [")
    parts = [*transform(closing["c"][1], to_typst_block), middle, *transform(address["c"][1], to_typst_block)]
    return [opening, *parts, raw_block("typst", "])")]


def _typst_columns(kind: str, parts: list[Node]) -> list[Node]:
    """``#kind([part], [part])``: each part's blocks in one content argument."""
    out: list[Node] = [raw_block("typst", f"#{kind}([")]
    for index, part in enumerate(parts):
        out += [*([raw_block("typst", "], [")] if index else []), *transform(part["c"][1], to_typst_block)]
    return [*out, raw_block("typst", "])")]


# --- HTML (inside MkDocs Markdown) -------------------------------------------------------------


def _blank(name: str = "blank") -> str:
    # Entities, not underscores: Python-Markdown would read two runs of '__' as bold.
    return f'<span class="doc-{name}" aria-hidden="true">{"&#95;" * len(BLANK)}</span>'


def to_html_block(node: Node, labels: Labels = ENGLISH_LABELS) -> list[Node]:
    kind = kind_of(node)
    yes, no, date = (html.escape(labels.get(f"label-{key}", ENGLISH_LABELS[f"label-{key}"])) for key in LABEL_KEYS)
    if kind == "field":
        inner = [raw("html", '<span class="doc-field__label">'), *label(node), raw("html", "</span> " + _blank())]
        return [{"t": "Para", "c": [raw("html", '<span class="doc-field">'), *inner, raw("html", "</span>")]}]
    if kind == "row":
        return [b for item in fields(node) for b in to_html_block(item, labels)]
    if kind == "choice":
        boxes = f'<span aria-hidden="true">\u2610</span> {yes} &emsp; <span aria-hidden="true">\u2610</span> {no}'
        options = f'</span><br><span class="doc-choice__options">{boxes}</span>'
        return [{"t": "Para", "c": [raw("html", '<span class="doc-choice">'), *label(node), raw("html", options)]}]
    if kind == "signature":
        tail = f"</span> {_blank('signature-line')} {date} {_blank('date-line')}"
        return [{"t": "Para", "c": [raw("html", '<span class="doc-signature">'), *label(node), raw("html", tail)]}]
    if kind in ("pagebreak", "contents"):
        return []
    opening = raw_block("html", f'<div class="doc-{kind}" markdown="1">')
    return [opening, *transform(node["c"][1], partial(to_html_block, labels=labels)), raw_block("html", "</div>")]


# --- DOCX (plain underscores and boxes, for offices that adapt the text in Word) -------------


def _text(text: str) -> list[Node]:
    return [{"t": "Str", "c": text}]


def _docx_field(node: Node) -> list[Node]:
    return [*label(node), *_text(":"), {"t": "Space"}, *_text(BLANK)]


def to_docx_block(node: Node, labels: Labels = ENGLISH_LABELS) -> list[Node]:
    kind = kind_of(node)
    yes, no, date = (labels.get(f"label-{key}", ENGLISH_LABELS[f"label-{key}"]) for key in LABEL_KEYS)
    if kind == "field":
        return [{"t": "Para", "c": _docx_field(node)}]
    if kind == "row":
        inlines: list[Node] = []
        for item in fields(node):
            inlines += [*([{"t": "Space"}] if inlines else []), *_docx_field(item)]
        return [{"t": "Para", "c": inlines}]
    if kind == "choice":
        return [{"t": "Para", "c": label(node)}, {"t": "Para", "c": _text(f"\u2610 {yes}\u2003\u2003\u2610 {no}")}]
    if kind == "signature":
        tail = [
            *_text(":"),
            {"t": "Space"},
            *_text(BLANK),
            {"t": "Space"},
            *_text(f"{date}:"),
            {"t": "Space"},
            *_text("_" * 12),
        ]
        return [{"t": "Para", "c": [*label(node), *tail]}]
    if kind == "pagebreak":
        return [raw_block("openxml", DOCX_PAGE_BREAK)]
    if kind == "contents":
        return []
    return transform(node["c"][1], partial(to_docx_block, labels=labels))


# --- walking --------------------------------------------------------------------------------


def transform(blocks: list[Node], rule: BlockRule) -> list[Node]:
    """``blocks`` with every named block (at any depth) replaced by ``rule``'s output."""
    out: list[Node] = []
    for block in blocks:
        if kind_of(block):
            out += rule(block)
        else:
            out.append(_descend(block, rule))
    return out


def _descend(node: Any, rule: BlockRule) -> Any:
    if isinstance(node, list):
        if node and all(isinstance(n, dict) and "t" in n for n in node):
            return transform(node, rule) if _are_blocks(node) else [_descend(n, rule) for n in node]
        return [_descend(n, rule) for n in node]
    if isinstance(node, dict) and "c" in node:
        return {**node, "c": _descend(node["c"], rule)}
    return node


BLOCK_TYPES = {
    "Para",
    "Plain",
    "Div",
    "BlockQuote",
    "BulletList",
    "OrderedList",
    "Header",
    "LineBlock",
    "Table",
    "CodeBlock",
    "RawBlock",
    "HorizontalRule",
    "DefinitionList",
    "Figure",
}


def _are_blocks(nodes: list[Node]) -> bool:
    return all(n["t"] in BLOCK_TYPES for n in nodes)


RULES: dict[str, Callable[..., list[Node]]] = {"typst": to_typst_block, "html": to_html_block, "docx": to_docx_block}


def for_output(ast: Ast, output: str, labels: Labels | None = None) -> Ast:
    """A copy of ``ast`` with named blocks written for ``output`` (typst, html or docx); ``labels``:
    the words a form prints itself in the document's language (``render.form_labels``; the typst
    layout reads them as inputs)."""
    result: Ast = json.loads(json.dumps(ast))
    rule = RULES[output] if output == "typst" else partial(RULES[output], labels=labels or ENGLISH_LABELS)
    result["blocks"] = transform(result["blocks"], rule)
    if output == "html":
        result["blocks"] = html_quotations(result["blocks"])
    return result


def html_quotations(blocks: list[Node]) -> list[Node]:
    """Each quotation as a raw ``<blockquote markdown="1">``: Python-Markdown reads the blocks of a
    Markdown ``>`` quotation without md_in_html, which would leave the ``<div markdown="1">`` of a quoted
    clause's attribution (or its English text) in the page as written."""
    out: list[Node] = []
    for block in blocks:
        if block["t"] == "BlockQuote":
            inner = html_quotations(block["c"])
            out += [raw_block("html", '<blockquote markdown="1">'), *inner, raw_block("html", "</blockquote>")]
        elif block["t"] == "Div":
            out.append({**block, "c": [block["c"][0], html_quotations(block["c"][1])]})
        else:
            out.append(block)
    return out
