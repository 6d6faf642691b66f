"""Versions of each policy, from the first-parent history of ``main``.

A version is a policy's text at a commit that adds a date to ``adopted`` or ``revised`` (or makes
the policy adopted or retired); its date is the latest date that commit added (for a retirement the
``retired`` date, else the commit's date). A later commit that introduces the same date replaces
that version. Commits that change only text are not versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from ..errors import Problem, warning
from ..paths.project import POLICIES
from ..source.front_matter import split_front_matter
from ..source.gitread import Commit, first_parent_commits, has_commits, is_shallow, read_blobs, tree_blobs
from ..source.models import ISO_DATE
from ..source.yamlsource import YamlProblem, load_located

POLICY_FOLDER = POLICIES
PUBLISHED = ("adopted", "retired")
Kind = Literal["adopted", "revised", "retired"]


@dataclass(frozen=True)
class Version:
    code: str
    date: date
    kind: Kind
    commit: str
    path: str
    text: str


@dataclass(frozen=True)
class Dates:
    """What the history reader needs from one version's front matter (read leniently)."""

    code: str
    status: str
    dates: frozenset[date]
    revised: frozenset[date]
    retired: date | None


@dataclass
class History:
    versions: dict[str, list[Version]] = field(default_factory=dict)  # code -> oldest first
    problems: list[Problem] = field(default_factory=list)

    def of(self, code: str) -> list[Version]:
        return self.versions.get(code, [])


def read_history(root: Path) -> History:
    """Every version of every policy; a missing or shallow history is one warning."""
    if not has_commits(root):
        return History(
            problems=[
                warning(POLICY_FOLDER, 1, "no git history: building the current versions only", kind="history.none")
            ]
        )
    if is_shallow(root):
        message = "the git history is shallow (fetch it whole, e.g. fetch-depth: 0): building the current versions only"
        return History(problems=[warning(POLICY_FOLDER, 1, message, kind="history.shallow")])
    commits = first_parent_commits(root, POLICY_FOLDER)
    trees = {c.sha: tree_blobs(root, c.sha, POLICY_FOLDER) for c in commits}
    wanted = sorted({sha for tree in trees.values() for path, sha in tree.items() if path.endswith(".md")})
    blobs = {sha: data.decode("utf-8", errors="replace") for sha, data in read_blobs(root, wanted).items()}
    return History(versions=_versions(commits, trees, blobs))


def _versions(
    commits: list[Commit], trees: dict[str, dict[str, str]], blobs: dict[str, str]
) -> dict[str, list[Version]]:
    dates_of = {sha: lenient_dates(text) for sha, text in blobs.items()}
    previous: dict[str, Dates] = {}
    versions: dict[str, dict[date, Version]] = {}
    for commit in commits:
        for path, sha in sorted(trees[commit.sha].items()):
            current = dates_of.get(sha)
            if current is None:
                continue
            found = _new_version(previous.get(current.code), current, commit)
            if found is not None:
                day, kind = found
                versions.setdefault(current.code, {})[day] = Version(
                    current.code, day, kind, commit.sha, path, blobs[sha]
                )
            previous[current.code] = current
    return {code: [by_date[d] for d in sorted(by_date)] for code, by_date in sorted(versions.items())}


def _new_version(before: Dates | None, now: Dates, commit: Commit) -> tuple[date, Kind] | None:
    if now.status not in PUBLISHED:
        return None
    added = now.dates - (before.dates if before else frozenset())
    became = before is None or before.status != now.status
    if now.status == "retired" and (became or (now.retired and now.retired in added)):
        return now.retired or _commit_day(commit), "retired"
    if added:
        day = max(added)
        return day, "revised" if day in now.revised else "adopted"
    if became and now.dates:
        return max(now.dates), "adopted"
    return None


def _commit_day(commit: Commit) -> date:
    return datetime.fromtimestamp(commit.time, UTC).date()


def lenient_dates(text: str) -> Dates | None:
    """Code, status and dates of a policy text, ignoring anything invalid; None without a code."""
    split = split_front_matter(text)
    try:
        data = load_located(split.front or "").data
    except YamlProblem:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("code"), str):
        return None
    revised = frozenset(d for d in map(_date, _as_list(data.get("revised"))) if d)
    adopted, retired = _date(data.get("adopted")), _date(data.get("retired"))
    dates = revised | {d for d in (adopted, retired) if d}
    status = str(data.get("status") or "adopted")
    return Dates(str(data["code"]).strip(), status, frozenset(dates), revised, retired)


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _date(value: object) -> date | None:
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def change_of(text: str) -> str:
    """A version's ``change`` (material or editorial), read leniently: anything but editorial is material."""
    try:
        data = load_located(split_front_matter(text).front or "").data
    except YamlProblem:
        return "material"
    return "editorial" if isinstance(data, dict) and data.get("change") == "editorial" else "material"
