"""Each document is cached on its own inputs: an edit to a policy that no per-school document quotes
remakes the staff handbook (it binds every staff policy) and nothing else of the documents stage, and
the site is byte-identical to a build from nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from build_scripts.pipeline import BuildResult, build
from build_scripts.render import pdf
from build_scripts.source.project import Project

from .conftest import FIXED_EPOCH, HISTORY_POLICY, copy_project
from .test_incremental import checksums

OLD, NEW = "Bullying is prohibited.", "Bullying is prohibited in every school building."
HANDBOOK = "documents/staff-handbook/staff-handbook.pdf"
THIRD = """---
code: GBEB
title: Staff Conduct
adopted: 2021-09-01
audience: [staff]
---

## Conduct {#conduct}

1. []{#conduct-1} Staff members treat students and colleagues with respect.
"""


def environ(cache: Path) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "POLICY_CACHE_DIR": str(cache)}


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The shipped manual (templates quote G-170 only) plus two staff policies, built once."""
    root = copy_project(tmp_path_factory.mktemp("documents-cache") / "project")
    policies = root / "source" / "policies"
    (policies / "JICFB.md").write_text(HISTORY_POLICY.format(dates="adopted: 2024-03-01", first=OLD, who="Staff"))
    (policies / "GBEB.md").write_text(THIRD)
    return root, build(Project.at(root), root / "site", environ=environ(root.parent / "cache"))


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The title of every PDF typst compiles while the test runs (in this process)."""
    titles: list[str] = []
    real = pdf._typst_compile

    def counting(*args: Any, **kwargs: Any) -> Any:
        titles.append(kwargs["sys_inputs"]["title"])
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf, "_typst_compile", counting)
    yield titles


def test_an_edit_no_school_document_quotes_remakes_only_the_handbook(
    three: tuple[Path, BuildResult], compiled: list[str], tmp_path: Path
) -> None:
    root, first = three
    before = checksums(first.out)
    per_school = [path for path in before if path.startswith("documents/") and path.endswith(".pdf")]
    per_school.remove(HANDBOOK)
    assert len(per_school) == 100  # 3 documents in 3 languages and a print bundle for each of 10 schools
    policy = root / "source" / "policies" / "JICFB.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")

    edited = build(Project.at(root), root / "site", environ=environ(root.parent / "cache"))

    assert sorted(compiled) == ["Bullying Prevention", "Staff Handbook"]  # the policy's own PDF, the handbook
    after = checksums(edited.out)
    assert {path: after[path] for path in per_school} == {path: before[path] for path in per_school}
    assert after[HANDBOOK] != before[HANDBOOK]
    cold = build(Project.at(root), tmp_path / "cold", environ=environ(tmp_path / "empty-cache"))
    assert checksums(cold.out) == after
