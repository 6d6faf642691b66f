"""The `policy` command as a clerk runs it: exit codes, messages on stderr, never a traceback."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from build_scripts.paths.project import Project
from tests.conftest import FIXED_EPOCH, run_cli

BAD = (
    "---\ncode: JICFB\ntitle: Bullying\nstatus: aproved\nadopted: 2019-13-20\ncolour: blue\nsection: Q\n"
    "cross_refs: [JICFC]\n---\n\nText.\n"
)


def test_the_shipped_manual_passes_check_strict(sample_project: Callable[..., Project]) -> None:
    """Its four warnings are of two kinds the district silenced on purpose (suppress_warnings)."""
    done = run_cli("check", "--strict", cwd=sample_project().root)
    assert (done.returncode, done.stdout, done.stderr) == (0, "policy check: no errors (no warnings)\n", "")


def unsilenced(project: Project) -> Project:
    """The shipped project without its ``suppress_warnings`` line."""
    text = project.district_file.read_text(encoding="utf-8")
    project.district_file.write_text(re.sub(r"(?m)^suppress_warnings: .*\n", "", text), encoding="utf-8")
    return project


def test_check_names_each_warnings_kind(sample_project: Callable[..., Project]) -> None:
    done = run_cli("check", cwd=unsilenced(sample_project()).root)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "policy check: no errors (4 warnings: 3 cross-ref.text, 1 letterhead.incomplete)\n"
    assert done.stderr.splitlines()[:2] == [
        "source/district.yml:18: warning: district.contact: letters leave out what is not given yet: address, phone, "
        "superintendent (add them to print a full letterhead and a named signer)",
        "source/policies/G-170.md:11: warning: cross_refs, entry 1: 'Technology Responsible Use Policy' is not a "
        "policy code; shown as text (unresolved)",
    ]


def test_check_strict_turns_warnings_into_errors(sample_project: Callable[..., Project]) -> None:
    done = run_cli("check", "--strict", cwd=unsilenced(sample_project()).root)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "policy check: 4 error(s)"
    assert "warning:" not in done.stderr


def test_an_unknown_kind_of_warning_is_a_located_error(sample_project: Callable[..., Project]) -> None:
    project = sample_project()
    text = project.district_file.read_text(encoding="utf-8")
    project.district_file.write_text(text.replace("[cross-ref.text,", "[cross-ref.txt,"), encoding="utf-8")
    done = run_cli("check", cwd=project.root)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("suppress_warnings:"))
    assert done.returncode == 1
    assert (
        f"source/district.yml:{line}: suppress_warnings, entry 1: 'cross-ref.txt' is not a kind of warning "
        "(did you mean 'cross-ref.text'?)"
    ) in done.stderr.splitlines()


def test_build_with_five_mistakes_reports_all_and_leaves_site(sample_project: Callable[..., Project]) -> None:
    project = sample_project()
    assert run_cli("build", cwd=project.root, env={"SOURCE_DATE_EPOCH": FIXED_EPOCH}).returncode == 0
    manifest = (project.root / "site" / "manifest.json").read_bytes()
    (project.policies_dir / "JICFB.md").write_text(BAD)
    done = run_cli("build", cwd=project.root, env={"SOURCE_DATE_EPOCH": FIXED_EPOCH})
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("source/policies/JICFB.md:")]
    assert [line.split(": ")[0] for line in errors] == [f"source/policies/JICFB.md:{n}" for n in (4, 5, 6, 7, 8)]
    assert done.stderr.splitlines()[-1] == "policy build: 5 error(s); nothing was built"
    assert "Traceback" not in done.stderr
    assert (project.root / "site" / "manifest.json").read_bytes() == manifest


def test_project_option_and_out_option(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    project = sample_project()
    out = tmp_path / "elsewhere"
    done = run_cli(
        "build", "--project", str(project.root), "--out", str(out), cwd=tmp_path, env={"SOURCE_DATE_EPOCH": FIXED_EPOCH}
    )
    assert done.returncode == 0, done.stderr
    assert json.loads((out / "manifest.json").read_text())["policies"][0]["code"] == "G-170"


def test_not_a_project_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli("check", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr == f"error: {tmp_path} is not a policy project (missing: mkdocs.yml, source); "
        "use --project DIR, or start one with: policy init DIR --district NAME\n"
    )


def test_ids_command(sample_project: Callable[..., Project]) -> None:
    project = sample_project(
        {"JICFB.md": "---\ncode: JICFB\ntitle: B\nadopted: 2020-05-01\n---\n\n## Rules\n\n1. One.\n"}
    )
    done = run_cli("ids", "JICFB", cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "policy ids: wrote 1 clause ids into source/policies/JICFB.md\n"
    assert "1. []{#rules-1} One." in (project.policies_dir / "JICFB.md").read_text()
    again = run_cli("ids", "JICFB", cwd=project.root)
    assert again.returncode == 2
    assert "already has clause ids" in again.stderr


def test_schema_command_writes_json_schemas(tmp_path: Path) -> None:
    done = run_cli("schema", "--out", str(tmp_path / "schemas"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    schema = json.loads((tmp_path / "schemas" / "policy-front-matter.schema.json").read_text())
    assert schema["required"] == ["code", "title"]
    assert schema["properties"]["adopted"]["anyOf"][0] == {"format": "date", "type": "string"}
    assert "description" in schema["properties"]["cross_refs"]
