"""The measured scenarios: each one a separate ``policy`` process on the synthetic project.

Builds run through ``tools.bench.stages`` (the same command, with timers around its stages).

Per run, in order: cold build (empty cache), no-change rebuild, one-policy edit (one sentence of one
staff policy), one-template edit (one word of a document template), ``policy check`` alone. Builds
write to ``<project>/site`` with ``POLICY_CACHE_DIR`` set to a folder the benchmark owns; a cold run
also clears ``<project>/.cache`` (where the build keeps its cache when that variable is not read).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .manual import SyntheticManual, edit_policy, edit_template
from .measure import Run, run_measured

BUILDS = ("cold_build", "no_change_rebuild", "one_policy_edit", "one_template_edit")
SCENARIOS = (*BUILDS, "check")
REPOSITORY = Path(__file__).resolve().parents[2]
Progress = Callable[[str], None]


class BenchError(Exception):
    """A scenario failed: the command, its exit code and the end of its output."""


@dataclass(frozen=True)
class Workspace:
    manual: SyntheticManual
    cache: Path

    @property
    def project(self) -> Path:
        return self.manual.root

    @property
    def site(self) -> Path:
        return self.project / "site"

    def environ(self) -> dict[str, str]:
        return {**os.environ, "POLICY_CACHE_DIR": str(self.cache), "POLICY_TIMINGS": "1", "NO_MKDOCS_2_WARNING": "1"}

    def clear_cache(self) -> None:
        """Back to a fresh clone: no cache (ours or the build's default) and no site."""
        for folder in (self.cache, self.project / ".cache", self.site):
            shutil.rmtree(folder, ignore_errors=True)


def policy_command() -> list[str]:
    """The ``policy`` console script of this interpreter's environment."""
    script = Path(sys.executable).parent / "policy"
    return [str(script)] if script.exists() else [sys.executable, "-m", "build_scripts.cli"]


def build(space: Workspace) -> Run:
    """``policy build`` in its own process, through the stage timer (``stages.py``)."""
    command = [sys.executable, "-m", "tools.bench.stages", "build", "--project", str(space.project)]
    command += ["--out", str(space.site)]
    return _checked(run_measured(command, space.environ(), cwd=REPOSITORY))


def check(space: Workspace) -> Run:
    return _checked(run_measured([*policy_command(), "check", "--project", str(space.project)], space.environ()))


def _checked(run: Run) -> Run:
    if run.returncode != 0:
        tail = "\n".join((run.stdout + run.stderr).splitlines()[-30:])
        raise BenchError(f"{' '.join(run.command)} exited {run.returncode}:\n{tail}")
    return run


def edit_target(manual: SyntheticManual) -> Path:
    """A policy in force that staff read (so the staff handbook changes too), from the middle of the manual."""
    live = [c for c in manual.codes if c not in manual.retired]
    staff = [c for c in live if "audience: [staff" in manual.policy_path(c).read_text(encoding="utf-8")]
    chosen = staff or live
    return manual.policy_path(chosen[len(chosen) // 2])


def run_scenarios(space: Workspace, runs: int, progress: Progress) -> dict[str, list[Run]]:
    """Every scenario ``runs`` times; results by scenario name, in run order."""
    results: dict[str, list[Run]] = {name: [] for name in SCENARIOS}
    target = edit_target(space.manual)
    for index in range(runs):
        space.clear_cache()
        for name in BUILDS:
            _prepare(name, space, target, index)
            results[name].append(build(space))
            progress(f"{name.replace('_', ' ')}, run {index + 1}/{runs}: {results[name][-1].seconds:.1f} s")
        results["check"].append(check(space))
        progress(f"check, run {index + 1}/{runs}: {results['check'][-1].seconds:.1f} s")
    return results


def _prepare(name: str, space: Workspace, target: Path, index: int) -> None:
    if name == "one_policy_edit":
        edit_policy(target, index)
    elif name == "one_template_edit":
        edit_template(space.project, index)


def pdf_path(path: str, space: Workspace, out: Path) -> dict[str, float | int]:
    """One of the two PDF paths (``ours`` or ``weasyprint``), in its own process; its JSON result."""
    command = [sys.executable, "-m", "tools.bench.pdfpaths", path, "--project", str(space.project), "--out", str(out)]
    done = subprocess.run(command, cwd=REPOSITORY, env=space.environ(), capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        raise BenchError(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    result: dict[str, float | int] = json.loads(done.stdout)
    return result
