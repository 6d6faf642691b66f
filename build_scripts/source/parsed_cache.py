"""Parsed policy files kept between builds, by their text.

Reading a policy — YAML front matter, pandoc's parse, the markup check, the clause scan and the line
of every clause — is a pure function of its file's text and name (``parse_policy``). A manual of 400
policies spent about 2 s of every build and ``policy check`` doing it again for files that had not
changed. Here each parse is kept in the cache (kind ``policy-file``) as JSON, keyed on the engines'
fingerprint (all code and pandoc), the file's name and its text: the scanned AST once, each clause's
blocks as paths into it (so they stay parts of that AST, as the scan left them), the sections and
clauses, the front matter with its lines, and the file's problems. A policy that may hold an image
is not kept: its check reads the image files beside it.
"""

from __future__ import annotations

import json
from typing import Any

from ..cache import ContentCache, cache_key
from ..errors import Problem
from ..pandoc.runner import Ast, Node
from .clauses import Clause, ClauseScan, Section
from .images import may_hold_images
from .models import PolicyMeta
from .policies import PolicyFile
from .yamlsource import LocatedYaml

KIND = "policy-file"
Path_ = list[int | str]  # keys from the AST's root down to a node


def parsed_key(fingerprint: str, display: str, text: str) -> str | None:
    """The entry of one file's parse; None for a text whose parse is not kept (it may hold images)."""
    return None if may_hold_images(text) else cache_key(KIND, fingerprint, display, text)


def store_parsed(cache: ContentCache, key: str, policy: PolicyFile) -> None:
    if policy.images:
        return
    scan = policy.scan
    record = {
        "meta": _model(policy.meta),
        "checkable": _model(policy.checkable),
        "located": _located(policy.located),
        "lines": policy.lines,
        "problems": [p.to_row() for p in policy.problems],
        "events": [_event(e) for e in scan.events] if scan else None,
        "blocks": _block_paths(scan) if scan else None,
    }
    files = {"policy.json": json.dumps(record, ensure_ascii=False).encode()}
    if scan:
        files["ast.json"] = json.dumps(scan.ast, ensure_ascii=False).encode()
    cache.put(key, files)


def load_parsed(stored: dict[str, bytes] | None, display: str, text: str) -> PolicyFile | None:
    """The kept parse, or None when there is none (or it cannot be read: it is made again)."""
    if stored is None or "policy.json" not in stored:
        return None
    try:
        record = json.loads(stored["policy.json"])
        scan = _scan(json.loads(stored["ast.json"]), record) if record["events"] is not None else None
        return PolicyFile(
            display,
            _meta(record["meta"]),
            _unlocated(record["located"]),
            scan,
            lines={str(k): int(v) for k, v in record["lines"].items()},
            problems=[Problem.from_row(row) for row in record["problems"]],
            checkable=_meta(record["checkable"]),
            text=text,
        )
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def _model(meta: PolicyMeta | None) -> str | None:
    return meta.model_dump_json() if meta is not None else None


def _meta(value: str | None) -> PolicyMeta | None:
    return PolicyMeta.model_validate_json(value) if value is not None else None


def _located(located: LocatedYaml | None) -> dict[str, Any] | None:
    if located is None:
        return None
    lines = [[list(loc), line] for loc, line in located.lines.items()]
    return {"data": located.data, "lines": lines, "start_line": located.start_line}


def _unlocated(value: dict[str, Any] | None) -> LocatedYaml | None:
    if value is None:
        return None
    lines = {tuple(loc): int(line) for loc, line in value["lines"]}
    return LocatedYaml(value["data"], lines, int(value["start_line"]))


def _event(event: Section | Clause) -> dict[str, Any]:
    if isinstance(event, Section):
        return {"section": _section_row(event)}
    section = _section_row(event.section) if event.section else None
    return {"clause": [event.id, event.authored, event.kind, event.number, event.text, event.label], "in": section}


def _section_row(section: Section) -> list[Any]:
    return [section.id, section.title, section.short, section.level]


def _section(value: list[Any] | None) -> Section | None:
    return Section(str(value[0]), str(value[1]), str(value[2]), int(value[3])) if value else None


def _events(values: list[dict[str, Any]]) -> list[Section | Clause]:
    events: list[Section | Clause] = []
    for value in values:
        if "section" in value:
            section = _section(value["section"])
            assert section is not None
            events.append(section)
            continue
        ident, authored, kind, number, text, label = value["clause"]
        events.append(Clause(str(ident), bool(authored), str(kind), int(number), _section(value["in"]), text, label))
    return events


def _block_paths(scan: ClauseScan) -> dict[str, list[Any]]:
    """Each clause's blocks: a path into the AST for a node of it, or (a definition's term, which the
    scan wraps in a new node) the node itself."""
    paths: dict[int, Path_] = {}
    _index(scan.ast, [], paths)
    return {
        ident: [["at", paths[id(node)]] if id(node) in paths else ["node", node] for node in blocks]
        for ident, blocks in scan.blocks.items()
    }


def _index(value: Any, path: Path_, paths: dict[int, Path_]) -> None:
    if isinstance(value, dict):
        paths.setdefault(id(value), path)
        for key in ("c", "blocks"):
            if key in value:
                _index(value[key], [*path, key], paths)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _index(item, [*path, index], paths)


def _scan(ast: Ast, record: dict[str, Any]) -> ClauseScan:
    blocks = {ident: [_node(ast, how, where) for how, where in items] for ident, items in record["blocks"].items()}
    return ClauseScan(ast, _events(record["events"]), blocks)


def _node(ast: Ast, how: str, where: Any) -> Node:
    if how == "node":
        node: Node = where
        return node
    found: Any = ast
    for step in where:
        found = found[step]
    if not isinstance(found, dict):
        raise ValueError("a clause's path leads to no node")
    return found
