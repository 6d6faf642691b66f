"""The clerk's guide: every command it shows runs as written, in order, the whole path of a proposal in
a scratch git repository with a remote (branch, draft, preview, commit, packet, readings, adoption and
merge, reprint, review); its examples come from the district's own manual; every error message it
quotes is the real one; and the page is in the preview's About section, never on the public site."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from build_scripts.cli import main
from build_scripts.paths.project import Project
from build_scripts.pipeline import prepare
from build_scripts.site.guide import GuideExamples, guide_examples
from build_scripts.site.pending import guide_page
from build_scripts.site.templates import page_environment
from build_scripts.source.project import load_manual
from tests.clerkutil import policy, project_in_git
from tests.conftest import ROOT, copy_project
from tools.serve_latency import fetch, wait_for

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
    "code: 'JICK' is also used": HEAD + "adopted: 2020-05-01\n---\n\nText.\n",
}
# Files beside JICK.md that a message needs: a copy of it whose code was not changed yet.
BESIDE = {"code: 'JICK' is also used": {"copy.md": HEAD + "adopted: 2020-05-01\n---\n\nText.\n"}}
TEXT = {  # what the clerk writes in place of a new policy's sample sentences
    "Say in one or two sentences why this policy exists.": "Every student has the right to learn free of bullying.",
    "Write the first rule here.": "Bullying is prohibited on school grounds, on school buses and at school events.",
    "Write the next rule here.": "Staff shall report bullying they see or hear of to the principal the same day.",
}
CLERK = {"GIT_AUTHOR_NAME": "Dana Clerk", "GIT_AUTHOR_EMAIL": "clerk@example.org"}
CLERK |= {"GIT_COMMITTER_NAME": "Dana Clerk", "GIT_COMMITTER_EMAIL": "clerk@example.org"}


def rendered_guide(project: Project) -> tuple[str, GuideExamples]:
    """The guide page as the build renders it for ``project``, with its examples."""
    checked = prepare(project)
    examples = guide_examples(checked.manual, checked.district, checked.documents)
    [page] = guide_page(page_environment(project), checked.district, examples).values()
    assert isinstance(page, str)
    return page, examples


@pytest.fixture(scope="module")
def shipped_guide() -> str:
    return rendered_guide(Project.at(ROOT))[0]


def code_lines(page: str) -> list[str]:
    """The lines of the page's code blocks (indented four spaces), in order."""
    return [line[4:] for line in page.splitlines() if line.startswith("    ")]


def commands(page: str) -> list[str]:
    return [line for line in code_lines(page) if line.startswith((PREFIX, "git "))]


def test_the_guide_shows_the_whole_path(shipped_guide: str) -> None:
    assert [line for line in commands(shipped_guide) if line.startswith("git ")] == [
        "git switch main",
        "git pull",
        "git tag printed-2026-08-25",
        "git push origin printed-2026-08-25",
        "git switch -c proposal-jick",
        "git add source",
        'git commit -m "Draft JICK Bullying Prevention"',
        "git push -u origin proposal-jick",
        'git commit -am "First reading of JICK"',
        'git commit -am "Adopt JICK Bullying Prevention"',
        "git push",
        "git switch main",
        "git pull",
        "git branch -d proposal-jick",
        "git tag printed-2026-10-21",
        "git push origin printed-2026-10-21",
    ]
    used = {line[len(PREFIX) :].split()[0] for line in commands(shipped_guide) if line.startswith(PREFIX)}
    assert used == {
        *["doctor", "new", "check", "serve", "packet", "status", "build", "reprint", "translations", "approve"],
        *["rename", "retire"],
    }
    assert "review_cycle_years: 3" in shipped_guide and "preview/index.html" not in shipped_guide


def test_the_examples_come_from_the_districts_own_manual(tmp_path: Path) -> None:
    """A district with numbered codes gets numbered examples, from its own series and its own policy."""
    assert (
        main(["init", str(tmp_path / "riverton"), "--district", "Riverton Public Schools", "--codes", "numeric"]) == 0
    )
    project = Project.at(tmp_path / "riverton")
    manual = load_manual(project)
    assert manual.district is not None
    examples = guide_examples(manual, manual.district, None)
    [page] = guide_page(page_environment(project), manual.district, examples).values()
    assert isinstance(page, str)
    [code] = [p.meta.code for p in manual.policies if p.meta]
    lines = commands(page)
    assert '.venv/bin/policy new 5131.1 "Bullying Prevention"' in lines
    assert ".venv/bin/policy rename 5131.1 5131.2" in lines
    assert f".venv/bin/policy retire {code} --date 2026-11-17" in lines
    assert "git switch -c proposal-5131.1" in lines
    assert f"source/policies/{code}.md" in page and "G-170" not in page  # nothing of ours, common errors included
    assert "approve" not in page  # no document list given: no letters section


def set_status(path: Path, fields: str) -> None:
    """What the clerk types at the top of the file as the committee acts: ``fields`` replace those lines."""
    head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    for key in re.findall(r"^(\w+):", fields, flags=re.M):
        head = re.sub(rf"^{key}: .*(\n|$)", "", head, flags=re.M).rstrip("\n")
    path.write_text(f"{head}\n{fields}---\n{body}", encoding="utf-8")


def write_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for sample, words in TEXT.items():
        text = text.replace(sample, words)
    path.write_text(text, encoding="utf-8")


def merge_on_github(tmp_path: Path, origin: Path, branch: str) -> None:
    """What GitHub's "Merge pull request" does: a merge commit of the branch on main."""
    github = tmp_path / "github"
    git = ["git", "-C", str(github)]
    subprocess.run(["git", "clone", "-q", str(origin), str(github)], check=True, timeout=60)
    subprocess.run([*git, "merge", "-q", "--no-ff", f"origin/{branch}", "-m", "Merge pull request #1"], check=True)
    subprocess.run([*git, "push", "-q", "origin", "main"], check=True, timeout=60)


def serve_as_written(root: Path, args: list[str], page: str) -> None:
    """``policy serve`` in the project folder until it serves ``page`` with the draft, then Ctrl-C."""
    process = subprocess.Popen([".venv/bin/policy", *args], cwd=root, stdout=subprocess.PIPE, text=True)
    said: list[str] = []
    stdout = process.stdout
    assert stdout is not None
    threading.Thread(target=lambda: said.extend(iter(stdout.readline, "")), daemon=True).start()
    try:
        wait_for(lambda: any(line.startswith("policy serve: serving http://127.0.0.1:") for line in said), 300, 0.2)
        url = next(line for line in said if "serving" in line).split()[3]
        wait_for(lambda: "DRAFT" in fetch(url + page), 60, 0.2)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def clerk_repository(tmp_path: Path) -> tuple[Path, Path]:
    """The shipped manual on GitHub (a bare repository), and the clerk's clone of it with the tool."""
    seed = project_in_git(tmp_path / "seed")
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(seed), str(origin)], check=True, timeout=60)
    root = tmp_path / "project"
    subprocess.run(["git", "clone", "-q", str(origin), str(root)], check=True, timeout=60)
    (root / ".venv").symlink_to(Path(sys.executable).parent.parent)
    return root, origin


def test_every_command_in_the_guide_runs_as_written_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, origin = clerk_repository(tmp_path)
    for name, value in CLERK.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(root)
    page, example = rendered_guide(Project.at(root))
    new = root / "source" / "policies" / f"{example.new}.md"
    reading = "first_reading: 2026-09-01\nstatus: first-reading\n"
    adopted = reading.replace(
        "status: first-reading", "second_reading: 2026-10-06\nstatus: adopted\nadopted: 2026-10-20"
    )
    before: dict[str, Callable[[], None]] = {
        f"{PREFIX}status": lambda: set_status(new, reading),
        f'git commit -am "Adopt {example.new} {example.title}"': lambda: set_status(new, adopted),
    }
    after: dict[str, Callable[[], None]] = {
        f'{PREFIX}new {example.new} "{example.title}"': lambda: write_text(new),
        "git push": lambda: merge_on_github(tmp_path, origin, example.branch),
    }
    said: dict[str, str] = {}
    for line in commands(page):
        before.get(line, lambda: None)()
        args = shlex.split(line)
        if args[:2] == [".venv/bin/policy", "serve"]:
            serve_as_written(root, args[1:], f"policies/{example.new.lower()}/")
        elif line.startswith(PREFIX):
            capsys.readouterr()
            code = main(args[1:])
            out, err = capsys.readouterr()
            assert code == 0, f"{line}\n{out}\n{err}"
            assert "Traceback" not in err
            said[line] = out
        else:
            done = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=120, env=os.environ)
            assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        after.get(line, lambda: None)()
    assert said[f"{PREFIX}packet"] == (
        "policy packet: 1 changed policy since the adopted manual of March 20, 2019; "
        "wrote packets/packet-since-main.pdf\n"
    )
    assert (
        said[f"{PREFIX}status"].splitlines()[1]
        == "  first reading: JICK Bullying Prevention (first reading 2026-09-01)"
    )
    assert said[f"{PREFIX}status --due"].splitlines()[1:] == [
        "  OVERDUE 2022-03-20  G-170  Employee Social Media Policy (review cycle)",
        "  due     2029-10-20  JICK  Bullying Prevention (review cycle)",
    ]
    reprint = said[f"{PREFIX}reprint --since printed-2026-08-25"].splitlines()
    assert reprint[0].startswith("staff-handbook  district  en (English): clause JICK#purpose-p1 (new)")
    assert reprint[-1] == "policy reprint: 1 printed document changed since printed-2026-08-25"
    log = subprocess.run(
        ["git", "log", "--first-parent", "--format=%s", "main"], cwd=root, capture_output=True, text=True
    )
    assert log.stdout.splitlines() == ["Merge pull request #1", "The shipped manual"]
    assert "former_codes: [JICK]" in (root / "source" / "policies" / "JICL.md").read_text()
    assert "status: retired" in (root / "source" / "policies" / "G-170.md").read_text()
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


def messages(page: str) -> list[str]:
    return [line for line in code_lines(page) if line.startswith("source/")]


@pytest.fixture(scope="module")
def quoted(shipped_guide: str) -> list[str]:
    return messages(shipped_guide)


@pytest.mark.parametrize("start", sorted(BAD_FILES))
def test_each_error_the_guide_quotes_is_the_real_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, quoted: list[str], start: str
) -> None:
    [message] = [m for m in quoted if start in m]
    root = copy_project(tmp_path / "project")
    (root / "source" / "policies" / "JICK.md").write_text(BAD_FILES[start], encoding="utf-8")
    for name, text in BESIDE.get(start, {}).items():
        (root / "source" / "policies" / name).write_text(text, encoding="utf-8")
    code, _out, err = policy(capsys, root, "check")
    assert code == 1
    assert message in err.splitlines()


def test_the_guide_quotes_each_common_error_once(quoted: list[str]) -> None:
    assert sorted(next(k for k in BAD_FILES if k in m) for m in quoted) == sorted(BAD_FILES)
