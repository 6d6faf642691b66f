"""The tool's own files and a project's overrides of them, as a district uses them: copy one, edit it,
see it on the site; learn when the tool changed the file it was copied from; every mistake located."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from build_scripts.paths.project import Project
from build_scripts.paths.theme import THEME
from build_scripts.pipeline import build
from tests.clerkutil import policy
from tests.conftest import FIXED_EPOCH, copy_project

HOME = "site/pages/home.md.j2"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_project_without_templates_checks_with_the_tools_files(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No layouts, fonts or page templates in the project: all come from the tool."""
    for path in sorted((project / "templates").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (project / "templates").rmdir()
    code, out, err = policy(capsys, project, "check")
    assert code == 0, err
    assert out.startswith("policy check: no errors")


def test_an_override_copied_edited_and_built(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _err = policy(capsys, project, "templates", "--copy", HOME)
    assert (code, out) == (0, f"policy templates: copied the tool's {HOME} to templates/{HOME}; edit it there\n")
    page = project / "templates" / HOME
    assert page.read_bytes() == (THEME / HOME).read_bytes()
    page.write_text(page.read_text(encoding="utf-8") + "\nOur own welcome line.\n", encoding="utf-8")
    code, out, _err = policy(capsys, project, "templates")
    assert out == (
        f"templates/{HOME}: overrides the tool's file (unchanged in the tool since it was copied)\n"
        "policy templates: the project overrides 1 of the tool's file; 0 outdated\n"
    )
    site = build(Project.at(project), tmp_path / "site", environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    assert "Our own welcome line." in (site.out / "index.html").read_text(encoding="utf-8")


def test_the_tools_change_to_an_overridden_file_is_reported_until_reviewed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy(capsys, project, "templates", "--copy", HOME)
    lock = project / "templates" / "overrides.lock"
    lock.write_text(json.dumps({HOME: "0" * 64}), encoding="utf-8")  # copied from an older release of the tool
    code, out, err = policy(capsys, project, "check")
    assert code == 0
    assert (
        f"templates/{HOME}:1: warning: the tool's {HOME} has changed since this copy was made: compare them with "
        f"'policy templates --diff {HOME}', then run 'policy templates --reviewed {HOME}'"
    ) in err.splitlines()
    _code, out, _err = policy(capsys, project, "templates")
    assert out.splitlines()[0] == (
        f"templates/{HOME}: the tool's file has changed since this was copied: compare (--diff), then --reviewed"
    )
    assert out.splitlines()[1].endswith("; 1 outdated")
    assert policy(capsys, project, "templates", "--reviewed", HOME)[0] == 0
    assert json.loads(lock.read_text(encoding="utf-8")) == {
        HOME: hashlib.sha256((THEME / HOME).read_bytes()).hexdigest()
    }
    assert "has changed since" not in policy(capsys, project, "check")[2]


def test_diff_shows_the_districts_lines_against_the_tools(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy(capsys, project, "templates", "--copy", HOME)
    page = project / "templates" / HOME
    page.write_text(page.read_text(encoding="utf-8") + "Our line.\n", encoding="utf-8")
    _code, out, _err = policy(capsys, project, "templates", "--diff", HOME)
    assert out.startswith(f"--- tool/{HOME}\n+++ templates/{HOME}\n")
    assert [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")] == ["+Our line."]


def test_an_override_of_nothing_is_a_warning_naming_the_nearest_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = project / "templates" / "site" / "pages" / "gide.md.j2"
    stray.parent.mkdir(parents=True)
    stray.write_text("Hello\n", encoding="utf-8")
    code, _out, err = policy(capsys, project, "check")
    assert code == 0
    assert (
        "templates/site/pages/gide.md.j2:1: warning: overrides nothing: the tool has no such file "
        "(did you mean site/pages/guide.md.j2?); the file is not used"
    ) in err.splitlines()


def test_a_broken_page_template_override_is_a_located_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = project / "templates" / HOME
    page.parent.mkdir(parents=True)
    page.write_text("# Welcome\n\n{% if %}\n", encoding="utf-8")
    code, _out, err = policy(capsys, project, "check")
    assert code == 1
    assert f"templates/{HOME}:3: template syntax: Expected an expression, got 'end of statement block'" in err
    assert "Traceback" not in err


def test_copy_refuses_what_the_tool_does_not_have(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = policy(capsys, project, "templates", "--copy", "site/pages/../../../cli/__init__.py")
    assert code == 2
    assert err == (
        "error: the tool has no file 'site/pages/../../../cli/__init__.py' to override "
        "(its files are under typst/, fonts/, site/pages/, site/assets/, site/overrides/)\n"
    )


def test_a_policy_that_links_out_of_the_project_is_never_read(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ncode: SECRET\ntitle: Not ours\n---\n\nPrivate words.\n", encoding="utf-8")
    (project / "source" / "policies" / "JICFB.md").symlink_to(secret)
    code, out, err = policy(capsys, project, "check")
    assert code == 1
    assert [line for line in err.splitlines() if "JICFB" in line] == [
        f"source/policies/JICFB.md:1: this is a link to {secret}, outside the project; "
        "copy the file into the project instead"
    ]
    assert "SECRET" not in err + out
