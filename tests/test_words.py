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
    say = words("en")
    assert citation("G-170", clause("item", 2), say) == "Policy G-170, Cellular Phones, item 2"
    assert citation("G-170", clause("paragraph", 1), say) == "Policy G-170, Cellular Phones, opening paragraph"
    assert citation("G-170", clause("paragraph", 3), say) == "Policy G-170, Cellular Phones, paragraph 3"
    assert citation("G-170", clause("definition", 1, "Social Media"), say) == (
        "Policy G-170, Cellular Phones, definition of Social Media"
    )


def test_a_translated_citation_takes_its_words_and_section_title_from_the_catalog() -> None:
    table = {
        "words:policy": "Política {code}",
        "words:item": "punto {number}",
        "G-170:section:cellular-phones": "Teléfonos celulares",
    }
    say = words("es", lambda unit, english: table.get(unit, english))
    assert citation("G-170", clause("item", 2), say) == "Política G-170, Teléfonos celulares, punto 2"
    # a phrase the catalog lacks is printed in English, never left out
    assert citation("G-170", clause("paragraph", 3), say) == "Política G-170, Teléfonos celulares, paragraph 3"


def test_counts_and_lists() -> None:
    assert changes_sentence(0, (), "en") == "No change to the text."
    assert changes_sentence(1, (), "en") == "1 change."
    assert changes_sentence(3, ("Rules", "Definitions", "Scope"), "en") == "3 changes, in Rules, Definitions and Scope."
    assert words("en").count("words", 1, verb="added") == "1 word added"


def test_a_language_without_a_phrase_falls_back_to_english() -> None:
    assert "xx" not in LANGUAGES
    assert words("xx")("item", number=4) == "item 4"
    assert set(ENGLISH) >= {"policy", "item", "implements", "feed entry", "accessibility"}
