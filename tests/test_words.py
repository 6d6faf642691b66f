"""The pipeline's own words come from one table per language (words.py)."""

from __future__ import annotations

from build_scripts.documents.library import citation
from build_scripts.history.redline_summary import changes_sentence
from build_scripts.source.clauses import Clause, Section
from build_scripts.words import ENGLISH, LANGUAGES, words

SECTION = Section("cellular-phones", "Cellular Phones and Text Messaging", "Cellular Phones", 2)


def clause(kind: str, number: int, label: str = "") -> Clause:
    return Clause("x", True, kind, number, SECTION, "text", label or str(number))


def test_citations_read_the_same_everywhere() -> None:
    assert citation("G-170", clause("item", 2)) == "Policy G-170, Cellular Phones, item 2"
    assert citation("G-170", clause("paragraph", 1)) == "Policy G-170, Cellular Phones, opening paragraph"
    assert citation("G-170", clause("paragraph", 3)) == "Policy G-170, Cellular Phones, paragraph 3"
    assert citation("G-170", clause("definition", 1, "Social Media")) == (
        "Policy G-170, Cellular Phones, definition of Social Media"
    )


def test_counts_and_lists() -> None:
    assert changes_sentence(0, (), "en") == "No change to the text."
    assert changes_sentence(1, (), "en") == "1 change."
    assert changes_sentence(3, ("Rules", "Definitions", "Scope"), "en") == "3 changes, in Rules, Definitions and Scope."
    assert words("en").count("words", 1, verb="added") == "1 word added"


def test_a_language_without_a_phrase_falls_back_to_english() -> None:
    assert "xx" not in LANGUAGES
    assert words("xx")("item", number=4) == "item 4"
    assert set(ENGLISH) >= {"policy", "item", "implements", "feed entry", "accessibility"}
