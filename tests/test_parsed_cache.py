"""A policy file read before with the same text comes back from the cache exactly as parsed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from build_scripts.cache import ContentCache
from build_scripts.paths.project import Project
from build_scripts.source.parsed_cache import KIND
from build_scripts.source.policies import PolicyFile
from build_scripts.source.project import load_manual
from tests.conftest import HISTORY_POLICY

BROKEN = """---
code: JICFC
title: Hazing
status: adopted
adopted: 2024-02-30
revised: [2023-01-01]
audience: [staff]
---

## Rules {#rules}

1. []{#rules-1} Hazing is prohibited.
2. []{#rules-1} Retaliation is prohibited too.

> A quoted statute, as a clause of its own.
"""
IMAGE = HISTORY_POLICY.format(dates="adopted: 2024-03-01", first="See ![the chart](chart.png).", who="Staff")


def _fields(policy: PolicyFile) -> tuple[object, ...]:
    located = (policy.located.data, policy.located.lines) if policy.located else None
    return (policy.path, policy.meta, policy.checkable, located, policy.scan, policy.lines, policy.problems)


def _project(sample_project: Callable[..., Project]) -> Project:
    history = HISTORY_POLICY.format(dates="adopted: 2024-03-01", first="Bullying is prohibited.", who="Staff")
    return sample_project({"JICFB.md": history, "JICFC.md": BROKEN, "JICFD.md": IMAGE.replace("JICFB", "JICFD")})


def test_a_kept_parse_equals_a_fresh_one_problems_and_all(
    sample_project: Callable[..., Project], tmp_path: Path
) -> None:
    project, cache = _project(sample_project), ContentCache(tmp_path / "cache")
    fresh = load_manual(project, cache)
    kept = load_manual(project, cache)
    assert [_fields(p) for p in kept.policies] == [_fields(p) for p in fresh.policies]
    assert sorted(kept.problems) == sorted(fresh.problems)
    broken = next(p for p in kept.policies if p.path.endswith("JICFC.md"))
    assert [p.render() for p in broken.problems] == [
        "source/policies/JICFC.md:5: adopted: not a valid date ('2024-02-30'): February has no 30th",
        "source/policies/JICFC.md:13: clause id 'rules-1' is used twice (first on line 12)",
        "source/policies/JICFC.md:15: clause has no id; this policy uses clause ids, so add one, e.g. []{#rules-p1}",
    ]
    entries = sorted((tmp_path / "cache" / KIND).glob("*/*"))
    assert len(entries) == 3  # G-170, JICFB and JICFC; JICFD may hold an image: its check reads files


def test_clause_blocks_come_back_as_parts_of_the_kept_ast(
    sample_project: Callable[..., Project], tmp_path: Path
) -> None:
    project, cache = _project(sample_project), ContentCache(tmp_path / "cache")
    load_manual(project, cache)
    kept = next(p for p in load_manual(project, cache).policies if p.path.endswith("G-170.md"))
    assert kept.scan is not None
    nodes = {id(n) for n in _nodes(kept.scan.ast)}
    item = kept.scan.blocks["expectations-2"]
    assert item and all(id(block) in nodes for block in item)


def test_an_unreadable_entry_is_parsed_again(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    project, cache = _project(sample_project), ContentCache(tmp_path / "cache")
    fresh = load_manual(project, cache)
    for entry in (tmp_path / "cache" / KIND).glob("*/*"):
        record = json.loads((entry / "policy.json").read_text(encoding="utf-8"))
        record["events"] = [{"clause": ["too", "few"]}]
        (entry / "policy.json").write_text(json.dumps(record), encoding="utf-8")
        sums = json.loads((entry / "index.json").read_text(encoding="utf-8"))
        sums["policy.json"] = hashlib.sha256((entry / "policy.json").read_bytes()).hexdigest()
        (entry / "index.json").write_text(json.dumps(sums), encoding="utf-8")  # the cache's checks pass
    again = load_manual(project, cache)
    assert [_fields(p) for p in again.policies] == [_fields(p) for p in fresh.policies]


def _nodes(value: object) -> list[object]:
    found: list[object] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
