"""A version's text as staff read it, and the redline between any two versions.

The text is parsed once, at sync, with the pipeline's own reader and clause scan (``pandoc/``,
``source/clauses.py``) and kept as HTML and as pandoc's AST; the redline is the pipeline's word-level
redline (``history/redline.py``) between two kept ASTs, so a person who last acknowledged a version
three revisions ago sees every change since, in one redline. HTML is cleaned by nh3 before it is kept.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import nh3

from ..history.redline import redline
from ..pandoc.runner import POLICY_READER, read_markdown, write_ast
from ..source.clauses import scan_clauses
from ..source.front_matter import split_front_matter

ALLOWED_TAGS = {
    *("p", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code", "br"),
    *("em", "strong", "b", "i", "u", "s", "sub", "sup", "abbr", "span", "a", "ins", "del", "div"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr"),
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href"},
    "abbr": {"title"},
    "ol": {"type", "start"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
HEADING = re.compile(r"<(/?)h([1-5])\b")


@dataclass(frozen=True)
class RenderedText:
    html: str
    ast: dict[str, Any]


def render_text(text: str, subject: str) -> RenderedText:
    """The body of a policy file (front matter left out) as clean HTML, headings from level 3."""
    body = split_front_matter(text).body
    ast = scan_clauses(read_markdown(body, subject, POLICY_READER), owned=True).ast
    html = write_ast(ast, "html5", subject, ["--shift-heading-level-by=1"])
    return RenderedText(clean(html), ast)


def redline_html(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Every change from ``old`` to ``new`` (``<ins>``/``<del>``), headings from level 3."""
    html = HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", redline(old, new).to_html())
    return clean(html)


def clean(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None)


def scoped(html: str, prefix: str) -> str:
    """Ids (and links to them) made unique on a page that shows several policies."""
    return re.sub(r'(id="|href="#)', lambda m: m.group(1) + prefix, html)


def shown_sha256(html: str) -> str:
    """The hash of exactly what the page showed (text or redline): kept with the acknowledgement."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()
