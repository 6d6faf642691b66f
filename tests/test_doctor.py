"""`policy doctor`: the whole report, word for word, on a healthy project and on a broken one."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import pytest

from build_scripts.pandoc.runner import pandoc_path
from tests.clerkutil import policy, project_in_git
from tests.conftest import git_commit

SILENCED = (
    "  ok    silenced on purpose (suppress_warnings in source/district.yml): cross-ref.text, letterhead.incomplete"
)
BAD_DATE = "source/policies/JICK.md:4: adopted: not a valid date ('2019-13-20'): 2019 has no month 13"


def tools(fonts: list[str]) -> list[str]:
    """The Tools section as this machine's versions make it."""
    pandoc = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, timeout=60, check=True)
    git = subprocess.run(["git", "--version"], capture_output=True, text=True, timeout=60, check=True)
    return [
        "Tools",
        f"  ok    {pandoc.stdout.splitlines()[0]} (it reads the policies)",
        f"  ok    typst {version('typst')} (it makes the PDFs)",
        f"  ok    {git.stdout.strip()} (it keeps the history)",
        *fonts,
    ]


def when(root: Path) -> str:
    """When and from which commit the last build of site/ ran, as its record says."""
    record = json.loads((root / ".site.last-build.json").read_text(encoding="utf-8"))
    stamp = datetime.fromisoformat(record["finished"])
    return f"on {stamp.date().isoformat()} at {stamp.strftime('%H:%M')} from commit {record['commit'][:12]}"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, timeout=60)


def test_a_healthy_project(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = project_in_git(tmp_path / "project")
    assert policy(capsys, root, "build")[0] == 0
    code, out, err = policy(capsys, root, "doctor")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"policy doctor: {root}",
        "",
        *tools(["  ok    fonts: every font the layouts name is there (DejaVu Sans, DejaVu Sans Mono, DejaVu Serif)"]),
        "",
        "Git",
        "  ok    on branch main: the published manual",
        "  ok    every policy file is committed",
        "  ok    full history: 1 commit changed policies",
        "",
        "Site address",
        "  ok    site_url is https://nsboro-policy.github.io/policy-manual/ "
        "(the feed, the open data and the QR codes on forms point there)",
        "",
        "Last build",
        f"  ok    site/ was built {when(root)}: 1 policy published",
        "  note  preview/ has not been built yet",
        "        to see drafts: policy serve",
        "",
        "Warnings",
        "  ok    policy check: no errors, no warnings",
        SILENCED,
        "",
        "policy doctor: nothing to fix, 1 note",
    ]


def test_a_broken_project_gets_a_fix_for_each_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A shallow clone on a proposal's branch, the example site address, a layout naming a font that is
    not there, and a new policy with a mistake that made the last build fail."""
    origin = project_in_git(tmp_path / "origin")
    (origin / "README.md").write_text("The policy manual.\n", encoding="utf-8")
    git_commit(origin, "A README", "2024-01-03T09:00:00Z")
    root = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(root))
    git(root, "switch", "-q", "-c", "bullying")
    mkdocs = root / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text(encoding="utf-8").replace(
            "site_url: https://nsboro-policy.github.io/policy-manual/", "site_url: https://policies.example.org/"
        ),
        encoding="utf-8",
    )
    assert policy(capsys, root, "templates", "--copy", "typst/document.typ")[0] == 0
    layout = root / "templates" / "typst" / "document.typ"
    layout.write_text(layout.read_text(encoding="utf-8").replace('font: "DejaVu Serif"', 'font: "Comic Sans"', 1))
    jick = "---\ncode: JICK\ntitle: Bullying Prevention\nadopted: 2019-13-20\n---\n\nText.\n"
    (root / "source" / "policies" / "JICK.md").write_text(jick, encoding="utf-8")
    assert policy(capsys, root, "build")[0] == 1
    code, out, err = policy(capsys, root, "doctor")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"policy doctor: {root}",
        "",
        *tools(
            [
                "  FIX   fonts the layouts name are missing: 'Comic Sans' (templates/typst/document.typ)",
                "        put the font's .ttf files in templates/fonts/",
            ]
        ),
        "",
        "Git",
        "  ok    on branch bullying: a proposal; 'policy packet' shows what it changes since it left main",
        "  note  1 policy file not committed: source/policies/JICK.md (new)",
        "        to keep the changes in the history: git add source/policies && git commit -m 'what changed'",
        "  FIX   the history is shallow (a clone with --depth): policy pages show no earlier versions or redlines",
        "        fetch it whole: git fetch --unshallow",
        "",
        "Site address",
        "  FIX   site_url in mkdocs.yml is still the example address https://policies.example.org/",
        "        set site_url in mkdocs.yml to where the site is published "
        "(with GitHub Pages: https://OWNER.github.io/REPOSITORY/)",
        "",
        "Last build",
        f"  FIX   the last build of site/, {when(root)} with changes not committed, failed with 1 error; "
        "site/ has not been built yet",
        f"        {BAD_DATE}",
        "        correct them ('policy check' lists every one), then run: policy build",
        "  note  preview/ has not been built yet",
        "        to see drafts: policy serve",
        "",
        "Warnings and errors",
        "  FIX   policy check finds 1 error: nothing can be published until they are corrected",
        f"        {BAD_DATE}",
        "        run 'policy check' and correct each line it lists",
        "",
        "policy doctor: 5 things to fix, 2 notes",
    ]


def test_warnings_are_told_once_per_kind_with_where_they_are(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without the district's suppress_warnings, G-170's three named cross references are one kind."""
    root = project_in_git(tmp_path / "project")
    district = root / "source" / "district.yml"
    district.write_text(re.sub(r"(?m)^suppress_warnings: .*\n", "", district.read_text(encoding="utf-8")))
    code, out, _err = policy(capsys, root, "doctor")
    assert code == 0
    warnings = out.split("\nWarnings\n")[1].splitlines()
    assert warnings == [
        "  ok    policy check: no errors",
        "  note  3 warnings of the kind cross-ref.text "
        "(a cross reference that is a policy's name, not a code: shown as text)",
        "        at source/policies/G-170.md:11, 12, 13: 'policy check' prints each with what to do",
        "        to silence this kind on purpose, add it to suppress_warnings in source/district.yml",
        "  note  1 warning of the kind letterhead.incomplete (letterhead fields of district.yml not given yet)",
        "        at source/district.yml:18: 'policy check' prints each with what to do",
        "        to silence this kind on purpose, add it to suppress_warnings in source/district.yml",
        "",
        "policy doctor: nothing to fix, 4 notes",
    ]
