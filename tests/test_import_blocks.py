"""No kind of block vanishes: preformatted text is kept, every block of the input is counted, page furniture
is never a title."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pikepdf
import pytest

from build_scripts.importer import astread, emit
from build_scripts.importer.astread import leaves, plain_text
from build_scripts.importer.blocks import Block, Pre
from build_scripts.importer.run import import_files
from build_scripts.importer.wordcheck import words_of
from build_scripts.pandoc.runner import read_markdown
from tests.test_import import CODES, check_sample, imported, project_without_policies, rendered
from tests.test_import_safety import typst_pdf
from tools.import_samples import RUNNING_HEADER, manual_sample, markdown_to_docx, write_sample

EVERY_KIND = """\
Para one.

| Line block one
| line block two

\tcode block one
\tcode block two

> quoted one

::: {.note}
div one
:::

term one
:   definition one

- bullet one

  ```
  fenced in item
  ```

1. numbered one

---

| head one | head two |
|----------|----------|
| cell one | cell two |

![figure one](x.png)

A note.[^1]

[^1]: footnote one
"""


def test_every_block_of_every_kind_is_a_leaf_with_its_words() -> None:
    ast = read_markdown(EVERY_KIND, "every.md")
    ast["blocks"].append({"t": "RawBlock", "c": ["html", "<p>raw one</p>"]})  # our Markdown reader makes none
    kinds = {leaf.node["t"] for leaf in leaves(ast["blocks"])}
    assert kinds == {"Para", "LineBlock", "CodeBlock", "DefinitionItem", "Plain", "HorizontalRule", "Table", "RawBlock"}
    assert {"BlockQuote", "Div", "BulletList", "OrderedList", "DefinitionList"} <= {b["t"] for b in ast["blocks"]}
    found = words_of(" ".join(plain_text(leaf.node) for leaf in leaves(ast["blocks"])))
    for word in ("one", "two", "fenced", "item", "definition", "cell", "head", "figure", "footnote"):
        assert word in found, word
    line_block, code = (astread.line_of(leaf, 1) for leaf in list(leaves(ast["blocks"]))[1:3])
    assert line_block is not None and code is not None
    assert (line_block.text, line_block.pre) == ("Line block one\nline block two", True)
    assert (code.text, code.pre) == ("code block one\ncode block two", True)
    assert found.count("one") == 14  # para, line block, code, quoted, div, term, definition, bullet, numbered,
    # head, cell, figure (an image's alt text), raw <p>, footnote


def test_a_one_page_pdf_with_a_running_header_wrapped_title_and_monospaced_block(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    sample = manual_sample(4, CODES, size=0)
    path = write_sample(sample, tmp_path, "header.pdf")
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 1  # nothing repeats: only its place in the margin says it is a header
    report = import_files(root, [path])
    assert report.written == [f"source/policies/{sample.code}.md"], rendered(report)
    check_sample(root, sample, "header.pdf")
    assert f"{path}:1: warning: dropped a running header or footer: '{RUNNING_HEADER}'" in rendered(report)


def test_a_first_line_that_only_a_gap_sets_apart_yields_to_a_bold_title_after_it(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    body = (
        "#set page(margin: 0.5in)\n#set text(size: 11pt)\n"  # the header is at the text's edge, not in a margin
        'Riverton School District Policy Manual\n\n#v(2em)\n#text(size: 15pt, weight: "bold")[Cell Phones]\n\n'
        "File: 5131.2\n\nStudents may carry phones.\n\nAdopted: March 20, 2019\n"
    )
    report = import_files(root, [typst_pdf(tmp_path / "phones.pdf", body)])
    assert report.written == ["source/policies/5131.2.md"], rendered(report)
    policy = imported(root, "5131.2")
    assert policy.meta is not None and policy.meta.title == "Cell Phones"
    assert policy.scan is not None and [s.title for s in policy.scan.sections] == [RUNNING_HEADER]
    assert [c.text for c in policy.scan.clauses] == ["Students may carry phones."]
    # not known to be furniture, it is kept, and the clerk is told to look at it:
    assert "source/policies/5131.2.md:8: warning: heading guessed from a short line on its own" in rendered(report)


def test_a_pdf_set_in_a_monospaced_font_throughout_is_not_all_preformatted(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    wrapped = "The district keeps the records of every student " * 6
    body = f'#set text(font: "DejaVu Sans Mono", size: 10pt)\nRecords - JRA\n\nPurpose:\n\n{wrapped}\n'
    import_files(root, [typst_pdf(tmp_path / "JRA.pdf", body)])
    policy = imported(root, "JRA")
    assert policy.scan is not None and [c.text for c in policy.scan.clauses] == [wrapped.strip()]


def drop_preformatted(block: Block, slugs: set[str]) -> str:
    return "" if isinstance(block, Pre) else RENDER(block, slugs)


RENDER = emit._render


@pytest.mark.parametrize(
    ("kind", "where"), [("tabbed.docx", "22: the result would lose 15"), ("header.pdf", "45: the result would lose 15")]
)
def test_a_block_the_writer_drops_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, where: str
) -> None:
    """The code block is line 22 of the DOCX's text, line 45 of the PDF's ('(555)' reads as a list number)."""
    root = project_without_policies(tmp_path)
    monkeypatch.setattr(emit, "_render", drop_preformatted)
    path = write_sample(manual_sample(2, CODES), tmp_path, kind)
    report = import_files(root, [path])
    assert report.written == []
    assert [p.render() for p in report.problems if p.is_error] == [
        f"{path}:{where} words of the input here: 'civil rights title ix coordinator 758 riverside road suite 2"
        " riverton st ...'; nothing was written for this file"
    ]


def test_a_block_kind_the_reader_drops_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project_without_policies(tmp_path)
    line_of = astread.line_of

    def without_code_blocks(leaf: astread.Leaf, origin: int) -> Any:
        return None if leaf.node["t"] == "CodeBlock" else line_of(leaf, origin)

    monkeypatch.setattr(astread, "line_of", without_code_blocks)
    path = write_sample(manual_sample(2, CODES), tmp_path, "tabbed.docx")
    report = import_files(root, [path])
    assert report.written == []
    assert [p.render() for p in report.problems if p.is_error] == [
        f"{path}:22: the result would lose 15 words of the input here: 'civil rights title ix coordinator 758"
        " riverside road suite 2 riverton st ...'; nothing was written for this file"
    ]


def test_word_line_breaks_keep_an_address_and_part_references(tmp_path: Path) -> None:
    """Shift+Enter in Word: an address keeps its lines; one reference a line under its label."""
    root = project_without_policies(tmp_path)
    markdown = (
        "---\ntitle: Cell Phones\n---\n\nPolicy 5131.8\n\nStudents may carry phones.\n\n"
        "Riverton School District\\\nAttn: Compliance Officer\\\n758 Riverside Road\n\n"
        "Legal Reference:\\\nEducation Code 48901.5\\\n20 U.S.C. § 1681\n\n"
        "Cross Reference:\\\n5131.2 - Bullying and Harassment of Students by Students, Staff or Visitors\\\n"
        "JIH, Searches\n\nStudent Handbook\n\nAdopted: March 20, 2019\n"
    )
    report = import_files(root, [markdown_to_docx(markdown, tmp_path / "phones.docx")])
    assert report.written == ["source/policies/5131.8.md"], rendered(report)
    text = (root / "source/policies/5131.8.md").read_text(encoding="utf-8")
    assert text.split("---\n")[1] == (
        "code: 5131.8\ntitle: Cell Phones\nstatus: adopted\nadopted: 2019-03-20\nlegal_refs:\n"
        "  - Education Code 48901.5\n  - 20 U.S.C. § 1681\ncross_refs:\n"
        "  - 5131.2 - Bullying and Harassment of Students by Students, Staff or Visitors\n"
        "  - JIH, Searches\n  - Student Handbook\n"
    )
    assert text.split("---\n", 2)[2] == (
        "\n[]{#p1} Students may carry phones.\n\n"
        "[]{#p2} Riverton School District\\\nAttn: Compliance Officer\\\n758 Riverside Road\n"
    )
