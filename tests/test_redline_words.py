"""Word-level comparison as a reader reads it: abbreviations stay whole, punctuation never stands alone."""

from __future__ import annotations

import pytest

from build_scripts.history.redline import MARKER
from build_scripts.history.redline_words import count_words, diff_words, tokens, word_counts


def shown(old: str, new: str) -> str:
    """The compared text as the PDF prints it: "[Deleted: …]" and "[Inserted: …]" around changes."""
    out = []
    for n, segment in enumerate(diff_words(old, new)):
        text = segment.text if segment.op == "equal" else f"[{MARKER[segment.op]}: {segment.text}]"
        out.append((" " if n and segment.space else "") + text)
    return "".join(out)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(i.e., the student)", ["(", "i.e.", ",", "the", "student", ")"]),
        ("e.g. a bus, etc.", ["e.g.", "a", "bus", ",", "etc."]),
        ("the U.S. Department", ["the", "U.S.", "Department"]),
        ("M.G.L. c. 4, § 7(26)", ["M.G.L.", "c.", "4", ",", "§", "7", "(", "26", ")"]),
        ("Form No. 5 from 7 a.m./p.m.", ["Form", "No.", "5", "from", "7", "a.m.", "/", "p.m."]),
        ("The answer is No. Staff", ["The", "answer", "is", "No", ".", "Staff"]),  # "No." ends a sentence
        ("district's $1,000.50 and/or e-mail", ["district's", "$", "1,000.50", "and", "/", "or", "e-mail"]),
    ],
)
def test_abbreviations_are_one_token(text: str, expected: list[str]) -> None:
    assert [m.group() for m in tokens(text)] == expected


def test_an_abbreviation_changes_whole() -> None:
    assert shown("purposes (i.e., the student)", "purposes (e.g., the student)") == (
        "purposes ([Deleted: i.e.] [Inserted: e.g.], the student)"
    )
    assert shown("M.G.L. c 4, § 7(26)", "M.G.L. c. 4, § 7(26)") == "M.G.L. [Deleted: c] [Inserted: c.] 4, § 7(26)"


def test_a_removed_comma_takes_its_word_along() -> None:
    assert shown("At all times, and in the use", "At all times and in the use") == (
        "At all [Deleted: times,] [Inserted: times] and in the use"
    )


def test_an_added_comma_takes_its_word_along() -> None:
    assert shown("one, two and three", "one, two, and three") == "one, [Deleted: two] [Inserted: two,] and three"


def test_a_clause_added_after_a_word_joins_that_word() -> None:
    old = "Staff shall not provide their email addresses to students. Staff"
    new = "Staff shall not provide their email addresses to students, including by text. Staff"
    assert shown(old, new) == (
        "Staff shall not provide their email addresses to [Deleted: students] "
        "[Inserted: students, including by text]. Staff"
    )
    new = "Staff shall not provide their email addresses to students, including in apps (e.g., WhatsApp). Staff"
    assert shown(old, new) == (  # the closing parenthesis is glued to the full stop: one change
        "Staff shall not provide their email addresses to [Deleted: students.] "
        "[Inserted: students, including in apps (e.g., WhatsApp).] Staff"
    )


def test_quotation_marks_added_around_a_word_are_one_change() -> None:
    assert shown("connect as a friend or", "connect as a \u201cfriend\u201d or") == (
        "connect as a [Deleted: friend] [Inserted: \u201cfriend\u201d] or"
    )


def test_a_lone_mark_glued_to_nothing_takes_the_word_before_it() -> None:
    assert shown("morning - and evening", "morning \u2014 and evening") == (
        "[Deleted: morning -] [Inserted: morning \u2014] and evening"
    )


def test_spacing_alone_is_no_change() -> None:
    assert shown("and/or  the  rule", "and / or the rule") == "and / or the rule"


def test_a_word_change_next_to_unchanged_punctuation_stays_exact() -> None:
    assert shown("The rule, as written.", "The rules, as written today.") == (
        "The [Deleted: rule] [Inserted: rules], as written [Inserted: today]."
    )


def test_word_counts_leave_out_punctuation() -> None:
    assert word_counts("At all times, and", "At all times and") == (0, 0)
    assert word_counts("M.G.L. c 4", "M.G.L. c. 4") == (0, 0)
    assert word_counts("purposes (i.e., the", "purposes (e.g., the") == (1, 1)
    assert word_counts("to students.", "to students, including in apps (e.g., WhatsApp).") == (5, 0)
    assert count_words("7 a.m. to 5 p.m., etc.") == 6
