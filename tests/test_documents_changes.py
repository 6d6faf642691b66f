"""Changing one clause changes exactly the documents that draw on it (SOURCE_DATE_EPOCH fixed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.documents import manifest_entries, render_documents
from build_scripts.manifest import DocumentEntry
from build_scripts.paths.project import Project
from build_scripts.pipeline import check
from build_scripts.source.source_date import SourceDate
from tests.conftest import FIXED_EPOCH
from tests.documents_helpers import pdf_text, project_copy

OLD = "(i.e., the student has not returned to a bus on a field trip)"
NEW = "(i.e., the student has not come back to the bus at the end of a field trip)"
CLAUSE = ("G-170", "cellular-phones-2")
Entries = dict[tuple[str, str | None, str], DocumentEntry]


PDFS: dict[str, bytes] = {}


def render(project: Project) -> Entries:
    manual, _ = check(project)
    assert manual.district is not None
    documents = render_documents(project, manual, manual.district, SourceDate(int(FIXED_EPOCH), None, "test"))
    PDFS[project.root.name] = next(d.pdf for d in documents.documents if d.stem == "trip-disclosure-form-zeh")
    return {(e.id, e.school, e.lang): e for e in manifest_entries(documents)}


@pytest.fixture(scope="module")
def before_after(tmp_path_factory: pytest.TempPathFactory) -> tuple[Entries, Entries, Entries]:
    root = tmp_path_factory.mktemp("changes")
    before, again, after = (project_copy(root / name) for name in ("before", "again", "after"))
    policy = after.policies_dir / "G-170.md"
    text = policy.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    policy.write_text(text.replace(OLD, NEW), encoding="utf-8")
    return render(before), render(again), render(after)


def uses(entry: DocumentEntry) -> bool:
    return any((s.policy, s.clause) == CLAUSE for s in entry.sources)


def test_rebuilding_unchanged_sources_gives_identical_documents(before_after: tuple[Entries, Entries, Entries]) -> None:
    before, again, _ = before_after
    assert before == again


def test_one_clause_changes_exactly_the_documents_that_use_it(before_after: tuple[Entries, Entries, Entries]) -> None:
    before, _, after = before_after
    assert before.keys() == after.keys()
    quoting = {"trip-disclosure-form", "print-bundle", "staff-handbook"}  # the letter leaves it to the trip form
    for key, old in before.items():
        new = after[key]
        if not uses(old):
            assert new == old, key
            continue
        assert key[0] in quoting, key
        assert new.sha256 != old.sha256, key
        assert new.stale is (key[2] != "en"), key  # a bundle in Spanish is as stale as its trip form
        changed = [(s.clause, t.sha256 != s.sha256) for s, t in zip(old.sources, new.sources, strict=True)]
        assert [clause for clause, differs in changed if differs] == [CLAUSE[1]], key
    assert {key[0] for key, entry in before.items() if not uses(entry)} == {
        "publication-permission-form",
        "parent-letter",
    }


def test_quoted_sentence_is_the_new_one(before_after: tuple[Entries, Entries, Entries], tmp_path: Path) -> None:
    for name, expected, gone in (("before", OLD, NEW), ("after", NEW, OLD)):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(PDFS[name])
        text = pdf_text(pdf)
        assert expected in text and gone not in text
