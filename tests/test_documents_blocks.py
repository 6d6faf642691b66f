"""Named layout blocks (one source, three outputs) and the readability measure."""

from __future__ import annotations

import pytest

from build_scripts.documents.blocks import NamedBlockError, for_output
from build_scripts.documents.readability import document_grade, measure, own_paragraphs, syllables
from build_scripts.pandoc.runner import read_markdown, write_ast

FORM = """\
:::: row
::: {.field key="trip"}
Trip *name*
:::
::: field
Grade
:::
::::

::: choice
Photos on the website?
:::

::: signature
Parent/guardian signature
:::

::: note
Return it by Friday.
:::
"""


def test_named_blocks_become_typst_calls() -> None:
    typst = write_ast(for_output(read_markdown(FORM, "t"), "typst"), "typst", "t")
    # each field of a row as data, so that the row keeps their lines level (document.typ)
    row = (
        '#row(spans: (1, 1), (key: "trip", tu: "Trip name", label: [Trip #emph[name]]), '
        '(key: none, tu: "Grade", label: [Grade]))'
    )
    assert row in typst
    assert '#choice(tu: "Photos on the website?")[Photos on the website?]' in typst
    assert '#signature(tu: "Parent/guardian signature")[Parent/guardian signature]' in typst
    assert "#note[" in typst and "Return it by Friday." in typst


def test_accessible_names_are_typst_strings_and_spans_size_a_row() -> None:
    source = ':::: row\n::: {.field span="3"}\nA "quoted" \\\\ name\n:::\n::: field\nGrade\n:::\n::::\n'
    typst = write_ast(for_output(read_markdown(source, "t"), "typst"), "typst", "t")
    assert '#row(spans: (3, 1), (key: none, tu: "A \\"quoted\\" \\\\ name", label: [' in typst
    with pytest.raises(NamedBlockError, match="span 'x'"):
        for_output(read_markdown(':::: row\n::: {.field span="x"}\nA\n:::\n::::\n', "t"), "typst")


def test_letterhead_parts_sit_side_by_side_in_print() -> None:
    source = ":::: letterhead\n::: from\n| School\n:::\n::: from\n| District\n:::\n::::\n"
    typst = write_ast(for_output(read_markdown(source, "t"), "typst"), "typst", "t")
    assert typst.replace("\n", "") == "#letterhead([School], [District])"


def test_a_letters_qr_code_sits_beside_its_closing_in_print() -> None:
    source = ':::: sign-off\n::: closing\nSincerely,\n:::\n::: {.policy-address qr="g-170"}\nRead it\n:::\n::::\n'
    typst = write_ast(for_output(read_markdown(source, "t"), "typst"), "typst", "t").replace("\n", "")
    assert typst == '#sign-off(qr: "g-170", [Sincerely,], [Read it])'
    with pytest.raises(NamedBlockError, match="a sign-off holds a closing, then the policy's address"):
        for_output(read_markdown(":::: sign-off\n::: closing\nSincerely,\n:::\n::::\n", "t"), "typst")


def test_named_blocks_become_html_for_the_site() -> None:
    html = write_ast(for_output(read_markdown(FORM, "t"), "html"), "markdown_phpextra", "t")
    assert '<span class="doc-field"><span class="doc-field__label">Trip *name*</span>' in html
    assert '<span class="doc-choice">Photos on the website?</span>' in html
    assert "\u2610</span> Yes" in html and "_" not in html.split("doc-signature")[1]
    assert '<div markdown="1" class="doc-note">' in html


def test_named_blocks_become_underscores_and_boxes_for_word() -> None:
    text = write_ast(for_output(read_markdown(FORM, "t"), "docx"), "plain", "t")
    assert "Trip name: ____" in text and "Grade: ____" in text
    assert "\u2610 Yes" in text and "\u2610 No" in text
    assert "Parent/guardian signature: ____" in text and "Date: ____" in text


def test_field_keys_must_be_slugs() -> None:
    with pytest.raises(NamedBlockError):
        for_output(read_markdown('::: {.field key="a\\"b"}\nX\n:::\n', "t"), "typst")


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("the", 1),
        ("school", 1),
        ("family", 3),
        ("families", 3),
        ("permission", 3),
        ("social", 2),
        ("media", 3),
        ("phone", 1),
        ("used", 1),
        ("wanted", 2),
        ("table", 2),
        ("emergency", 4),
        ("e-mail", 2),
        ("teacher", 2),
    ],
)
def test_syllables(word: str, count: int) -> None:
    assert syllables(word) == count


def test_flesch_kincaid_grade() -> None:
    easy = measure("The cat sat on the mat. It was a good cat.")
    assert easy.sentences == 2 and easy.words == 11 and easy.grade < 1
    hard = measure("Notwithstanding institutional considerations, administrative communications require documentation.")
    assert hard.grade > 16


def test_readability_skips_quotes_citations_and_named_blocks() -> None:
    source = (
        "::: salutation\nDear families,\n:::\n\nWe keep you safe. "
        "[Policy G-170]{.citation}\n\n> Quoted policy text is not counted.\n\n- A list item counts.\n"
    )
    ast = read_markdown(source, "t")
    assert own_paragraphs(ast) == ["We keep you safe. ", "A list item counts."]
    assert document_grade(ast).words == 8
