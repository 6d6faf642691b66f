"""The foundation's additions for documents: each clause's own blocks, and letter data."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.errors import ValidationFailed
from build_scripts.pandoc.runner import normalize_text, read_markdown, stringify
from build_scripts.paths.project import Project
from build_scripts.pipeline import check
from build_scripts.source.clauses import clause_marker_id, scan_clauses
from tests.conftest import ROOT
from tests.documents_helpers import project_copy


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return project_copy(tmp_path / "project")


def test_each_clause_keeps_its_own_blocks_without_markers() -> None:
    scan = scan_clauses(read_markdown("## Rules {#rules}\n\n1. []{#rules-1} First *rule*.\n2. Second.\n", "t"))
    first = scan.clause_blocks("rules-1")
    assert normalize_text(stringify(first)) == "First rule."
    assert not any(clause_marker_id(node) for node in first[0]["c"])
    assert first[0]["c"][0] == {"t": "Str", "c": "First"}
    assert list(scan.blocks) == [c.id for c in scan.clauses]
    assert scan.clauses[0].label == "1" and scan.clauses[0].text == "First rule."


def test_clause_blocks_match_clause_text_in_g170() -> None:
    manual, _ = check(Project.at(ROOT))
    policy = manual.policy("G-170")
    assert policy is not None and policy.scan is not None
    for clause in policy.scan.clauses:
        if clause.kind != "definition":
            assert normalize_text(stringify(policy.scan.clause_blocks(clause.id))) == clause.text


def test_district_has_school_year_and_optional_school_contacts() -> None:
    manual, _ = check(Project.at(ROOT))
    district = manual.district
    assert district is not None
    assert district.school_year == "2026-2027" and district.letter_date is None
    assert district.district.superintendent_title == "Superintendent of Schools"
    algonquin = district.school("algonquin")
    assert algonquin is not None and algonquin.address is None and algonquin.phone is None
    assert district.school("nope") is None


def test_school_year_is_required_and_checked(project: Project) -> None:
    path = project.district_file
    text = path.read_text(encoding="utf-8").replace('school_year: "2026-2027"', 'school_year: "2026"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    [problem] = [p for p in failed.value.problems if p.is_error]
    assert problem.path == "source/district.yml" and problem.message.startswith("school_year:")


def test_a_school_id_may_not_equal_a_document_id(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    district = project.district_file
    district.write_text(district.read_text().replace("id: finn,", "id: parent-letter,"))
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    line = next(n for n, t in enumerate(district.read_text().splitlines(), 1) if "id: parent-letter" in t)
    assert [p.render() for p in failed.value.problems if p.is_error] == [
        f"source/district.yml:{line}: school id 'parent-letter' is also a document id; the two would share "
        "documents/parent-letter/"
    ]
