"""The element ids of a policy bound inside a document, made the policy's own.

A policy's headings and clauses have ids that are unique in the policy (``purpose``, ``rules-1``), so
a handbook that binds two hundred policies would hold two hundred ``id="purpose"``: the page's table
of contents and every ``#purpose`` link would all lead to the first. Inside a document each id is
prefixed with the policy's code (``jicfb--purpose``), and the policy's links to its own ids follow.
"""

from __future__ import annotations

from typing import Any

from ..pandoc.runner import Node

ATTR_AT = {"Header": 1, "Div": 0, "Span": 0, "CodeBlock": 0, "Code": 0, "Link": 0, "Image": 0, "Table": 0, "Figure": 0}
SEPARATOR = "--"  # pandoc's own identifiers never hold two hyphens in a row from a heading's words


def id_prefix(code: str) -> str:
    return code.lower() + SEPARATOR


def own_ids(blocks: list[Node], code: str) -> list[Node]:
    """``blocks`` (not changed) with every id prefixed for ``code`` and its in-page links to them."""
    ids: set[str] = set()
    _collect(blocks, ids)
    return _renamed(blocks, id_prefix(code), ids) if ids else blocks


def _collect(value: Any, ids: set[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, ids)
    elif isinstance(value, dict) and "c" in value:
        at = ATTR_AT.get(value.get("t", ""))
        if at is not None and value["c"][at][0]:
            ids.add(value["c"][at][0])
        _collect(value["c"], ids)


def _renamed(value: Any, prefix: str, ids: set[str]) -> Any:
    if isinstance(value, list):
        return [_renamed(item, prefix, ids) for item in value]
    if not isinstance(value, dict) or "c" not in value:
        return value
    content = _renamed(value["c"], prefix, ids)
    at = ATTR_AT.get(value.get("t", ""))
    if at is not None and content[at][0]:
        content[at] = [prefix + content[at][0], *content[at][1:]]
    if value.get("t") == "Link" and content[2][0].startswith("#") and content[2][0][1:] in ids:
        content[2] = ["#" + prefix + content[2][0][1:], *content[2][1:]]
    return {**value, "c": content}
