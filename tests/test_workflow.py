"""The publishing workflow: valid for GitHub, runs the README commands, least privilege, working annotations."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from build_scripts.paths.project import Project
from tests.conftest import ROOT, run_cli

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
SAFE_DIRECTORY = 'git config --global --add safe.directory "$GITHUB_WORKSPACE"'
ADD_MATCHER = re.compile(r'^echo "::add-matcher::(?P<path>[^"]+)"$')
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@(v\d+|[0-9a-f]{40})$")
ERROR_LINE = "source/policies/G-170.md:12: cross_refs, entry 1: no policy has the code 'JICFC'"
WARNING_LINE = "source/policies/G-170.md:11: warning: cross_refs, entry 1: 'Staff Conduct' is not a policy code"


def load() -> dict[Any, Any]:
    workflow: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return workflow


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The ``on:`` mapping; YAML 1.1 (PyYAML) reads the key ``on`` as the boolean True."""
    value: dict[str, Any] = workflow["on"] if "on" in workflow else workflow[True]
    return value


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = job.get("steps", [])
    return found


def all_steps(workflow: dict[Any, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, job in workflow["jobs"].items():
        for step in steps(job):
            yield name, step


def run_lines(job: dict[str, Any]) -> list[str]:
    return [line.strip() for step in steps(job) for line in str(step.get("run", "")).splitlines()]


def matcher_regexps() -> list[tuple[dict[str, Any], re.Pattern[str]]]:
    """Every problem matcher the workflow registers, with its regexp compiled by Python's re."""
    found = []
    for _name, step in all_steps(load()):
        for line in str(step.get("run", "")).splitlines():
            match = ADD_MATCHER.match(line.strip())
            if match:
                config = json.loads((ROOT / match["path"]).read_text(encoding="utf-8"))
                found += [(p, re.compile(p["regexp"])) for m in config["problemMatcher"] for p in m["pattern"]]
    return found


def test_workflow_is_valid_for_github_offline() -> None:
    tool = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run(
        [str(tool), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_triggers_push_to_main_and_pull_requests() -> None:
    on = triggers(load())
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on


def test_build_job_runs_the_readme_commands_in_the_debian_image() -> None:
    build = load()["jobs"]["build"]
    assert build["container"]["image"] == "python:3.11-bookworm"
    lines = run_lines(build)
    assert "make test" in lines and "make site" in lines
    assert lines.index("make test") < lines.index("make site")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make site" in readme


def test_container_jobs_trust_the_checkout_before_using_git() -> None:
    jobs = [job for job in load()["jobs"].values() if "container" in job]
    assert jobs
    for job in jobs:
        lines = run_lines(job)
        assert SAFE_DIRECTORY in lines
        assert lines.index(SAFE_DIRECTORY) < min(i for i, line in enumerate(lines) if line.startswith("make "))


def test_only_the_deploy_job_may_write_pages() -> None:
    workflow = load()
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", {})
        if name == "deploy":
            assert permissions == {"pages": "write", "id-token": "write"}
        else:
            assert permissions.get("pages") != "write" and permissions.get("id-token") != "write"


def test_checkout_fetches_full_history_and_actions_are_pinned() -> None:
    used = [(name, step) for name, step in all_steps(load()) if "uses" in step]
    assert all(PINNED.match(step["uses"]) for _name, step in used), [s["uses"] for _n, s in used]
    checkouts = [step for _name, step in used if step["uses"].startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["fetch-depth"] == 0 for step in checkouts)


def test_pages_deploy_on_main_site_artefact_on_pull_requests() -> None:
    jobs = load()["jobs"]
    build_uses = {step["uses"].split("@")[0]: step for step in steps(jobs["build"]) if "uses" in step}
    assert build_uses["actions/upload-artifact"]["if"] == "github.event_name == 'pull_request'"
    assert build_uses["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert "pull_request" in build_uses["actions/upload-pages-artifact"]["if"]
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    assert [step["uses"].split("@")[0] for step in steps(deploy)] == ["actions/configure-pages", "actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"


def test_cache_folder_is_keyed_on_sources_and_templates() -> None:
    caches = [step for _name, step in all_steps(load()) if step.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 1
    assert caches[0]["with"]["path"] == ".cache"
    assert "hashFiles('source/**', 'templates/**')" in caches[0]["with"]["key"]


def test_problem_matcher_reads_both_line_shapes() -> None:
    [(pattern, regexp)] = matcher_regexps()
    error = regexp.match(ERROR_LINE)
    assert error is not None
    assert error[pattern["file"]] == "source/policies/G-170.md" and error[pattern["line"]] == "12"
    assert error[pattern["severity"]] is None  # the matcher's default severity: error
    assert error[pattern["message"]] == "cross_refs, entry 1: no policy has the code 'JICFC'"
    warning = regexp.match(WARNING_LINE)
    assert warning is not None and warning[pattern["severity"]] == "warning"
    assert warning[pattern["message"]] == "cross_refs, entry 1: 'Staff Conduct' is not a policy code"
    for summary in ("policy check: 3 error(s)", "policy check: no errors (3 warning(s))", "  line 3: indented"):
        assert regexp.match(summary) is None


def test_problem_matcher_reads_real_policy_check_output(sample_project: Callable[..., Project]) -> None:
    bad = "---\ncode: JICFB\ntitle: Bullying\nstatus: aproved\nadopted: 2020-05-01\n---\n\nText.\n"
    root = sample_project({"JICFB.md": bad}).root
    district = root / "source" / "district.yml"  # G-170's warnings, which the shipped district silences, shown
    district.write_text(district.read_text(encoding="utf-8").replace("suppress_warnings: [", "# ["), encoding="utf-8")
    done = run_cli("check", cwd=root)
    [(pattern, regexp)] = matcher_regexps()
    matched = [m for m in map(regexp.match, done.stderr.splitlines()) if m]
    assert {(m[pattern["file"]], m[pattern["severity"]]) for m in matched} == {
        ("source/policies/JICFB.md", None),
        ("source/policies/G-170.md", "warning"),
    }
    assert len(matched) == len(done.stderr.splitlines()) - 1  # all but the summary line


def test_problem_matcher_regexp_means_the_same_in_javascript() -> None:
    [(pattern, _regexp)] = matcher_regexps()
    script = (
        "const [r, ...lines] = JSON.parse(process.argv[1]);"
        "console.log(JSON.stringify(lines.map(l => l.match(new RegExp(r)))))"
    )
    done = subprocess.run(
        ["node", "-e", script, json.dumps([pattern["regexp"], ERROR_LINE, WARNING_LINE])],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    error, warning = json.loads(done.stdout)
    assert error[1:] == ["source/policies/G-170.md", "12", None, "cross_refs, entry 1: no policy has the code 'JICFC'"]
    assert warning[3] == "warning"
