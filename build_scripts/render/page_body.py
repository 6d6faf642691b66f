"""A policy body as the Markdown MkDocs reads: Markdown headings around blocks of pandoc's HTML."""

from __future__ import annotations

import nh3

from ..pandoc.runner import Ast, Node, normalize_text, stringify, write_ast
from ..source.markup import SAFE_SCHEMES
from ..textfilters import md_text
from .transforms import HEADING_PLACEHOLDER, for_html, headings_to_placeholders

# What pandoc's HTML writer makes of a policy (the allow-list of source/markup.py included); nothing else.
PAGE_TAGS = {
    *("p", "a", "span", "div", "em", "strong", "u", "s", "del", "ins", "sub", "sup", "abbr", "br", "code", "pre"),
    *("blockquote", "ul", "ol", "li", "dl", "dt", "dd", "hr", "img", "figure", "figcaption", "section", "q"),
    *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "small", "cite"),
}
PAGE_ATTRIBUTES = {
    "*": {"id", "class", "role", "title", "lang", "dir"},
    "a": {"href", "aria-label", "aria-hidden"},
    "img": {"src", "alt"},
    "ol": {"start", "type", "reversed"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
}


def sanitized(html: str) -> str:
    """The body HTML through nh3: only the elements and attributes pandoc writes for a policy, web, mail
    and phone links only, no inline styles (the Content Security Policy would refuse them anyway)."""
    return nh3.clean(
        html,
        tags=PAGE_TAGS,
        attributes=PAGE_ATTRIBUTES,
        url_schemes=set(SAFE_SCHEMES),
        strip_comments=False,  # the heading placeholders; a policy's own comments are refused by check
        link_rel=None,
    )


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
    """Pandoc's HTML through nh3, with each heading put back as a Markdown line (MkDocs builds the contents)."""
    html = sanitized(html)
    for index, heading in enumerate(headings):
        html = html.replace(HEADING_PLACEHOLDER.format(index), f"\n{heading_markdown(heading)}\n", 1)
    return html.strip() + "\n"
