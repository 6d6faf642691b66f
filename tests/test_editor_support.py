"""Editor validation: committed JSON Schemas kept up to date, VS Code settings and task, pre-commit."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from build_scripts.cli import SCHEMAS
from build_scripts.paths.project import Project
from build_scripts.source.models import PolicyMeta
from tests.clerkutil import policy
from tests.conftest import ROOT

SCHEMA_DIR = ROOT / "schemas"


def regenerate(capsys: pytest.CaptureFixture[str], out: Path) -> dict[str, str]:
    code, stdout, _err = policy(capsys, ROOT, "schema", "--out", str(out))
    assert (code, stdout) == (0, f"policy schema: wrote {out}\n")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.json"))}


def committed() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SCHEMA_DIR.glob("*.json"))}


def test_committed_schemas_match_the_models(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Fails when a model changes without `policy schema` (regenerate with `.venv/bin/policy schema`)."""
    assert regenerate(capsys, tmp_path / "schemas") == committed()
    assert sorted(committed()) == sorted(f"{name}.schema.json" for name, _model in SCHEMAS)


def test_the_schema_test_catches_a_field_added_without_regenerating(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = PolicyMeta.model_json_schema

    def with_extra_field(*args: Any, **kwargs: Any) -> dict[str, Any]:
        schema = real(*args, **kwargs)
        schema["properties"]["approval_id"] = {"type": "string"}
        return schema

    monkeypatch.setattr(PolicyMeta, "model_json_schema", with_extra_field)
    fresh = regenerate(capsys, tmp_path / "schemas")
    assert fresh != committed()
    assert "approval_id" in fresh["policy-front-matter.schema.json"]


def test_schemas_are_committed_not_ignored() -> None:
    assert "/schemas/" not in (ROOT / ".gitignore").read_text().splitlines()
    ignored = subprocess.run(["git", "check-ignore", "-q", "schemas/district.schema.json"], cwd=ROOT, timeout=60)
    assert ignored.returncode == 1


def test_district_schema_knows_the_review_cycle_and_the_shipped_file_fits_it() -> None:
    schema = json.loads((SCHEMA_DIR / "district.schema.json").read_text())
    assert "review_cycle_years" in schema["properties"]
    policy_schema = json.loads((SCHEMA_DIR / "policy-front-matter.schema.json").read_text())
    assert {"review_by", "former_codes"} <= set(policy_schema["properties"])
    assert policy_schema["properties"]["status"]["$ref"] == "#/$defs/Status"
    assert policy_schema["$defs"]["Status"]["enum"] == [
        "draft",
        "first-reading",
        "second-reading",
        "adopted",
        "retired",
    ]


def test_vscode_maps_the_data_files_to_their_schemas() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    assert mapping == {
        "./schemas/district.schema.json": ["source/district.yml"],
        "./schemas/citations.schema.json": ["source/citations.yml"],
    }
    for schema, files in mapping.items():
        assert (ROOT / schema).is_file() and all((ROOT / f).is_file() for f in files)


def task_matcher() -> tuple[dict[str, Any], dict[str, Any]]:
    tasks = json.loads((ROOT / ".vscode" / "tasks.json").read_text())["tasks"]
    [task] = [t for t in tasks if t["label"] == "policy check"]
    return task, task["problemMatcher"]


def test_vscode_task_runs_policy_check_from_the_project() -> None:
    task, matcher = task_matcher()
    assert (task["command"], task["args"]) == ("${workspaceFolder}/.venv/bin/policy", ["check"])
    assert matcher["fileLocation"] == ["relative", "${workspaceFolder}"]
    assert matcher["severity"] == "error"


def test_vscode_problem_matcher_reads_real_policy_check_output(
    capsys: pytest.CaptureFixture[str], sample_project: Callable[..., Project]
) -> None:
    bad = "---\ncode: JICFB\ntitle: Bullying\nstatus: aproved\nadopted: 2020-05-01\n---\n\nText.\n"
    root = sample_project({"JICFB.md": bad}).root
    district = root / "source" / "district.yml"  # G-170's warnings, which the shipped district silences, shown
    district.write_text(district.read_text(encoding="utf-8").replace("suppress_warnings: [", "# ["), encoding="utf-8")
    code, _out, err = policy(capsys, root, "check")
    assert code == 1
    _task, matcher = task_matcher()
    pattern = matcher["pattern"]
    regexp = re.compile(pattern["regexp"])
    lines = err.splitlines()
    found = [
        (m[pattern["file"]], int(m[pattern["line"]]), m[pattern["severity"]], m[pattern["message"]])
        for m in map(regexp.match, lines)
        if m
    ]
    assert (
        "source/policies/JICFB.md",
        4,
        None,
        "status: 'aproved' is not one of draft, first-reading, second-reading, adopted or retired",
    ) in found
    assert (
        "source/policies/G-170.md",
        11,
        "warning",
        "cross_refs, entry 1: 'Technology Responsible Use Policy' is not a policy code; shown as text (unresolved)",
    ) in found
    assert len(found) == len(lines) - 1  # every line but the summary "policy check: 1 error(s)"
    assert lines[-1] == "policy check: 1 error(s)"


def test_pre_commit_runs_policy_check_as_a_system_hook() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (".venv/bin/policy check", "system", False)
    assert re.search(hook["files"], "source/policies/G-170.md") and re.search(hook["files"], "templates/x.md.j2")


def workflow_steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["build"]["steps"]
    return steps


@pytest.mark.parametrize(("preview", "exit_code"), [(True, 1), (False, 0)])
def test_the_workflow_refuses_to_deploy_a_preview_manifest(tmp_path: Path, preview: bool, exit_code: int) -> None:
    steps = workflow_steps()
    names = [step.get("name") for step in steps]
    guard = steps[names.index("Refuse to deploy a preview build")]
    assert names.index("Refuse to deploy a preview build") < names.index("Hand the site to GitHub Pages")
    assert guard["if"] == steps[names.index("Hand the site to GitHub Pages")]["if"]
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "manifest.json").write_text(json.dumps({"preview": preview, "policies": []}))
    done = subprocess.run(["sh", "-c", guard["run"]], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == exit_code
    expected = "site/manifest.json is a preview build (drafts included): not deploying\n" if preview else ""
    assert done.stderr == expected


def test_the_workflow_attaches_the_packet_of_a_pull_request() -> None:
    steps = workflow_steps()
    names = [step.get("name") for step in steps]
    make = steps[names.index("Make the committee's packet")]
    upload = steps[names.index("Attach the committee's packet to the run")]
    assert make["if"] == upload["if"] == "github.event_name == 'pull_request'"
    assert '.venv/bin/policy packet --base "origin/${{ github.base_ref }}" --out packets/packet.pdf' in make["run"]
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert (upload["with"]["name"], upload["with"]["path"]) == ("committee-packet", "packets/")
    assert names.index("Build the site") < names.index("Make the committee's packet")
