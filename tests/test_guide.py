"""The clerk's guide: every command it shows runs, every error message it quotes is the real one,
and the page is in the preview's About section, never on the public site."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from build_scripts.paths.theme import THEME
from tests.clerkutil import policy, project_in_git
from tests.conftest import copy_project

GUIDE = THEME / "site" / "pages" / "guide.md.j2"
PREFIX = ".venv/bin/policy "
HEAD = "---\ncode: JICK\ntitle: Bullying Prevention\n"
WITH_IDS = "adopted: 2020-05-01\n---\n\n## Rules {#rules}\n\n1. []{#rules-1} Bullying is prohibited.\n"
# The file that produces each message the guide quotes.
BAD_FILES = {
    "adopted: not a valid date": HEAD + "adopted: 2019-13-20\n---\n\nText.\n",
    "status: 'aproved'": HEAD + "status: aproved\nadopted: 2020-05-01\n---\n\nText.\n",
    "adopted: required": HEAD + "status: adopted\n---\n\nText.\n",
    "cross_refs, entry 1": HEAD + "adopted: 2020-05-01\ncross_refs: [JICZ]\n---\n\nText.\n",
    "clause has no id": HEAD + WITH_IDS + "2. []{#rules-2} Retaliation is prohibited.\n\nStaff shall report it.\n",
    "adopt: unknown field": HEAD + "adopted: 2020-05-01\nadopt: 2020-05-01\n---\n\nText.\n",
    "code: 'G-170' is also used": HEAD.replace("JICK", "G-170") + "adopted: 2020-05-01\n---\n\nText.\n",
}


def code_lines() -> list[str]:
    """The lines of the guide's code blocks (indented four spaces), in order."""
    return [line[4:] for line in GUIDE.read_text(encoding="utf-8").splitlines() if line.startswith("    ")]


def test_the_guide_shows_each_workflow_command() -> None:
    commands = [line[len(PREFIX) :].split()[0] for line in code_lines() if line.startswith(PREFIX)]
    assert set(commands) == {"check", "new", "status", "packet", "build", "rename", "retire", "translations", "approve"}


def test_every_command_in_the_guide_succeeds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project_in_git(tmp_path / "project")
    monkeypatch.chdir(root)
    commands = [line for line in code_lines() if line.startswith(PREFIX)]
    assert len(commands) == 12
    for line in commands:
        code, out, err = policy(capsys, root, *shlex.split(line[len(PREFIX) :]))
        assert code == 0, f"{line}\n{out}\n{err}"
        assert "Traceback" not in err
    assert (root / "packets" / "packet-since-main.pdf").is_file() and (root / "packets" / "packet.html").is_file()
    assert (root / "preview" / "pending" / "index.html").is_file()
    assert "former_codes: [JICK]" in (root / "source" / "policies" / "JICL.md").read_text()
    assert "approved_by: Dana Clerk" in (root / "source" / "reviews.yml").read_text()
    page = (root / "preview" / "about" / "guide" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>A clerk(&#39;|')s guide", page)
    assert "Public Schools of Northborough and Southborough policy manual up to date" in page
    home = (root / "preview" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="about/guide/"[^>]*>\s*<span class="md-ellipsis">\s*A clerk(&#39;|\')s guide', home)
    # the public site is for staff and families: no guide, no link to it, nothing of it in search
    assert not (root / "site" / "about").exists()
    assert "about/guide/" not in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "about/guide/" not in (root / "site" / "search" / "search_index.json").read_text(encoding="utf-8")


def messages() -> list[str]:
    return [line for line in code_lines() if line.startswith("source/")]


@pytest.mark.parametrize("message", messages(), ids=lambda m: m.split(": ", 1)[1][:30])
def test_each_error_the_guide_quotes_is_the_real_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, message: str
) -> None:
    [text] = [text for start, text in BAD_FILES.items() if start in message]
    root = copy_project(tmp_path / "project")
    (root / "source" / "policies" / "JICK.md").write_text(text, encoding="utf-8")
    code, _out, err = policy(capsys, root, "check")
    assert code == 1
    assert message in err.splitlines()


def test_the_guide_quotes_each_common_error_once() -> None:
    assert sorted(next(k for k in BAD_FILES if k in m) for m in messages()) == sorted(BAD_FILES)
