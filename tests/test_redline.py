"""Word-level redlines: block alignment, word changes, what is not a change, escaping, a PDF/UA redline."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf

from build_scripts.history.redline import Redline, diff_words, redline, redline_is_empty
from build_scripts.history.redline_summary import summarize
from build_scripts.history.redline_typst import redline_typst, typst_string
from build_scripts.pandoc.runner import Ast, read_markdown
from build_scripts.paths.theme import THEME
from build_scripts.render.pdf import TypstJob, compile_pdf
from build_scripts.source.clauses import scan_clauses
from tests.conftest import ROOT

G170 = ROOT / "source" / "policies" / "G-170.md"
LAYOUT = THEME / "typst" / "redline.typ"
HOSTILE = 'Staff must not write <b>bold</b> or #read("/etc/passwd") in posts.'
CURLY_HOSTILE = HOSTILE.replace('"/etc/passwd"', "\u201c/etc/passwd\u201d")
STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')


def ast(markdown: str) -> Ast:
    return scan_clauses(read_markdown(markdown, "test.md")).ast


def compare(old: str, new: str) -> Redline:
    return redline(ast(old), ast(new))


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def mark(number: int) -> str:
    """The visible "Change N" that opens a changed unit on the page."""
    return f'<span class="redline-mark">Change {number}</span> '


def statuses(result: Redline) -> list[tuple[str, str]]:
    return [(entry.status, entry.unit.kind) for entry in result.entries]


def test_deleted_heading_does_not_mark_the_next_paragraph() -> None:
    old = "## Scope\n\nIntro text stays.\n\n## Purpose\n\nThe purpose of this policy is safety.\n"
    new = "## Scope\n\nIntro text stays.\n\nThe purpose of this policy is safety.\n"
    result = compare(old, new)
    assert statuses(result) == [
        ("same", "heading"),
        ("same", "paragraph"),
        ("deleted", "heading"),
        ("same", "paragraph"),
    ]
    assert (
        f'<h3 id="change-1">{mark(1)}<del>Purpose</del></h3>\n<p>The purpose of this policy is safety.</p>'
        in result.to_html()
    )
    assert result.stats == (0, 1)


def test_deleted_heading_and_edited_paragraph_pair_the_paragraphs() -> None:
    old = "## Scope\n\nIntro.\n\n## Purpose\n\nThe purpose of this policy is safety.\n"
    new = "## Scope\n\nIntro.\n\nThe purpose of this policy is student safety.\n"
    assert statuses(compare(old, new))[2:] == [("deleted", "heading"), ("changed", "paragraph")]
    assert (
        f'<p id="change-2">{mark(2)}The purpose of this policy is <ins>student</ins> safety.</p>'
        in compare(old, new).to_html()
    )


def test_inserting_item_one_marks_only_the_new_item() -> None:
    old = "## Rules\n\n1. []{#rules-1} Be kind.\n2. []{#rules-2} Be safe.\n3. []{#rules-3} Be on time.\n"
    new = (
        "## Rules\n\n1. []{#rules-0} Be honest.\n2. []{#rules-1} Be kind.\n3. []{#rules-2} Be safe.\n"
        "4. []{#rules-3} Be on time.\n"
    )
    result = compare(old, new)
    assert statuses(result)[1:] == [("inserted", "item"), ("same", "item"), ("same", "item"), ("same", "item")]
    assert result.to_html().count("<ins>") == 1
    assert (
        f'<li value="1" id="change-1">{mark(1)}<ins>Be honest.</ins></li>\n<li value="2">Be kind.</li>'
        in result.to_html()
    )
    assert result.stats == (2, 0)


def test_changed_word_inside_a_clause_is_marked_exactly() -> None:
    old = "## Rules\n\n[]{#rules-p1} Staff shall report misuse to the principal immediately.\n"
    new = "## Rules\n\n[]{#rules-p1} Staff shall report misuse to the superintendent immediately.\n"
    result = compare(old, new)
    assert result.to_html() == (
        '<div class="redline">\n<h3>Rules</h3>\n'
        f'<p id="change-1">{mark(1)}Staff shall report misuse to the <del>principal</del> <ins>superintendent</ins>'
        " immediately.</p>\n"
        "</div>\n"
    )
    assert result.stats == (1, 1)
    typst = redline_typst(result)
    assert '#"Staff shall report misuse to the [Deleted: ";#strike(' in typst
    assert '"principal"' in typst and '"superintendent"' in typst


def test_clause_ids_heading_ids_and_numbering_are_not_changes() -> None:
    old = "## Rules {#rules}\n\n[]{#rules-p1} Text.\n\n1. []{#rules-1} One.\n2. Two.\n\nTerm\n:   Meaning.\n"
    new = "## Rules {#the-rules}\n\n[]{#rules-a} Text.\n\n4. One.\n5. []{#rules-9} Two.\n\n[]{#t}Term\n:   Meaning.\n"
    result = compare(old, new)
    assert result.is_empty and redline_is_empty(ast(old), ast(new))
    assert result.stats == (0, 0)
    assert "<del>" not in result.to_html() and "<ins>" not in result.to_html()
    assert "Deleted" not in redline_typst(result) and "Inserted" not in redline_typst(result)


def test_changed_table_is_old_table_deleted_then_new_inserted() -> None:
    old = "Fees:\n\n| Item | Fee |\n|------|-----|\n| Bus  | 10  |\n| Lunch | 3 |\n"
    new = "Fees:\n\n| Item | Fee |\n|------|-----|\n| Bus  | 12  |\n| Lunch | 3 |\n"
    result = compare(old, new)
    assert statuses(result) == [("same", "paragraph"), ("deleted", "table"), ("inserted", "table")]
    html = result.to_html()
    assert "<del><table><thead><tr><th>Item</th><th>Fee</th></tr></thead>" in html
    assert html.index("<td>10</td>") < html.index("[Inserted: the table below]") < html.index("<td>12</td>")
    assert "[Deleted: the table below]" in redline_typst(result) and "[End of inserted table]" in redline_typst(result)


def test_code_block_is_atomic_and_verbatim() -> None:
    result = compare("```\nkeep = 1\n```\n", "```\nkeep = 2\n```\n")
    assert statuses(result) == [("deleted", "code"), ("inserted", "code")]
    assert "<del><pre><code>keep = 1</code></pre></del>" in result.to_html()
    assert '#raw(block: true, "keep = 2")' in redline_typst(result)


def test_definition_nested_item_and_quote_are_units() -> None:
    old = "Social Media\n:   Any electronic media.\n\n- Parent item\n    - child one\n\n> Quoted rule.\n"
    new = "Social Media\n:   Any online media.\n\n- Parent item\n    - child two\n\n> Quoted rules.\n"
    result = compare(old, new)
    assert statuses(result) == [("changed", "definition"), ("changed", "item"), ("changed", "quote")]
    html = result.to_html()
    assert (
        f'<dl>\n<dt id="change-1">{mark(1)}Social Media:</dt>'
        "<dd>Any <del>electronic</del> <ins>online</ins> media.</dd>\n</dl>" in html
    )
    assert f'<ul>\n<li id="change-2">{mark(2)}Parent item child <del>one</del> <ins>two</ins></li>\n</ul>' in html
    assert f'<blockquote id="change-3"><p>{mark(3)}Quoted <del>rule</del> <ins>rules</ins>.</p></blockquote>' in html


def test_footnote_edits_are_changes_and_rules_are_not_units() -> None:
    old = "Records are kept.[^1]\n\n---\n\n[^1]: See M.G.L. c. 4.\n"
    new = "Records are kept.[^1]\n\n[^1]: See M.G.L. c. 66.\n"
    result = compare(old, new)
    assert statuses(result) == [("changed", "paragraph")]
    assert (
        f'<p id="change-1">{mark(1)}Records are kept. [Note: See M.G.L. c. <del>4</del> <ins>66</ins>.]</p>'
        in result.to_html()
    )


def test_heading_levels_and_list_styles_follow_the_ast() -> None:
    """A policy's sections sit one level under the page's "The text with its changes" (level 2)."""
    md = "## Part\n\n### Sub\n\na) First.\nb) Second.\n"
    result = compare(md, md.replace("Second", "Last"))
    html, typst = result.to_html(), redline_typst(result)
    assert "<h3>Part</h3>\n<h4>Sub</h4>" in html
    assert f'<li value="2" id="change-1">{mark(1)}<del>Second</del> <ins>Last</ins>.</li>' in html
    assert "#heading(level: 2)[The text with its changes]" in typst
    assert '#heading(level: 3)[#"Part";]' in typst and '#heading(level: 4)[#"Sub";]' in typst
    assert '#enum(numbering: "a)", enum.item(1)[#"First.";], enum.item(2)[' in typst


def test_html_escapes_policy_text() -> None:
    result = compare(f"{HOSTILE}\n", f"{HOSTILE} New.\n")
    html = result.to_html()
    assert "<b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; or #read(\u201c/etc/passwd\u201d) in posts. <ins>New.</ins>" in html


def test_typst_holds_policy_text_only_in_string_literals() -> None:
    marks = r"\ # * _ ` $ < > @ [ ] ~ / = - + \" ' ; ) ( 1. - item"
    text = f"{HOSTILE} {marks}"
    typst = redline_typst(compare(f"{text}\n\n## Heading\n", f"{text} Added.\n"))
    skeleton = STRING_LITERAL.sub('""', typst)
    assert "passwd" not in skeleton and "read" not in skeleton and "<b>" not in skeleton
    assert typst_string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


def test_word_segments_keep_spacing_and_punctuation() -> None:
    segments = diff_words("The rule, as written.", "The rules, as written today.")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "The"),
        ("delete", "rule"),
        ("insert", "rules"),
        ("equal", ", as written"),
        ("insert", "today"),
        ("equal", "."),
    ]


def test_redline_pdf_passes_ua1_and_reads_the_markers(tmp_path: Path) -> None:
    text = body(G170)
    edited = (
        text.replace("## Purpose {#purpose}\n\n", "")
        .replace("to the principal or", "to the superintendent or")
        .replace("1. []{#expectations-1}", f"1. {HOSTILE}\n2. []{{#expectations-1}}")
    )
    result = compare(text, edited)
    assert result.stats == (14, 2)
    job = TypstJob(
        subject="G-170 redline",
        layout=LAYOUT.read_text(encoding="utf-8"),
        body=redline_typst(result),
        inputs={
            "title": "Employee Social Media Policy",
            "code": "G-170",
            "district": "Public Schools of Northborough and Southborough",
            "lang": "en",
            "from": "adopted March 20, 2019",
            "to": "draft",
        },
        fonts=(THEME / "fonts",),
        timestamp=1700000000,
    )
    pdf = tmp_path / "redline.pdf"
    pdf.write_bytes(compile_pdf(job))  # PDF/UA-1 is enforced by compile_pdf
    read = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60)
    words = " ".join(read.stdout.split())
    assert "[Deleted: Purpose]" in words
    assert "[Deleted: principal] [Inserted: superintendent]" in words
    assert f"[Inserted: {CURLY_HOSTILE}]" in words
    assert (
        "Summary 3 changes, in \u201cPurpose\u201d, \u201cExpectations\u201d and "
        "\u201cCellular Phones and Text Messaging\u201d." in words
    )
    assert (
        "Change 3 \u2014 Cellular Phones and Text Messaging, item 4 changed: 1 word added, 1 word removed (page 3)"
        in words
    )
    with pikepdf.open(pdf) as document:
        assert str(document.open_metadata().get("dc:title")) == "Changes to Employee Social Media Policy"
        assert "/StructTreeRoot" in document.Root


def test_redline_text_is_the_adopted_text_with_quotes_and_term_colons() -> None:
    text = body(G170)
    html = compare(text, text.replace("with currently enrolled students", "with enrolled students")).to_html()
    assert "connect with <del>currently</del> enrolled students as a \u201cfriend\u201d or contact them" in html
    assert "<dt>Social Media:</dt>" in html and "one\u2019s professional life" in html
    assert '"' not in re.sub(r"<[^>]*>", "", html)  # no straight quote in the text a reader sees


def test_summary_counts_changes_and_names_each_section() -> None:
    text = body(G170)
    edited = text.replace("to the principal or", "to the superintendent or").replace(
        "Any communication or interaction", "Any communication"
    )
    summary = summarize(compare(text, edited))
    # a section named "… and …" is never read as two: the names are quoted
    assert (
        summary.sentence == "2 changes, in \u201cDefinitions\u201d and \u201cCellular Phones and Text Messaging\u201d."
    )
    assert [(c.anchor, c.section, c.description) for c in summary.changes] == [
        ("change-1", "Definitions", "definition of Electronic Communication changed: 2 words removed"),
        ("change-2", "Cellular Phones and Text Messaging", "item 4 changed: 1 word added, 1 word removed"),
    ]
    html = compare(text, edited).to_html()
    assert html.count('id="change-') == 2 and '<li value="4" id="change-2">' in html
