"""`policy packet`: every policy changed since a git ref, in one PDF/UA-1 PDF or accessible HTML."""

from __future__ import annotations

import itertools
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest

from build_scripts.cli import main
from build_scripts.history.packet_base import PacketBase, packet_base
from build_scripts.history.packet_items import changed_files
from tests.clerkutil import policy
from tests.conftest import copy_project, git_commit
from tests.test_pdf_accessibility import pdf_problems

POLICY = "---\ncode: {code}\ntitle: {title}\nstatus: {status}\n{dates}---\n\n## Rules {{#rules}}\n\n{body}\n"


def write(root: Path, code: str, title: str, body: str, status: str = "adopted", dates: str = "") -> None:
    dates = dates or ("adopted: 2024-01-01\n" if status in ("adopted", "retired") else "")
    text = POLICY.format(code=code, title=title, status=status, dates=dates, body=body)
    (root / "source" / "policies" / f"{code}.md").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def branch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main has JICA, JICB, JICC, JICD; the working tree adds, revises, removes, renames and retires."""
    root = copy_project(tmp_path_factory.mktemp("packet") / "project")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, timeout=60)
    write(root, "JICA", "Attendance", "Students shall attend school every day.")
    write(root, "JICB", "Dress Code", "Students shall dress for learning.")
    write(root, "JICC", "Conduct", "Students shall treat one another with respect and courtesy at all times.")
    write(root, "JICD", "Lockers", "Lockers remain school property.")
    git_commit(root, "The manual", "2024-01-02T09:00:00Z")
    write(root, "JICA", "Attendance", "Students shall attend school every school day.")
    (root / "source" / "policies" / "JICB.md").unlink()
    write(root, "JICE", "Bullying", "Bullying is prohibited.", "first-reading", "first_reading: 2026-09-01\n")
    return root


def run_packet(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    return policy(capsys, root, "packet", "--base", "main", *args)


@pytest.fixture(scope="module")
def outputs(branch: Path) -> tuple[Path, str]:
    assert main(["rename", "JICC", "JICCA", "--project", str(branch)]) == 0
    assert main(["retire", "JICD", "--date", "2026-06-30", "--project", str(branch)]) == 0
    assert main(["packet", "--base", "main", "--project", str(branch)]) == 0
    html_out = branch / "packets" / "packet.html"
    assert main(["packet", "--base", "main", "--out", str(html_out), "--project", str(branch)]) == 0
    return branch / "packets" / "packet-since-main.pdf", html_out.read_text(encoding="utf-8")


class Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.lang: str | None = None
        self._level = 0
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self._level, self._text = int(tag[1]), ""

    def handle_data(self, data: str) -> None:
        if self._level:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((self._level, self._text))
            self._level = 0


ITEMS = [
    "JICA Attendance (revised)",
    "JICB Dress Code (removed)",
    "JICCA Conduct (renamed from JICC)",
    "JICD Lockers (retired)",
    "JICE Bullying (new)",
]


def test_pdf_has_a_bookmark_per_item_and_is_pdf_ua(outputs: tuple[Path, str]) -> None:
    pdf_path, _html = outputs
    with pikepdf.open(pdf_path) as pdf:
        with pdf.open_outline() as outline:
            [top] = outline.root
            assert top.title == "Committee packet: policy changes since the adopted manual of January 1, 2024"
            assert [item.title for item in top.children] == ["Contents", *ITEMS]
        assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
        assert pdf.open_metadata().get("pdfuaid:part") == "1"
    assert pdf_problems(pdf_path) == []  # the site's PDF checks: tagged, language, title, fonts, PDF/UA id
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, timeout=60).stdout
    words = " ".join(text.split())
    assert "renamed from JICC" in words and "first reading September 1, 2026" in words


def test_html_cover_lists_each_change(outputs: tuple[Path, str]) -> None:
    _pdf, html = outputs
    rows = re.findall(r"<tr><td><a href=\"#item-\d\">([^<]+)</a></td>((?:<td>[^<]*</td>)+)</tr>", html)
    assert [(code, re.findall(r"<td>([^<]*)</td>", cells)) for code, cells in rows] == [
        ("JICA", ["Attendance", "revised", "adopted", "none"]),
        ("JICB", ["Dress Code", "removed", "removed", "none"]),
        ("JICCA", ["Conduct", "renamed from JICC", "adopted", "none"]),
        ("JICD", ["Lockers", "retired", "retired", "none"]),
        ("JICE", ["Bullying", "new", "first reading", "first reading September 1, 2026"]),
    ]


def test_html_redlines_word_by_word(outputs: tuple[Path, str]) -> None:
    _pdf, html = outputs
    sections = dict(re.findall(r'<section id="(item-\d)">(.*?)</section>', html, flags=re.S))
    assert "every <ins>school</ins> day" in re.sub(r"\s+", " ", sections["item-1"])
    assert "<del>Students shall dress for learning.</del>" in sections["item-2"]
    assert "<ins>" not in sections["item-3"] and "<del>" not in sections["item-3"]  # renamed, same text
    assert "<ins>Bullying is prohibited.</ins>" in sections["item-5"]
    assert 'id="item5-change-1"' in sections["item-5"] and 'href="#item5-change-1"' in sections["item-5"]


def test_html_passes_the_structure_checks(outputs: tuple[Path, str]) -> None:
    _pdf, html = outputs
    parser = Outline()
    parser.feed(html)
    assert parser.lang == "en"
    levels = [level for level, _text in parser.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert [text for level, text in parser.headings if level == 2] == ["Contents", *ITEMS]


def test_packet_messages(capsys: pytest.CaptureFixture[str], outputs: tuple[Path, str], branch: Path) -> None:
    assert run_packet(capsys, branch, "--out", str(branch / "packets" / "p.html")) == (
        0,
        "policy packet: 5 changed policies since the adopted manual of January 1, 2024; wrote packets/p.html\n",
        "",
    )
    assert (
        run_packet(capsys, branch, "--out", "x.docx")[2] == "error: --out must name a .pdf or .html file, not x.docx\n"
    )
    assert policy(capsys, branch, "packet", "--base", "nosuch") == (
        2,
        "",
        "error: 'nosuch' is not a commit, branch or tag in this repository\n",
    )
    clean = copy_project(branch.parent / "clean")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=clean, check=True, timeout=60)
    git_commit(clean, "The manual", "2024-01-02T09:00:00Z")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clean, capture_output=True, text=True, check=True)
    assert policy(capsys, clean, "packet", "--base", "main")[2] == (
        "error: no policy in source/policies/ differs from the adopted manual of March 20, 2019 "
        f"(main, commit {commit.stdout[:12]} of January 2, 2024)\n"
    )


def moved_without_git_mv(folder: Path, stage_new: bool) -> Path:
    """G-170 committed on main, then copied by hand to GBEA.md (code edited, one word changed) and the
    old file deleted, without ``git mv``; with ``stage_new``, GBEA.md is staged but the deletion is not."""
    root = copy_project(folder)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, timeout=60)
    git_commit(root, "The manual", "2024-01-02T09:00:00Z")
    policies = root / "source" / "policies"
    text = (policies / "G-170.md").read_text(encoding="utf-8")
    text = text.replace("code: G-170", "code: GBEA").replace("the increasing importance", "the growing importance")
    (policies / "GBEA.md").write_text(text, encoding="utf-8")
    (policies / "G-170.md").unlink()
    if stage_new:
        subprocess.run(["git", "add", "source/policies/GBEA.md"], cwd=root, check=True, timeout=60)
    return root


def packet_of_a_move(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[str, list[str], str]:
    """(the command's message, the cover's row, the item's section) of the packet as HTML; the
    clerk's own index is byte-identical before and after."""
    index = root / ".git" / "index"
    before = index.read_bytes()
    code, out, err = run_packet(capsys, root, "--out", str(root / "packets" / "move.html"))
    assert (code, err) == (0, "")
    assert index.read_bytes() == before
    html = (root / "packets" / "move.html").read_text(encoding="utf-8")
    [(row_code, cells)] = re.findall(r"<tr><td><a href=\"#item-\d\">([^<]+)</a></td>((?:<td>[^<]*</td>)+)</tr>", html)
    [section] = re.findall(r'<section id="item-1">(.*?)</section>', html, flags=re.S)
    return out, [row_code, *re.findall(r"<td>([^<]*)</td>", cells)], re.sub(r"\s+", " ", section)


@pytest.mark.parametrize("stage_new", [False, True], ids=["new-file-untracked", "new-file-staged"])
def test_a_move_without_git_mv_is_one_renamed_item(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, stage_new: bool
) -> None:
    root = moved_without_git_mv(tmp_path / "project", stage_new)
    status = subprocess.run(
        ["git", "status", "--short", "source"], cwd=root, capture_output=True, text=True, timeout=60
    )
    message, row, section = packet_of_a_move(capsys, root)
    assert (
        message
        == "policy packet: 1 changed policy since the adopted manual of March 20, 2019; wrote packets/move.html\n"
    )
    assert row == ["GBEA", "Employee Social Media Policy", "renamed from G-170", "adopted", "none"]
    assert "<h2>GBEA Employee Social Media Policy (renamed from G-170)</h2>" in section
    assert (
        '<li><a href="#item1-change-1">Change 1</a>: Purpose, paragraph changed: 1 word added, 1 word removed</li>'
        in section
    )
    assert "Southborough recognizes the <del>increasing</del> <ins>growing</ins> importance of electronic" in section
    assert section.count("<del>") == section.count("<ins>") == 1
    assert status.stdout == (  # the clerk's view is unchanged: git itself sees no rename yet
        " D source/policies/G-170.md\nA  source/policies/GBEA.md\n"
        if stage_new
        else " D source/policies/G-170.md\n?? source/policies/GBEA.md\n"
    )
    after = subprocess.run(["git", "status", "--short", "source"], cwd=root, capture_output=True, text=True, timeout=60)
    assert after.stdout == status.stdout


def test_finding_a_move_leaves_the_clerks_index_alone(tmp_path: Path) -> None:
    root = moved_without_git_mv(tmp_path / "project", stage_new=False)
    index = root / ".git" / "index"
    before = (index.read_bytes(), index.stat().st_mtime_ns)
    assert changed_files(root, "main") == [("R", "source/policies/G-170.md", "source/policies/GBEA.md")]
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    untracked = subprocess.run(
        ["git", "ls-files", "--others", "--", "source"], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert untracked.stdout == "source/policies/GBEA.md\n"  # still untracked: nothing was added for real
    assert sorted(path.name for path in (root / "source" / "policies").iterdir()) == ["GBEA.md"]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, timeout=60)


def test_without_base_a_branch_compares_with_where_it_left_main_and_main_with_its_last_adoption(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A proposal's branch shows only its own changes, though main has adopted another policy since;
    on main, what was committed since the last adoption is the packet."""
    root = copy_project(tmp_path / "project")
    git(root, "init", "-q", "-b", "main")
    git_commit(root, "The manual", "2024-01-02T09:00:00Z")
    git(root, "switch", "-q", "-c", "bullying")
    write(root, "JICE", "Bullying", "Bullying is prohibited.", "draft")
    git_commit(root, "Draft JICE", "2024-02-01T09:00:00Z")
    git(root, "switch", "-q", "main")
    write(root, "JICA", "Attendance", "Students shall attend school every day.", dates="adopted: 2024-03-05\n")
    git_commit(root, "Adopt JICA", "2024-03-06T09:00:00Z")
    git(root, "switch", "-q", "bullying")
    out = root / "packets" / "branch.html"
    assert policy(capsys, root, "packet", "--out", str(out)) == (
        0,
        "policy packet: 1 changed policy since the adopted manual of March 20, 2019; wrote packets/branch.html\n",
        "",
    )
    html = out.read_text(encoding="utf-8")
    assert "<h1>Committee packet: policy changes since the adopted manual of March 20, 2019</h1>" in html
    assert [code for code, _ in re.findall(r'<a href="#item-\d">([^<]+)</a>()', html)] == ["JICE"]
    git(root, "switch", "-q", "main")
    write(root, "JICF", "Field Trips", "Trips need a permission form.", "draft")
    git_commit(root, "Draft JICF", "2024-04-01T09:00:00Z")
    assert policy(capsys, root, "packet") == (
        0,
        "policy packet: 1 changed policy since the adopted manual of March 5, 2024; "
        "wrote packets/packet-since-2024-03-05.pdf\n",
        "",
    )


def test_a_clone_without_a_local_main_compares_with_origin_main(tmp_path: Path) -> None:
    origin = copy_project(tmp_path / "origin")
    git(origin, "init", "-q", "-b", "main")
    git_commit(origin, "The manual", "2024-01-02T09:00:00Z")
    root = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(root))
    git(root, "switch", "-q", "-c", "bullying")
    git(root, "branch", "-q", "-D", "main")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
    assert packet_base(root, None, "en") == PacketBase(
        commit.stdout.strip(),
        "main",
        "the adopted manual of March 20, 2019",
        f"origin/main, commit {commit.stdout[:12]} of January 2, 2024",
    )
