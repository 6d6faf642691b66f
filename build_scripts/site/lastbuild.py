"""The last build of an output folder: when it ran, from which commit, and whether it failed.

A failed build leaves the last good site in place, so the folder alone cannot say that the newest
attempt failed. ``policy build`` and ``policy serve`` record each attempt beside the folder they
build (``.site.last-build.json`` for ``site/``, ``.preview.last-build.json`` for ``preview/``:
git-ignored with the other work files), and ``policy doctor`` reads it back.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from ..source.gitread import git

FIRST_LINES = 3  # of a failure's problems, kept for the doctor to quote


@dataclass(frozen=True)
class LastBuild:
    finished: str  # local date and time, ISO 8601 (to the minute)
    commit: str  # the commit the sources were at ('' outside git)
    uncommitted: bool  # the sources had changes not committed yet
    ok: bool
    policies: int = 0  # published (or previewed) by a build that succeeded
    problems: list[str] = field(default_factory=list)  # the first lines of a failure, as printed
    errors: int = 0  # how many errors the failure had


def record_path(out: Path) -> Path:
    return out.parent / f".{out.name}.last-build.json"


def attempt(root: Path, ok: bool, policies: int = 0, problems: list[str] | None = None) -> LastBuild:
    """A build attempt now, at the repository's current commit."""
    commit = (git(root, "rev-parse", "HEAD") or "").strip()
    changed = git(root, "status", "--porcelain", "--", "source", "templates", "mkdocs.yml") or ""
    shown = (problems or [])[:FIRST_LINES]
    when = datetime.now().isoformat(timespec="minutes")
    return LastBuild(when, commit, bool(changed.strip()), ok, policies, shown, len(problems or []))


def record_build(out: Path, build: LastBuild) -> None:
    """Record ``build`` beside ``out``; a folder that cannot be written is no reason to fail a build."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        record_path(out).write_text(json.dumps(asdict(build), indent=1) + "\n", encoding="utf-8")
    except OSError:
        pass


def read_build(out: Path) -> LastBuild | None:
    """The recorded last build of ``out``, or None (never built with a record, or unreadable)."""
    try:
        data = json.loads(record_path(out).read_text(encoding="utf-8"))
        return LastBuild(**data)
    except (OSError, ValueError, TypeError):
        return None
