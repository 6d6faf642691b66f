"""A policy body as the Markdown MkDocs reads: Markdown headings around blocks of pandoc's HTML."""

from __future__ import annotations

from ..pandoc.runner import Ast, Node, normalize_text, stringify, write_ast
from ..textfilters import md_text
from .transforms import HEADING_PLACEHOLDER, for_html, headings_to_placeholders


def heading_markdown(heading: Node) -> str:
    level, (ident, _classes, _attrs), inlines = heading["c"]
    title = md_text(normalize_text(stringify(inlines)))
    return f"{'#' * level} {title} {{#{ident}}}" if ident else f"{'#' * level} {title}"


def body_markdown(ast: Ast, subject: str) -> str:
    """One pandoc call: the body as HTML, then each heading put back as a Markdown line."""
    html_ast, headings = html_parts(ast)
    return join_headings(write_ast(html_ast, "html5", subject), headings)


def html_parts(ast: Ast) -> tuple[Ast, list[Node]]:
    """The AST pandoc writes as HTML (headings left as placeholders), and the headings."""
    return headings_to_placeholders(for_html(ast))


def join_headings(html: str, headings: list[Node]) -> str:
    """Pandoc's HTML with each heading put back as a Markdown line (MkDocs builds the contents)."""
    for index, heading in enumerate(headings):
        html = html.replace(HEADING_PLACEHOLDER.format(index), f"\n{heading_markdown(heading)}\n", 1)
    return html.strip() + "\n"
