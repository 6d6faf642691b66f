"""Each document is cached on its own inputs: an edit to a policy that no per-school document quotes
remakes the staff handbook (it binds every staff policy) and nothing else of the documents stage, and
the site is byte-identical to a build from nothing. Inside the handbook, each policy is written once
per text (``parts.py``): an edit rewrites that policy's part only."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from build_scripts.documents import parts
from build_scripts.documents.build import prepare_all
from build_scripts.documents.render import output_asts
from build_scripts.pandoc.batch import write_many
from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, build
from build_scripts.render import pdf
from build_scripts.source.project import load_manual

from .conftest import FIXED_EPOCH, HISTORY_POLICY, copy_project
from .documents_helpers import pdf_text
from .test_incremental import checksums

OLD, NEW = "Bullying is prohibited.", "Bullying is prohibited in every school building."
HANDBOOK = "documents/staff-handbook/staff-handbook.pdf"
SITE = "https://example.org/policies/"
THIRD = """---
code: GBEB
title: Staff Conduct
adopted: 2021-09-01
audience: [staff]
---

## Conduct {#conduct}

1. []{#conduct-1} Staff members treat students and colleagues with respect.[^code]
2. []{#conduct-2} Staff members keep student records private.[^records]

[^code]: As the state's code of professional conduct for educators asks.

[^records]: See the records retention schedule.
"""
FOURTH = """---
code: GBEC
title: Drug-Free Workplace
adopted: 2021-09-01
audience: [staff]
---

## Purpose

Staff members keep every workplace of the district free of drugs.[^act]

[^act]: The federal Drug-Free Workplace Act.
"""


def environ(cache: Path) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "POLICY_CACHE_DIR": str(cache)}


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The shipped manual (templates quote G-170 only) plus three staff policies (two with footnotes),
    built once."""
    root = copy_project(tmp_path_factory.mktemp("documents-cache") / "project")
    policies = root / "source" / "policies"
    (policies / "JICFB.md").write_text(HISTORY_POLICY.format(dates="adopted: 2024-03-01", first=OLD, who="Staff"))
    (policies / "GBEB.md").write_text(THIRD)
    (policies / "GBEC.md").write_text(FOURTH)
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
    assert len(per_school) == 120  # 3 documents in 3 languages and a print bundle in each for each of 10 schools
    policy = root / "source" / "policies" / "JICFB.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")

    edited = build(Project.at(root), root / "site", environ=environ(root.parent / "cache"))

    assert sorted(compiled) == ["Bullying Prevention", "Staff Handbook"]  # the policy's own PDF, the handbook
    after = checksums(edited.out)
    assert {path: after[path] for path in per_school} == {path: before[path] for path in per_school}
    assert after[HANDBOOK] != before[HANDBOOK]
    cold = build(Project.at(root), tmp_path / "cold", environ=environ(tmp_path / "empty-cache"))
    assert checksums(cold.out) == after


@pytest.fixture
def written_parts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """(output, policy code) of every handbook part pandoc writes while the test runs."""
    found: list[tuple[str, str]] = []
    real = parts.write_parts

    def counting(items: list[parts.Part], output: str, site_url: str) -> list[parts.Written]:
        found.extend((output, dict(part.node["c"][0][2])["policy"]) for part in items)
        return real(items, output, site_url)

    monkeypatch.setattr(parts, "write_parts", counting)
    yield found


def test_an_edit_to_a_staff_policy_rewrites_only_its_part_of_the_handbook(
    three: tuple[Path, BuildResult], written_parts: list[tuple[str, str]], tmp_path: Path
) -> None:
    root, _first = three
    policy = root / "source" / "policies" / "GBEB.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace("student records", "student and staff records"))

    edited = build(Project.at(root), root / "site", environ=environ(root.parent / "cache"))

    assert written_parts == [("typst", "GBEB"), ("html", "GBEB")]
    cold = build(Project.at(root), tmp_path / "cold", environ=environ(tmp_path / "empty-cache"))
    handbook = ["documents/staff-handbook/index.html", HANDBOOK]
    assert {p: checksums(cold.out)[p] for p in handbook} == {p: checksums(edited.out)[p] for p in handbook}
    assert sorted(set(written_parts)) == [(o, c) for o in ("html", "typst") for c in ("G-170", "GBEB", "GBEC", "JICFB")]
    text = pdf_text(edited.out / HANDBOOK)
    assert "student and staff records" in text and "Drug-Free Workplace Act" in text
    page = (edited.out / "documents" / "staff-handbook" / "index.html").read_text(encoding="utf-8")
    notes = re.findall(r'<li id="fn:(\d+)">\s*<p>([^<]*)', page)  # numbered through the page, at its end
    assert [(n, t.split()[0]) for n, t in notes] == [("1", "As"), ("2", "See"), ("3", "The")]


def test_a_handbook_written_part_by_part_reads_as_one_written_whole(three: tuple[Path, BuildResult]) -> None:
    """typst and site Markdown of every document: identical to pandoc writing each document whole."""
    root, _built = three
    project = Project.at(root)
    manual = load_manual(project)
    assert manual.district is not None
    prepared, _library, _warnings = prepare_all(project, manual, manual.district, date(2024, 3, 1))
    for output in ("typst", "html"):
        whole = write_many(output_asts(prepared, output, SITE), parts.WRITERS[output], "templates/documents")
        assert parts.write_documents(prepared, output, SITE, parts.PartCache.off()) == whole


def test_footnotes_of_a_part_are_split_off_only_when_every_mark_is_pandocs() -> None:
    written = parts.split_notes("Text[^1] and more[^2].\n\n[^1]: One.\n\n    Two.\n\n[^2]: Three.\n", 2)
    assert written == parts.Written("Text[^1] and more[^2].", ["[^1]: One.\n\n    Two.", "[^2]: Three."])
    assert parts.split_notes("Code `[^2]` and[^1].\n\n[^1]: One.", 1).notes is None
    assert parts.split_notes("No notes, `[^1]`.\n", 0) == parts.Written("No notes, `[^1]`.", [])
