"""The manual as in effect on a date: the latest version of each policy dated on or before it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..cache import ContentCache
from ..errors import Problem, UsageError
from ..paths.project import Project
from ..source.policies import Policy
from .git_versions import History
from .versions import read_version


def policies_as_of(
    project: Project, history: History, day: date, asts: ContentCache | None = None
) -> tuple[list[Policy], list[Problem]]:
    """Policies adopted by ``day`` and not retired by then, each at its version of that day."""
    if not history.versions:
        raise UsageError("--as-of needs the manual's git history, and none was found (see the warning above)")
    chosen: list[Policy] = []
    notes: list[Problem] = []
    for versions in history.versions.values():
        in_effect = [v for v in versions if v.date <= day]
        if not in_effect or in_effect[-1].kind == "retired":
            continue
        parsed, found = read_version(project, in_effect[-1], asts)
        notes += found
        policy = parsed.lenient()
        if policy is not None:
            chosen.append(policy)
    return chosen, notes


def as_of_folder(project: Project, out: Path | None, day: date) -> Path:
    """Where a point-in-time build goes: never the published ``site/``."""
    target = (out or project.as_of_dir(day)).resolve()
    if target == project.site_dir.resolve():
        raise UsageError("a point-in-time build is never published: choose another --out than site/")
    return target
