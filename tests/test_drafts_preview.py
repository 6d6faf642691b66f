"""Drafts always preview: a draft's mistakes are warnings in every command, and the preview shows the
draft with its problems at the top of its page. Adopting is where the rules bite: a reading or an
adopted policy with a mistake or with policy new's placeholder text is an error."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.clerkutil import policy
from tests.conftest import copy_project

BODY = "\n## Purpose {#purpose}\n\n[]{#purpose-p1} Students shall not bully anyone.\n"
# Each mistake of the clerk's table (issue 20) in a draft of its own: file, front matter, what its page says.
MISTAKES = [
    (
        "JICA",
        "title: Bullying Prevention: Students and Staff\nstatus: draft",
        'put the title in quotes: title: "Bullying',
    ),
    ("JICB", "title:Bullying Prevention\nstatus: draft", "put a space after the colon: title: Bullying Prevention"),
    ("JICC", "title: Bullying Prevention\nstatus: Draft", "status: 'Draft' is not one of draft, first-reading"),
    ("JICD", "title: Bullying Prevention\nstatus: draft\ncross_refs: G-170", "cross_refs: write it in square brackets"),
    ("JICE", "title: Bullying Prevention\nstatus: draft\nfirst_reading: 2019-02-30", "February has no 30th"),
    ("JICF", "code: JICZ\ntitle: Bullying Prevention\nstatus: draft", "does not match the file name JICF.md"),
]
UNCLOSED = "---\ncode: JICG\ntitle: Unfinished Draft\nstatus: draft\n" + BODY


def draft(code: str, front: str) -> str:
    lines = front if front.startswith("code:") else f"code: {code}\n{front}"
    return f"---\n{lines}\n---\n{BODY}"


def page_text(root: Path, folder: str) -> str:
    page = (root / "preview" / "policies" / folder / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project with one draft for each mistake of the table, and one with no closing fence."""
    root = copy_project(tmp_path_factory.mktemp("drafts") / "project")
    for code, front, _shown in MISTAKES:
        (root / "source" / "policies" / f"{code}.md").write_text(draft(code, front), encoding="utf-8")
    (root / "source" / "policies" / "JICG.md").write_text(UNCLOSED, encoding="utf-8")
    return root


def test_drafts_with_mistakes_pass_check_as_warnings(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = policy(capsys, drafts, "check")
    assert code == 0, err
    for name, _front, shown in MISTAKES:
        assert [line for line in err.splitlines() if f"{name}.md:" in line and shown in line], (name, err)
    assert all(": warning: " in line for line in err.splitlines() if "/JIC" in line)


def test_each_draft_previews_with_its_problem_on_its_page(drafts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = policy(capsys, drafts, "build", "--preview")
    assert code == 0, err
    for name, front, shown in MISTAKES:
        text = page_text(drafts, "jicz" if front.startswith("code: JICZ") else name.lower())
        assert "To fix before this draft goes to a reading" in text, name
        assert shown in text, name
        assert "Students shall not bully anyone." in text and "DRAFT — not adopted." in text, name
    unclosed = page_text(drafts, "jicg")  # shown under its file name and the title line it has
    assert "JICG Unfinished Draft" in unclosed and "no closing '---' line" in unclosed


@pytest.mark.parametrize("status", ["first-reading\nfirst_reading: 2026-11-01", "adopted\nadopted: 2026-11-01"])
def test_placeholder_text_stops_a_reading_and_an_adoption(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], status: str
) -> None:
    root = copy_project(tmp_path / "project")
    assert policy(capsys, root, "new", "JICK", "Bullying Prevention")[0] == 0
    path = root / "source" / "policies" / "JICK.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", f"status: {status}"), encoding="utf-8")
    code, _out, err = policy(capsys, root, "check")
    when = "it is adopted" if status.startswith("adopted") else "it goes to a reading"
    assert code == 1
    assert [line for line in err.splitlines() if "JICK" in line] == [
        f"source/policies/JICK.md:{n}: '{sentence}' is policy new's placeholder: write the policy's own words "
        f"before {when}"
        for n, sentence in (
            (11, "Say in one or two sentences why this policy exists."),
            (15, "Write the first rule here."),
            (16, "Write the next rule here."),
        )
    ]


def test_a_reading_with_a_mistake_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_project(tmp_path / "project")
    front = "title: Bullying Prevention\nstatus: first-reading\nfirst_reading: 2019-02-30"
    (root / "source" / "policies" / "JICK.md").write_text(draft("JICK", front), encoding="utf-8")
    code, _out, err = policy(capsys, root, "check")
    assert code == 1
    assert (
        "source/policies/JICK.md:5: first_reading: not a valid date ('2019-02-30'): February has no 30th"
        in err.splitlines()
    )
