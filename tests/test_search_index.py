"""Search as the index sees it: where words end, the stop words, the other forms of a word, and what
the build does to the index MkDocs writes (copies of a policy out, policy pages boosted, hidden words)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from build_scripts.site.search_clauses import by_clause, text_blocks
from build_scripts.site.search_index import LISTING_BOOST, POLICY_BOOST, SearchRules, refined, search_plugin_options
from build_scripts.site.search_words import Forms, separator, uncovered, words_of
from build_scripts.words import words

SPLIT = re.compile(separator(["en", "es", "pt"]))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Can I friend a student on Facebook?", ["friend", "student", "facebook"]),  # stop words and "I", "a"
        ("as a \u201cfriend\u201d or \u2018follower\u2019 (G-170).", ["friend", "follower", "g", "170"]),
        ("G170, 950 CMR 32.03; A-1", ["g170", "950", "cmr", "32.03", "a", "1"]),  # a code's letter stays
        ("el teléfono de mi hijo", ["teléfono", "hijo"]),
        ("o celular do meu filho, à noite", ["celular", "filho", "noite"]),
        ("ação <p>Être</p> &amp; e-mail", ["ação", "être", "mail"]),  # an accent is part of a word
    ],
)
def test_the_separator_drops_stop_words_and_lone_letters(text: str, words: list[str]) -> None:
    assert words_of(text, SPLIT) == words


@pytest.mark.parametrize(
    ("word", "typed"),
    [
        ("friend", ["friends", "friending", "friended"]),
        ("text", ["texts", "texting", "texted"]),
        ("messaging", ["messages", "message"]),
        ("chat", ["chatting", "chatted"]),
        ("policy", ["policies"]),
        ("replies", ["reply", "replied", "replying"]),
    ],
)
def test_a_word_is_found_by_its_other_forms(word: str, typed: list[str]) -> None:
    """Every form a reader may type starts one of the index's words (Material searches prefixes)."""
    indexed = [word, *Forms("en").of(word)]
    for form in typed:
        assert any(w.startswith(form) for w in indexed), (form, indexed)


@pytest.mark.parametrize("word", ["ids", "ads", "bus", "yes", "eyed", "sing", "ring", "cases", "é", "4th"])
def test_short_and_odd_words_do_not_break_the_forms(word: str) -> None:
    assert all(len(form) > 1 for form in Forms("en").of(word))


def test_other_forms_are_only_those_no_other_word_covers() -> None:
    assert "student" not in Forms("en").of("students")  # "student*" finds "students" already
    assert uncovered({"messag", "message", "messages"}, {"messaged"}) == ["messages"]


def test_spanish_and_portuguese_plurals_and_words_without_accents() -> None:
    assert set(Forms("es").of("teléfono")) >= {"teléfonos", "telefono"}
    assert set(Forms("es").of("excursiones")) >= {"excursión"}
    assert "celulares" in Forms("pt").of("celular")


def finds(typed: str, found: dict[str, Any]) -> bool:
    """Whether Material's prefix query for ``typed`` matches a word of the entry."""
    words = words_of(f"{found['title']} {found['text']} {found.get('keywords', '')}", SPLIT)
    return any(word.startswith(typed) for word in words)


def entry(location: str, title: str, text: str) -> dict[str, Any]:
    return {"location": location, "title": title, "text": text}


RULES = SearchRules(
    language="en",
    synonyms={"en": {"social media": ["Facebook", "TikTok"]}, "es": {"celular": ["teléfono"]}},
    policies={"policies/g-170/": "G-170"},
    languages={"documents/trip-disclosure-form/es/": "es"},
    hidden={"documents/trip-disclosure-form/es/": "Número de teléfono del líder"},
    listings=frozenset({"sections/j/"}),
)


def test_the_index_keeps_one_copy_of_a_policy_boosted_with_hidden_words() -> None:
    docs = [
        entry("policies/g-170/", "G-170 Employee Social Media Policy", "Adopted March 20, 2019"),
        entry("policies/g-170/#expectations", "Expectations", "not connect as a \u201cfriend\u201d on social media"),
        entry("documents/staff-handbook/", "Staff Handbook", ""),
        entry("documents/staff-handbook/#g-170-employee-social-media-policy", "G-170 Employee Social Media", ""),
        entry("documents/staff-handbook/#g-170--expectations", "Expectations", "not connect as a friend"),
        entry("documents/trip-disclosure-form/es/", "Formulario", "su número de celular"),
        entry("sections/j/", "J: Students", "JICFB Bullying Prevention"),
    ]
    out = {e["location"]: e for e in refined(docs, RULES, SPLIT)}
    assert "documents/staff-handbook/#g-170--expectations" not in out  # the handbook's copy of the text
    assert "documents/staff-handbook/#g-170-employee-social-media-policy" in out  # its own heading stays
    assert out["policies/g-170/"]["boost"] == out["policies/g-170/#expectations"]["boost"] == POLICY_BOOST
    assert "boost" not in out["documents/staff-handbook/"]
    assert out["sections/j/"]["boost"] == LISTING_BOOST  # a list of titles comes after what it lists
    assert "g170" in out["policies/g-170/"]["keywords"].split()  # the code without its hyphen
    hidden = out["policies/g-170/#expectations"]["keywords"].split()
    assert {"friends", "friending", "facebook", "tiktok"} <= set(hidden)
    assert "teléfono" not in hidden  # Spanish synonyms are for Spanish pages
    spanish = out["documents/trip-disclosure-form/es/"]
    for typed in ("teléfono", "telefono", "líder", "lider", "celulares", "numero"):
        assert finds(typed, spanish), typed
    assert out["documents/trip-disclosure-form/es/"]["text"] == "su número de celular"  # what a result shows


def test_the_search_plugin_gets_the_separator_and_hidden_field_unless_the_project_sets_them() -> None:
    [ours] = search_plugin_options([{"search": {"lang": ["en", "es"]}}])
    assert ours["search"]["separator"] == separator(["en", "es"])
    assert ours["search"]["fields"] == {"keywords": {"boost": 1.0}}
    [theirs] = search_plugin_options([{"search": {"separator": "[\\s]+", "fields": {"keywords": {"boost": 5}}}}])
    assert theirs["search"]["separator"] == "[\\s]+" and theirs["search"]["fields"]["keywords"] == {"boost": 5}
    assert search_plugin_options(["search", "tags"])[1] == "tags"


PAGE = """<html><body><article class="md-content__inner md-typeset">
<h1 id="g-170-employee-social-media-policy">G-170</h1>
<h2 id="expectations">Expectations</h2>
<p><a id="expectations-p1" class="clause-anchor" href="#expectations-p1">§</a>The Committees recognize.</p>
<ol type="1" start="3">
<li><a id="expectations-1" class="clause-anchor">§</a>Staff shall not friend students.
<ol><li><a id="expectations-1-a" class="clause-anchor">§</a>Nor follow them.</li></ol></li>
<li><a id="expectations-9" class="clause-anchor">§</a>Staff shall use <em>district</em> email.</li>
</ol>
<h2 id="definitions">Definitions</h2>
<dl><dt>Social Media</dt><dd>Any electronic media.</dd></dl>
</article></body></html>"""


def test_a_policy_section_becomes_one_entry_per_clause(tmp_path: Path) -> None:
    (tmp_path / "policies" / "g-170").mkdir(parents=True)
    (tmp_path / "policies" / "g-170" / "index.html").write_text(PAGE, encoding="utf-8")
    docs = [
        entry("policies/g-170/", "G-170 Employee Social Media Policy", "Adopted March 20, 2019"),
        entry(
            "policies/g-170/#expectations",
            "Expectations",
            "<p>The Committees recognize.</p> <ol> <li>Staff shall not friend students. <ol> <li>Nor follow them.</li>"
            " </ol> </li> <li>Staff shall use district email.</li> </ol>",
        ),
        entry("policies/g-170/#definitions", "Definitions", "Social Media: Any electronic media."),
    ]
    found = [(e["location"], e["title"], e["text"]) for e in by_clause(docs, "policies/g-170/", tmp_path, words("en"))]
    assert found == [
        ("policies/g-170/", "G-170 Employee Social Media Policy", "Adopted March 20, 2019"),
        ("policies/g-170/#expectations-p1", "Expectations, paragraph 1", "<p>The Committees recognize.</p>"),
        (
            "policies/g-170/#expectations-1",
            "Expectations, item 3",  # as the page numbers it (start="3"), whatever its id says
            "<p>Staff shall not friend students. <ol> <li>Nor follow them.</li> </ol></p>",
        ),
        ("policies/g-170/#expectations-9", "Expectations, item 4", "<p>Staff shall use district email.</p>"),
        ("policies/g-170/#definitions", "Definitions", "Social Media: Any electronic media."),  # no blocks: whole
    ]


def test_a_section_whose_text_and_clauses_do_not_pair_up_stays_whole() -> None:
    assert text_blocks("<p>One.</p> loose text <p>Two.</p>") is None
    assert text_blocks("<p>One.</p> <ul> <li>A</li> </ul>") == ["<p>One.</p>", "<p>A</p>"]
