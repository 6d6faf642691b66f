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
# Each mistake of the clerk's table (issue 20), in a draft: (front matter lines, the message on the page).
MISTAKES = [
    ("title: Bullying Prevention: Students and Staff\nstatus: draft", 'put the title in quotes: title: "Bullying'),
    ("title:Bullying Prevention\nstatus: draft", "put a space after the colon: title: Bullying Prevention"),
    ("title: Bullying Prevention\nstatus: Draft", "status: 'Draft' is not one of draft, first-reading"),
    ("title: Bullying Prevention\nstatus: draft\ncross_refs: G-170", "cross_refs: write it in square brackets"),
    ("title: Bullying Prevention\nstatus: draft\nfirst_reading: 2019-02-30", "February has no 30th"),
    ("code: JICL\ntitle: Bullying Prevention\nstatus: draft", "does not match the file name JICK.md"),
]


def draft(front: str) -> str:
    lines = front if front.startswith("code:") else "code: JICK\n" + front
    return f"---\n{lines}\n---\n{BODY}"


def page_text(root: Path, folder: str) -> str:
    page = (root / "preview" / "policies" / folder / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize(("front", "shown"), MISTAKES)
def test_a_draft_with_a_mistake_checks_and_previews_with_its_problem_on_its_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], front: str, shown: str
) -> None:
    root = copy_project(tmp_path / "project")
    (root / "source" / "policies" / "JICK.md").write_text(draft(front), encoding="utf-8")
    code, _out, err = policy(capsys, root, "check")
    assert code == 0, err
    assert [line for line in err.splitlines() if "JICK" in line and shown in line], err
    assert all(": warning: " in line for line in err.splitlines() if "JICK.md" in line)
    code, _out, err = policy(capsys, root, "build", "--preview")
    assert code == 0, err
    text = page_text(root, "jicl" if front.startswith("code: JICL") else "jick")
    assert "To fix before this draft goes to a reading" in text
    assert shown in text
    assert "Students shall not bully anyone." in text
    assert "DRAFT — not adopted." in text


def test_a_draft_without_its_closing_fence_previews_under_its_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project")
    text = draft("title: Bullying Prevention\nstatus: draft").replace("\n---\n\n## Purpose", "\n\n## Purpose")
    (root / "source" / "policies" / "JICK.md").write_text(text, encoding="utf-8")
    assert policy(capsys, root, "check")[0] == 0
    code, _out, err = policy(capsys, root, "build", "--preview")
    assert code == 0, err
    shown = page_text(root, "jick")
    assert "JICK Bullying Prevention" in shown and "no closing '---' line" in shown


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
    (root / "source" / "policies" / "JICK.md").write_text(draft(front), encoding="utf-8")
    code, _out, err = policy(capsys, root, "check")
    assert code == 1
    assert (
        "source/policies/JICK.md:5: first_reading: not a valid date ('2019-02-30'): February has no 30th"
        in err.splitlines()
    )
