"""Small AST transforms, one per output: each takes a marked AST and returns a new one.

The clause markers that ``clauses.scan_clauses`` leaves become a permalink anchor in HTML and a
``#metadata`` label in typst (so the build knows which PDF text came from which clause). Clause
ids reach these transforms only after validation: they are slugs, safe in HTML and typst.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from ..pandoc.runner import Ast, Node, copy_ast, stringify
from ..source.clauses import ID_PATTERN, clause_marker_id
from ..source.markup import unsafe_scheme

InlineRule = Callable[[Node], list[Node] | None]


def map_inlines(ast: Ast, rule: InlineRule) -> Ast:
    """A copy of ``ast`` in which every inline for which ``rule`` returns a list is replaced by it."""
    result = copy_ast(ast)
    _walk(result["blocks"], rule)
    return result


def _walk(value: Any, rule: InlineRule) -> None:
    if isinstance(value, list):
        index = 0
        while index < len(value):
            item = value[index]
            replacement = rule(item) if isinstance(item, dict) and "t" in item else None
            if replacement is None:
                _walk(item, rule)
                index += 1
            else:
                value[index : index + 1] = replacement
                index += len(replacement)
    elif isinstance(value, dict):
        _walk(value.get("c"), rule)


def raw(fmt: str, text: str) -> Node:
    return {"t": "RawInline", "c": [fmt, text]}


def html_anchor(node: Node) -> list[Node] | None:
    """Clause marker -> ``<a id=... class="clause-anchor">`` permalink (visible on hover and focus)."""
    ident = clause_marker_id(node)
    if ident is None:
        return None
    safe = html.escape(ident, quote=True)
    link = (
        f'<a id="{safe}" class="clause-anchor" href="#{safe}" '
        f'title="Link to this clause" aria-label="Link to clause {safe}">§</a>'
    )
    return [raw("html", link)]


def typst_marker(node: Node) -> list[Node] | None:
    """Clause marker -> ``#metadata("id")<id>``; other spans keep only their text."""
    ident = clause_marker_id(node)
    if ident is not None:
        if not ID_PATTERN.match(ident):
            return []
        return [raw("typst", f'#metadata("{ident}")<{ident}>')]
    if node.get("t") == "Span":
        return list(node["c"][1])
    return None


def strip_heading_attributes(ast: Ast) -> Ast:
    """Drop key=value heading attributes (``short=...``) that mean nothing to a browser."""
    result = copy_ast(ast)
    for block in _all_blocks(result["blocks"]):
        if block.get("t") == "Header":
            block["c"][1][2] = []
    return result


def _all_blocks(blocks: list[Any]) -> list[Node]:
    found: list[Node] = []
    stack = list(blocks)
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(x for x in _children(item) if isinstance(x, (dict, list)))
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _children(node: Node) -> list[Any]:
    content = node.get("c")
    return content if isinstance(content, list) else []


def drop_space_after_markers(ast: Ast) -> Ast:
    """Remove the space that follows a clause marker, so text starts where the anchor is."""
    result = copy_ast(ast)
    for block in _all_blocks(result["blocks"]):
        content = block.get("c")
        if (
            block.get("t") in ("Para", "Plain")
            and isinstance(content, list)
            and len(content) > 1
            and clause_marker_id(content[0])
            and content[1].get("t") == "Space"
        ):
            del content[1]
    return result


def colon_after_terms(ast: Ast) -> Ast:
    """End each defined term with ':' as the policy text does ("Social Media: Any ...")."""
    result = copy_ast(ast)
    for block in _all_blocks(result["blocks"]):
        if block.get("t") == "DefinitionList":
            for term, _definitions in block["c"]:
                last = term[-1] if term else None
                if not (last and last.get("t") == "Str" and last["c"].endswith(":")):
                    term.append({"t": "Str", "c": ":"})
    return result


def unsafe_link_as_text(node: Node) -> list[Node] | None:
    """A link whose target has another scheme (``javascript:``, ``data:`` ...) keeps only its text."""
    if node.get("t") != "Link":
        return None
    return list(node["c"][1]) if unsafe_scheme(str(node["c"][2][0])) else None


def sanitize(ast: Ast) -> Ast:
    """The one sanitiser every path from policy text to an output goes through (page, PDF, documents).

    A link with an unsafe scheme keeps only its text.
    """
    return map_inlines(ast, unsafe_link_as_text)


def for_html(ast: Ast) -> Ast:
    cleaned = colon_after_terms(drop_space_after_markers(strip_heading_attributes(ast)))
    return map_inlines(sanitize(cleaned), html_anchor)


HEADING_PLACEHOLDER = "<!--policy-heading-{}-->"


def headings_to_placeholders(ast: Ast) -> tuple[Ast, list[Node]]:
    """Top-level headings replaced by numbered HTML comments; the headings are returned in order.

    The site writes headings as Markdown (so MkDocs builds the table of contents and permalinks)
    and everything between them as pandoc's HTML (so lists, tables and definitions survive intact).
    """
    result = copy_ast(ast)
    headings: list[Node] = []
    blocks: list[Node] = []
    for block in result["blocks"]:
        if block.get("t") == "Header":
            blocks.append({"t": "RawBlock", "c": ["html", HEADING_PLACEHOLDER.format(len(headings))]})
            headings.append(block)
        else:
            blocks.append(block)
    result["blocks"] = blocks
    return result, headings


def for_typst(ast: Ast) -> Ast:
    return map_inlines(map_inlines(sanitize(ast), typst_marker), typst_image)


def for_text(ast: Ast) -> Ast:
    return map_inlines(ast, lambda node: [] if clause_marker_id(node) else None)


def typst_string(text: str) -> str:
    """A typst string literal holding ``text`` exactly."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rewrite_images(ast: Ast, names: dict[str, str]) -> Ast:
    """Point every image at its stored name (``images/<hash>.<ext>``)."""

    def rule(node: Node) -> list[Node] | None:
        if node.get("t") != "Image":
            return None
        attrs, alt, (target, title) = node["c"]
        if target not in names:  # an image that cannot be published shows its description
            return [{"t": "Emph", "c": alt}]
        return [{"t": "Image", "c": [attrs, alt, [names[target], title]]}]

    return map_inlines(ast, rule)


def typst_image(node: Node) -> list[Node] | None:
    """Image -> ``#box(image(path, alt: ...))``: pandoc's typst writer drops alt text."""
    if node.get("t") != "Image":
        return None
    _attrs, alt, (target, _title) = node["c"]
    description = " ".join(stringify(alt).split())
    return [raw("typst", f"#box(image({typst_string(target)}, alt: {typst_string(description)}))")]
