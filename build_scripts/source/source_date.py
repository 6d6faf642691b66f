"""The one date a build stamps on everything: from the commit, never the clock."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..errors import Problem, warning
from .gitread import git


@dataclass(frozen=True)
class SourceDate:
    """Seconds since the epoch, the commit built (if any) and where the date came from."""

    epoch: int
    commit: str | None
    origin: str

    @property
    def day(self) -> date:
        return datetime.fromtimestamp(self.epoch, UTC).date()

    @property
    def iso(self) -> str:
        return datetime.fromtimestamp(self.epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _git(root: Path, *args: str) -> str | None:
    """A git command's output, stripped; None when it fails or prints nothing."""
    return (git(root, *args) or "").strip() or None


def resolve_source_date(
    root: Path, environ: dict[str, str], fallback: date | None, display: str
) -> tuple[SourceDate, list[Problem]]:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else ``fallback`` (with a warning)."""
    commit = _git(root, "rev-parse", "HEAD")
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return SourceDate(int(value), commit, "SOURCE_DATE_EPOCH"), []
    committed = _git(root, "log", "-1", "--format=%ct")
    if committed and committed.isdigit():
        return SourceDate(int(committed), commit, "last commit"), []
    day = fallback or date(1970, 1, 1)
    epoch = midnight(day)
    note = (
        "no git commit found and SOURCE_DATE_EPOCH is not set: "
        f"dates are stamped {day.isoformat()}, the newest adoption or revision date"
    )
    return SourceDate(epoch, None, "newest policy date"), [warning(display, 1, note, kind="source-date")]


def current_environ() -> dict[str, str]:
    return dict(os.environ)


def midnight(day: date) -> int:
    """Seconds since the epoch at the start of ``day`` (UTC): the stamp of a dated version."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
