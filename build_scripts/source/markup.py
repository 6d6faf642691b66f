"""Raw HTML in a policy body: a small allow-list becomes native pandoc elements, anything else is an error.

Pandoc reads a policy with ``raw_html`` on, so ``<sup>2</sup>`` arrives as raw tags around text and an
HTML table as one raw block. Each raw piece is checked against the allow-list (``html.parser`` names
the offending element or attribute for the clerk). Allowed inline tags become pandoc's own elements
(``<sup>`` -> Superscript, ``<abbr title>`` -> a Span with a title), allowed blocks are cleaned by
``nh3`` and read back by pandoc's HTML reader (a table becomes a Table). No raw HTML survives into the
AST, so no output writer ever passes markup through; what is refused stays as visible text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import nh3

from ..pandoc.runner import Ast, Node, run_pandoc

INLINE = {
    "b": "Strong",
    "strong": "Strong",
    "i": "Emph",
    "em": "Emph",
    "u": "Underline",
    "s": "Strikeout",
    "del": "Strikeout",
    "sub": "Subscript",
    "sup": "Superscript",
    "abbr": "Span",
}
TABLE = {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
VOID = {"br"}
ALLOWED = set(INLINE) | TABLE | VOID
ATTRIBUTES = {"abbr": {"title"}, "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}}
ALLOWED_TEXT = "b, strong, i, em, u, s, del, sub, sup, abbr (title), br and tables (table, tr, th, td ...)"
SAFE_SCHEMES = ("http", "https", "mailto", "tel")


@dataclass(frozen=True)
class MarkupProblem:
    fragment: str  # the raw HTML as written, to find its line
    message: str


class _Checker(HTMLParser):
    """Every element and attribute of a fragment that the allow-list does not permit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"HTML element <{tag}> is not allowed in a policy (allowed: {ALLOWED_TEXT})")
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute '{name}' on <{tag}> is not allowed in a policy")
            elif name not in ATTRIBUTES.get(tag, set()):
                self.problems.append(f"attribute '{name}' on <{tag}> is not allowed in a policy")
            elif name in ("colspan", "rowspan") and not (value or "").isdigit():
                self.problems.append(f"attribute '{name}' on <{tag}> must be a number")

    def handle_comment(self, data: str) -> None:
        self.problems.append("HTML comments are not allowed in a policy (they would not be published): remove it")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"HTML declaration <!{decl}> is not allowed in a policy")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction <?{data}> is not allowed in a policy")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"HTML declaration <![{data}]> is not allowed in a policy")


def html_problems(fragment: str) -> list[str]:
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    return checker.problems


def unsafe_scheme(target: str) -> str | None:
    """The scheme of a link target that is neither a web, mail or phone link nor relative."""
    scheme = urlsplit(target.strip()).scheme.lower()
    return scheme if scheme and scheme not in SAFE_SCHEMES else None


def link_problems(value: Any) -> list[MarkupProblem]:
    """Links whose target has an unsafe scheme (``javascript:``, ``data:`` ...)."""
    found: list[MarkupProblem] = []
    if isinstance(value, list):
        for item in value:
            found += link_problems(item)
    elif isinstance(value, dict) and "c" in value:
        if value.get("t") == "Link":  # images have their own check (a file in source/)
            target = str(value["c"][2][0])
            scheme = unsafe_scheme(target)
            if scheme:
                found.append(
                    MarkupProblem(target, f"a '{scheme}:' link is not allowed; use http, https, mailto or tel")
                )
        found += link_problems(value["c"])
    return found


def as_text(fragment: str) -> Node:
    return {"t": "Str", "c": fragment}


def native_markup(ast: Ast, subject: str) -> tuple[Ast, list[MarkupProblem]]:
    """``ast`` with every raw HTML piece replaced by native elements or, when refused, by its text
    (``ast`` itself when it holds no raw HTML: most policies, and a walk that copies every node costs
    more than one that only looks)."""
    if not has_raw(ast["blocks"]):
        return ast, link_problems(ast["blocks"])
    problems: list[MarkupProblem] = []
    blocks = _blocks(ast["blocks"], subject, problems)
    return {**ast, "blocks": blocks}, problems + link_problems(blocks)


def has_raw(value: Any) -> bool:
    """Whether any raw block or inline sits anywhere in ``value`` (a list of nodes, or a node)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if item.get("t") in RAW_TYPES:
                return True
            if isinstance(item.get("c"), list):
                stack.append(item["c"])
    return False


RAW_TYPES = ("RawBlock", "RawInline")


def _blocks(blocks: list[Node], subject: str, problems: list[MarkupProblem]) -> list[Node]:
    result: list[Node] = []
    for block in blocks:
        if block.get("t") == "RawBlock":
            result += _raw_block(block["c"][1], subject, problems)
        else:
            result.append(_descend(block, subject, problems))
    return result


def _raw_block(fragment: str, subject: str, problems: list[MarkupProblem]) -> list[Node]:
    found = html_problems(fragment)
    if found:
        problems += [MarkupProblem(fragment, message) for message in found]
        return [{"t": "Para", "c": [as_text(fragment)]}]
    cleaned = nh3.clean(fragment, tags=ALLOWED, attributes=ATTRIBUTES, strip_comments=True, link_rel=None)
    read: Ast = json.loads(run_pandoc(["-f", "html-native_divs-native_spans", "-t", "json"], cleaned, subject))
    return _blocks(read["blocks"], subject, problems)


def _descend(value: Any, subject: str, problems: list[MarkupProblem]) -> Any:
    """Walk below a block: lists of inlines get their raw tags paired, lists of blocks recurse."""
    if isinstance(value, dict):
        return {**value, "c": _descend(value["c"], subject, problems)} if "c" in value else value
    if not isinstance(value, list):
        return value
    if value and all(isinstance(item, dict) and "t" in item for item in value):
        if any(item["t"] == "RawBlock" for item in value):
            return _blocks(value, subject, problems)
        if any(item["t"] == "RawInline" for item in value):
            value = _inlines(value, problems)
    return [_descend(item, subject, problems) for item in value]


def _tag(node: Node) -> tuple[str, bool] | None:
    """(name, is_closing) of a raw inline that is a single tag."""
    if node.get("t") != "RawInline":
        return None
    text = node["c"][1].strip()
    if not text.startswith("<") or text.startswith("<!"):
        return None
    closing = text.startswith("</")
    name = text.lstrip("</").split(None, 1)[0].rstrip("/>").lower()
    return name, closing


def _inlines(inlines: list[Node], problems: list[MarkupProblem]) -> list[Node]:
    result: list[Node] = []
    index = 0
    while index < len(inlines):
        node = inlines[index]
        if node["t"] == "RawInline":
            nodes, index = _raw_inline(inlines, index, problems)
            result += nodes
        else:
            result.append(node)
            index += 1
    return result


def _raw_inline(inlines: list[Node], at: int, problems: list[MarkupProblem]) -> tuple[list[Node], int]:
    """The raw inline at ``at`` (with everything up to its closing tag) as native nodes; the next index."""
    fragment = inlines[at]["c"][1]
    found, tag = html_problems(fragment), _tag(inlines[at])
    if found or tag is None:
        problems += [MarkupProblem(fragment, m) for m in found or ["this HTML is not allowed in a policy"]]
        return [as_text(fragment)], at + 1
    name, closing = tag
    if closing and name not in ALLOWED:  # the end of a refused element (its start was reported): text
        return [as_text(fragment)], at + 1
    if name in VOID:
        return [{"t": "LineBreak"}], at + 1
    end = None if closing else _closing(inlines, at + 1, name)
    if end is None:
        missing = "opening tag" if closing else f"</{name}>"
        problems.append(MarkupProblem(fragment, f"<{name}> has no matching {missing}"))
        return [as_text(fragment)], at + 1
    inner = _inlines(inlines[at + 1 : end], problems)
    return [_element(name, fragment, inner)], end + 1


def _closing(inlines: list[Node], start: int, name: str) -> int | None:
    depth = 0
    for index in range(start, len(inlines)):
        tag = _tag(inlines[index])
        if tag and tag[0] == name:
            if not tag[1]:
                depth += 1
            elif depth == 0:
                return index
            else:
                depth -= 1
    return None


def _element(name: str, fragment: str, inner: list[Node]) -> Node:
    kind = INLINE[name]
    if kind != "Span":
        return {"t": kind, "c": inner}
    title = _attribute(fragment, "title")
    return {"t": "Span", "c": [["", ["abbr"], [["title", title]] if title else []], inner]}


def _attribute(fragment: str, wanted: str) -> str | None:
    found: list[str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(value or "" for name, value in attrs if name == wanted)

    Reader().feed(fragment)
    return found[0] if found else None
