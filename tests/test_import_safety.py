"""`policy import` is safe to run again, says what it could not read, and never writes a file that lost words."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
import typst

from build_scripts.cli import main
from build_scripts.importer import convert as convert_module
from build_scripts.importer.blocks import Para
from build_scripts.importer.progress import ProgressLine
from build_scripts.importer.run import import_files
from build_scripts.importer.wordcheck import find_lost
from tests.conftest import SEED
from tests.test_import import imported, project_without_policies, rendered

LONG = " ".join(f"Sentence number {n} of the purpose keeps going so that the paragraph runs long." for n in range(90))


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def typst_pdf(path: Path, body: str) -> Path:
    source = path.with_suffix(".typ")
    source.write_text(body, encoding="utf-8")
    typst.compile(str(source), output=str(path), root=str(path.parent))
    return path


def test_a_paragraph_cut_by_a_pdf_page_break_is_joined_and_reported(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    footer = "#set page(footer: context [#h(1fr) Page #counter(page).display() #h(1fr)])\n"
    pdf = typst_pdf(
        tmp_path / "JICFB.pdf", f"{footer}Bullying Prevention - JICFB\n\nPurpose:\n\n{LONG}\n\nAdopted: 5/10/2011\n"
    )
    report = import_files(root, [pdf])
    policy = imported(root, "JICFB")
    assert policy.scan is not None and policy.meta is not None
    assert (policy.meta.title, str(policy.meta.adopted)) == ("Bullying Prevention", "2011-05-10")
    assert [c.text for c in policy.scan.clauses] == [LONG]  # one paragraph, every word, no page number
    assert "source/policies/JICFB.md:10: warning: joined a paragraph across a page break" in rendered(report)


def test_unreadable_files_are_located_errors_and_the_others_still_import(in_tmp: Path) -> None:
    root = project_without_policies(in_tmp)
    inbox = in_tmp / "inbox"
    inbox.mkdir()
    (inbox / "G-170.txt").write_bytes(SEED.read_bytes())
    (inbox / "JB-1-latin.txt").write_bytes("Equal Opportunity - JB-1\n\nCaf\xe9 rules:\n".encode("latin-1"))
    typst_pdf(inbox / "KF-2-scanned.pdf", "#rect(width: 4cm, height: 3cm, fill: gray)\n")
    plain = typst_pdf(in_tmp / "plain.pdf", "Locked Policy - KG-3\n\nPurpose:\n\nText.\n")
    with pikepdf.open(plain) as pdf:
        pdf.save(inbox / "KG-3-locked.pdf", encryption=pikepdf.Encryption(user="secret", owner="owner"))
    (inbox / "KH-4-damaged.pdf").write_bytes(b"%PDF-1.4\ngarbage\n")
    (inbox / "notes.rtf").write_text("{\\rtf1 not a kind we read}", encoding="utf-8")
    report = import_files(root, [inbox, inbox / "notes.rtf"])
    assert report.written == ["source/policies/G-170.md"]
    assert [p.render() for p in report.problems if p.is_error] == [
        "inbox/JB-1-latin.txt:3: cannot import: the file is not UTF-8 text; save it as UTF-8 and import it again",
        "inbox/KF-2-scanned.pdf:1: cannot import: the PDF has no text (a scanned image?); run OCR on it, or import"
        " a text version",
        "inbox/KG-3-locked.pdf:1: cannot import: the PDF is encrypted; ask for an unprotected copy and import that",
        "inbox/KH-4-damaged.pdf:1: cannot import: not a readable PDF (No /Root object! - Is this really a PDF?)",
        "inbox/notes.rtf:1: cannot import: '.rtf' files cannot be imported (known: .docx, .htm, .html, .md, .pdf,"
        " .text, .txt)",
    ]


def test_reimport_leaves_an_edited_file_alone_unless_forced(in_tmp: Path) -> None:
    root = project_without_policies(in_tmp)
    target = root / "source" / "policies" / "G-170.md"
    assert import_files(root, [SEED]).written == ["source/policies/G-170.md"]
    assert import_files(root, [SEED]).unchanged == ["source/policies/G-170.md"]
    target.write_text(target.read_text(encoding="utf-8").replace("Scope", "Scope of this policy", 1))
    edited = target.read_text(encoding="utf-8")
    again = import_files(root, [SEED])
    assert again.left_alone == ["source/policies/G-170.md"]
    assert (
        "source/policies/G-170.md:1: warning: was edited since its import; left alone (import it with --force to"
        " replace it)" in rendered(again)
    )
    assert target.read_text(encoding="utf-8") == edited
    assert import_files(root, [SEED], force=True).written == ["source/policies/G-170.md"]
    assert "Scope of this policy" not in target.read_text(encoding="utf-8")


def test_a_policy_written_by_hand_is_not_replaced(in_tmp: Path) -> None:
    root = project_without_policies(in_tmp)
    target = root / "source" / "policies" / "G-170.md"
    target.write_text("hand written\n", encoding="utf-8")
    report = import_files(root, [SEED])
    assert report.left_alone == ["source/policies/G-170.md"]
    assert target.read_text(encoding="utf-8") == "hand written\n"
    assert "exists and was not written by `policy import`" in rendered(report)[0]


def test_a_result_that_would_lose_words_is_refused_and_says_where(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project_without_policies(in_tmp)
    original = convert_module.body

    def drop_a_paragraph(blocks: list[object]) -> tuple[str, list[int]]:
        kept = [b for b in blocks if not (isinstance(b, Para) and b.text.startswith("Employees should be"))]
        text, lines = original(kept)  # type: ignore[arg-type]
        return text, [*lines, 0]

    monkeypatch.setattr(convert_module, "body", drop_a_paragraph)
    report = import_files(root, [SEED])
    assert report.failed == [str(SEED)]
    assert not (root / "source" / "policies" / "G-170.md").exists()
    assert [p.render() for p in report.problems if p.is_error] == [
        f"{SEED}:13: the result would lose 134 words of the input here: 'employees should be cognizant that any"
        " electronic communication regarding school or school ...'; nothing was written for this file"
    ]


def test_find_lost_allows_words_moved_into_front_matter_only() -> None:
    front = "---\ncode: JICFB\ntitle: Bullying Prevention\nadopted: 2019-03-20\n---\n"
    source = [(1, "Bullying Prevention - JICFB"), (2, "Adopted: March 20, 2019"), (3, "Text stays here.")]
    assert find_lost(source, ["text", "stays", "here"], front, {1, 2}) == []
    lost = find_lost(source, ["text", "here"], front, {1, 2})
    assert [(x.origin, x.words) for x in lost] == [(3, ["stays"])]
    assert find_lost([(4, "Bullying")], [], front, set())[0].words == ["bullying"]  # not moved: must be in body


def test_cli_dry_run_writes_nothing_and_shows_the_file(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project_without_policies(in_tmp)
    assert main(["import", "--dry-run", "--project", str(root), str(SEED)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("==> source/policies/G-170.md (would be written)\n---\ncode: G-170\n")
    assert out.out.endswith("policy import: would write 1 file, 0 unchanged, 0 left alone, 0 failed\n")
    assert not (root / "source" / "policies" / "G-170.md").exists()
    assert not (root / "source" / "import-state.json").exists()


def test_cli_exit_code_and_summary(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project_without_policies(in_tmp)
    bad = in_tmp / "JB-1.txt"
    bad.write_bytes(b"\xff\xfe")
    assert main(["import", "--project", str(root), str(SEED), str(bad)]) == 1
    out = capsys.readouterr()
    assert out.out == "policy import: wrote 1 file, 0 unchanged, 0 left alone, 1 failed\n"
    assert "JB-1.txt:1: cannot import: the file is not UTF-8 text" in out.err
    assert main(["import", "--project", str(root), str(in_tmp / "missing")]) == 2


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise() -> None:
    plain = io.StringIO()
    ProgressLine(plain)(1, 2, "a.pdf")
    assert plain.getvalue() == "import: 1/2 a.pdf\n"

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    bar = Terminal()
    ProgressLine(bar)(1, 2, "a.pdf")
    ProgressLine(bar)(2, 2, "b.pdf")
    assert bar.getvalue().startswith("\rimport [" + "#" * 15 + "-" * 15 + "] 1/2 a.pdf")
    assert bar.getvalue().endswith("\n") and "] 2/2 b.pdf" in bar.getvalue()


def test_pdf_list_numbers_set_apart_from_their_text_still_make_a_list(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    grid = (
        "#grid(columns: (1.5cm, 1fr), row-gutter: 0.65em, [1.], [Staff shall plan every trip with the principal.],"
        " [2.], [Parents shall sign a permission form.])"
    )
    pdf = typst_pdf(tmp_path / "trips.pdf", f"Field Trips - IJOA\n\nProcedures:\n\n{grid}\n\nAdopted: June 1, 2020\n")
    import_files(root, [pdf])
    text = (root / "source" / "policies" / "IJOA.md").read_text(encoding="utf-8")
    assert text.endswith(
        "## Procedures {#procedures}\n\n1. []{#procedures-1} Staff shall plan every trip with the principal.\n"
        "2. []{#procedures-2} Parents shall sign a permission form.\n"
    )


def test_pdf_headings_by_larger_font_and_bold_take_levels_by_size(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    source = (
        "Student Records - JRA\n\n#text(size: 15pt)[Access]\n\nParents may see the records.\n\n"
        "#strong[Who may ask]\n\nA parent or guardian may ask in writing.\n\n#text(size: 15pt)[Retention]\n\n"
        "Records are kept for seven years.\n\nAdopted: June 1, 2020\n"
    )
    import_files(root, [typst_pdf(tmp_path / "JRA.pdf", source)])
    text = (root / "source" / "policies" / "JRA.md").read_text(encoding="utf-8")
    assert text.split("---\n", 2)[2] == (
        "\n## Access {#access}\n\n[]{#access-p1} Parents may see the records.\n\n"
        "### Who may ask {#who-may-ask}\n\n[]{#who-may-ask-p1} A parent or guardian may ask in writing.\n\n"
        "## Retention {#retention}\n\n[]{#retention-p1} Records are kept for seven years.\n"
    )
