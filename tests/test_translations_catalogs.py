"""Translation catalogs on their own: reading units and their states, merging by id, writing stably."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from markupsafe import Markup

from build_scripts.documents.environment import either, passages
from build_scripts.errors import ValidationFailed
from build_scripts.paths.project import Project
from build_scripts.source.catalog_write import EnglishUnit, catalog_bytes, merged, reviewed, write_catalog
from build_scripts.source.catalogs import State, english_hash, read_catalog
from build_scripts.source.reviews import DocumentReview, read_reviews, write_review

PO = """# Test catalog
msgid ""
msgstr ""
"Language: es\\n"
"Content-Type: text/plain; charset=utf-8\\n"

# reviewed: 2026-11-02 by Ana Ruiz (sha256 {reviewed})
msgctxt "G-170#cellular-phones-1"
msgid "Staff shall say why."
msgstr "El personal deberá decir por qué."

msgctxt "letter#intro"
msgid "It is Policy %(code)s."
msgstr "Es la Política %(codigo)s."

#, fuzzy
msgctxt "letter#thanks"
msgid "Thank you."
msgstr "Gracias."

msgctxt "letter#empty"
msgid "Not yet."
msgstr ""
"""


def write_po(root: Path, text: str) -> None:
    folder = root / "source" / "translations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "es.po").write_text(text, encoding="utf-8")


def test_units_are_read_by_id_with_their_line_state_and_review(tmp_path: Path) -> None:
    write_po(tmp_path, PO.format(reviewed=english_hash("Staff shall say why.")))
    catalog, problems = read_catalog(Project(tmp_path), "es")
    clause = catalog.unit("G-170#cellular-phones-1")
    assert clause is not None and clause.line == 8
    assert clause.review is not None and clause.review.by == "Ana Ruiz"
    assert clause.state("Staff shall say why.") is State.REVIEWED
    assert clause.state("Staff shall say why, in writing.") is State.STALE  # the English changed
    thanks, empty = catalog.unit("letter#thanks"), catalog.unit("letter#empty")
    assert thanks is not None and thanks.state("Thank you.") is State.STALE  # fuzzy
    assert empty is not None and empty.state("Not yet.") is State.MISSING
    assert [p.render() for p in problems] == [
        "source/translations/es.po:12: translation of letter#intro uses codigo, not in the English text",
        "source/translations/es.po:12: translation of letter#intro leaves out code",
    ]


def test_a_review_of_other_english_makes_the_unit_a_draft(tmp_path: Path) -> None:
    write_po(tmp_path, PO.format(reviewed=english_hash("An older English text.")))
    catalog, _problems = read_catalog(Project(tmp_path), "es")
    clause = catalog.unit("G-170#cellular-phones-1")
    assert clause is not None and clause.state("Staff shall say why.") is State.DRAFT


def test_a_broken_catalog_is_one_located_error(tmp_path: Path) -> None:
    write_po(tmp_path, 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\nthis is not PO\n')
    _catalog, problems = read_catalog(Project(tmp_path), "es")
    assert [p.render() for p in problems] == [
        "source/translations/es.po:4: not a readable PO catalog: Unknown or misformatted keyword"
    ]


def test_merging_matches_by_id_never_by_similar_text(tmp_path: Path) -> None:
    """Two clauses whose texts are alike: rewriting one keeps each translation with its own id
    (Babel's own update would pair by similarity)."""
    write_po(
        tmp_path,
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
        'msgctxt "P#a"\nmsgid "Staff shall not post student photos."\nmsgstr "A"\n\n'
        'msgctxt "P#b"\nmsgid "Staff shall not post student grades."\nmsgstr "B"\n\n'
        'msgctxt "P#gone"\nmsgid "Removed clause."\nmsgstr "C"\n',
    )
    old, _problems = read_catalog(Project(tmp_path), "es")
    units = [
        EnglishUnit("P#b", "Staff shall not post student photos or grades.", ("letter",)),
        EnglishUnit("P#a", "Staff shall not post student photos.", ("letter",)),
        EnglishUnit("P#new", "A new passage.", ("letter",)),
    ]
    catalog = merged(old, units, "NSBORO")
    by_id = {m.context: m for m in catalog if m.id}
    assert [m.context for m in catalog if m.id] == ["P#b", "P#a", "P#new"]
    assert by_id["P#b"].string == "B" and by_id["P#b"].fuzzy
    assert list(by_id["P#b"].previous_id) == ["Staff shall not post student grades."]
    assert by_id["P#a"].string == "A" and not by_id["P#a"].fuzzy
    assert by_id["P#new"].string == "" and not by_id["P#new"].fuzzy
    assert [m.context for m in catalog.obsolete.values()] == ["P#gone"]  # kept, never lost


def test_a_catalog_written_twice_is_the_same_file(tmp_path: Path) -> None:
    """The header keeps its dates: a file changes only when its units do."""
    units = [EnglishUnit("letter#intro", "It is Policy %(code)s.", ("letter",))]
    path = tmp_path / "source" / "translations" / "es.po"
    first, _problems = read_catalog(Project(tmp_path), "es")
    assert write_catalog(path, merged(first, units, "NSBORO"))
    again, _problems = read_catalog(Project(tmp_path), "es")
    assert not write_catalog(path, merged(again, units, "NSBORO"))
    entry = path.read_text(encoding="utf-8").strip().split("\n\n")[-1]
    assert entry.splitlines() == [
        "#. used by: letter",
        "#, python-format",
        'msgctxt "letter#intro"',
        'msgid "It is Policy %(code)s."',
        'msgstr ""',
    ]


def test_a_review_is_recorded_against_the_english_it_reviewed(tmp_path: Path) -> None:
    write_po(tmp_path, PO.format(reviewed="0" * 16))
    catalog, _problems = read_catalog(Project(tmp_path), "es")
    assert catalog.babel is not None
    assert reviewed(catalog.babel, {"G-170#cellular-phones-1", "letter#empty"}, "Rosa Lima", "2026-11-30") == 1
    again = read_po(io.BytesIO(catalog_bytes(catalog.babel)))
    message = next(m for m in again if m.context == "G-170#cellular-phones-1")
    assert message.user_comments == [
        f"reviewed: 2026-11-30 by Rosa Lima (sha256 {english_hash('Staff shall say why.')})"
    ]


def test_a_passage_prints_its_translation_with_every_value_escaped() -> None:
    texts = {"letter#call": "Llame a la escuela al %(phone)s, %(school)s."}

    def translate(unit: str, english: str) -> str:
        return texts.get(unit, english)

    helpers = passages("letter", translate)
    printed = helpers["pgettext"](
        "call", "Call the school at %(phone)s, %(school)s.", phone="508 *555*", school="[A](b)"
    )
    assert printed == Markup("Llame a la escuela al 508 \\*555\\*, \\[A\\]\\(b\\).\n")
    assert helpers["t"]("missing", "Call %(phone)s", phone="1") == Markup("Call 1")  # no translation: English


def test_either_joins_ways_in_the_documents_language_escaping_text_once() -> None:
    assert either([Markup("llame *1*"), "visite a_b"], " o ") == Markup("llame *1* o visite a\\_b")
    assert either(["solo"], " ou ") == Markup("solo")


def test_an_unreadable_review_record_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    record = tmp_path / "source" / "reviews.yml"
    record.parent.mkdir(parents=True)
    record.write_text("parent-letter:\n  approved_by: [unclosed\n", encoding="utf-8")
    _reviews, problems = read_reviews(tmp_path)
    assert [p.path for p in problems] == ["source/reviews.yml"] and problems[0].line == 3
    review = DocumentReview(approved_by="Dana Clerk", approved_on=date(2026, 11, 30), clauses={})
    with pytest.raises(ValidationFailed):
        write_review(tmp_path, "trip-disclosure-form", review)
    assert record.read_text(encoding="utf-8") == "parent-letter:\n  approved_by: [unclosed\n"
