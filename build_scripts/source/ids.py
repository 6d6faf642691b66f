"""``policy ids CODE``: write clause ids into a policy that has none, in one step."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import PolicyError, UsageError
from ..paths.project import Project
from .clauses import Clause
from .front_matter import split_front_matter
from .policies import locate_events, read_policy, suggest_id
from .project import load_manual

LIST_MARKER = re.compile(r"^(\s*(?:>\s?)*(?:[-*+]|\d+[.)]|[a-zA-Z][.)]|#?\d*[.)])\s+)")
QUOTE_PREFIX = re.compile(r"^(\s*(?:>\s?)*)")


def assign_ids(clauses: list[Clause]) -> list[str]:
    """One new id per clause, unique within the policy."""
    taken: set[str] = set()
    ids = []
    for clause in clauses:
        base = suggest_id(clause)
        ident, counter = base, 2
        while ident in taken:
            ident, counter = f"{base}-{counter}", counter + 1
        taken.add(ident)
        ids.append(ident)
    return ids


def insert_ids(path: Path, display: str) -> str:
    """The file's new text with an id span at the start of every clause."""
    text = path.read_text(encoding="utf-8")
    policy = read_policy(path, display)
    if policy.scan is None:
        raise PolicyError(f"{display}: cannot read the policy body")
    if policy.scan.has_authored_ids:
        raise UsageError(f"{display}: this policy already has clause ids; `policy check` reports any that are missing")
    split = split_front_matter(text)
    lines = text.split("\n")
    events = policy.scan.events
    located = locate_events(policy.scan, split.body, split.body_line)
    clauses = [(e, line) for e, line in zip(events, located, strict=True) if isinstance(e, Clause)]
    for (clause, line), ident in reversed(list(zip(clauses, assign_ids([c for c, _ in clauses]), strict=True))):
        index = line - 1
        pattern = LIST_MARKER if clause.kind == "item" else QUOTE_PREFIX
        match = pattern.match(lines[index])
        cut = match.end() if match else 0
        lines[index] = f"{lines[index][:cut]}[]{{#{ident}}} {lines[index][cut:]}"
    return "\n".join(lines)


def write_ids(project: Project, code: str) -> tuple[Path, int]:
    """Add ids to policy ``code``; the result is re-read and must validate before it is written."""
    manual = load_manual(project)
    policy = manual.policy(code)
    if policy is None:
        raise UsageError(f"no policy has the code '{code}'")
    path = project.root / policy.path
    new_text = insert_ids(path, policy.path)
    check_path = path.with_name(f".{path.name}.ids-check")
    check_path.write_text(new_text, encoding="utf-8")
    try:
        result = read_policy(check_path, policy.path)
    finally:
        check_path.unlink()
    count = len(result.scan.clauses) if result.scan else 0
    if result.problems or not (result.scan and all(c.authored for c in result.scan.clauses)):
        details = "\n".join(p.render() for p in result.problems)
        raise PolicyError(f"{policy.path}: could not place every id safely; the file was not changed\n{details}")
    path.write_text(new_text, encoding="utf-8")
    return path, count
