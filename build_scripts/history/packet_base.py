"""What a committee packet compares with, and how its title names that in words.

A proposal is written on its own branch: there the packet compares with the point where the branch
left ``main`` (the published manual), so that another proposal merged since is not shown as undone.
On ``main`` itself (or on a detached checkout) it compares with the last commit that adopted, revised
or retired a policy: what has been committed since is what the committee has not adopted yet. The
title never shows a git ref: it names the adopted manual the packet starts from by the date of its
newest adoption ("since the adopted manual of March 20, 2019").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..errors import UsageError
from ..source.gitread import git
from ..textfilters import long_date
from .git_versions import POLICY_FOLDER, read_history

MAIN = "main"  # the published manual's branch (the workflow deploys it)


@dataclass(frozen=True)
class PacketBase:
    ref: str  # the commit git compares the working tree with
    name: str  # for the packet's file name: packet-since-<name>.pdf
    words: str  # "the adopted manual of March 20, 2019"
    described: str  # "main, commit 4fab43f0a1b2 of March 2, 2026": the ref, for the cover


def packet_base(root: Path, base: str | None, lang: str) -> PacketBase:
    """The base the clerk named (any commit, branch or tag), or the default for where HEAD is."""
    if base is not None:
        return _described(root, base, _commit(root, base), _safe(base), lang)
    branch = (git(root, "symbolic-ref", "--quiet", "--short", "HEAD") or "").strip()
    published = _published_branch(root)
    if branch and branch != MAIN and published:
        fork = (git(root, "merge-base", "HEAD", published) or "").strip()
        if fork:
            return _described(root, published, fork, MAIN, lang)
    last = last_adoption(root)
    if last is None:
        raise UsageError(
            "no commit adopts, revises or retires a policy yet, so there is no adopted manual to compare with; "
            "name the base: policy packet --base COMMIT"
        )
    commit, day = last
    return PacketBase(commit, day.isoformat(), _adopted_words(day, lang), _where("", commit, root, lang))


def _published_branch(root: Path) -> str | None:
    """``main``, or in a clone that never checked it out, ``origin/main``."""
    for ref, name in ((f"refs/heads/{MAIN}", MAIN), (f"refs/remotes/origin/{MAIN}", f"origin/{MAIN}")):
        if git(root, "rev-parse", "--verify", "--quiet", ref):
            return name
    return None


def last_adoption(root: Path) -> tuple[str, date] | None:
    """The newest commit on HEAD's first-parent line that adopted, revised or retired a policy, with
    the date it set."""
    versions = [v for found in read_history(root).versions.values() for v in found]
    order = (git(root, "rev-list", "--first-parent", "HEAD", "--", POLICY_FOLDER) or "").split()
    position = {sha: index for index, sha in enumerate(order)}  # newest first
    dated = [(position[v.commit], v) for v in versions if v.commit in position]
    if not dated:
        return None
    newest = min(index for index, _v in dated)
    return order[newest], max(v.date for index, v in dated if index == newest)


def _described(root: Path, ref: str, commit: str, name: str, lang: str) -> PacketBase:
    newest = _newest_adoption_in(root, commit)
    words = _adopted_words(newest, lang) if newest else f"the manual of {long_date(_commit_day(root, commit), lang)}"
    return PacketBase(commit, name, words, _where(ref, commit, root, lang))


def _newest_adoption_in(root: Path, commit: str) -> date | None:
    """The latest adoption, revision or retirement date among the versions ``commit`` contains."""
    reachable = set((git(root, "rev-list", commit, "--", POLICY_FOLDER) or "").split())
    dates = [v.date for found in read_history(root).versions.values() for v in found if v.commit in reachable]
    return max(dates) if dates else None


def _adopted_words(day: date, lang: str) -> str:
    return f"the adopted manual of {long_date(day, lang)}"


def _where(ref: str, commit: str, root: Path, lang: str) -> str:
    short = f"commit {commit[:12]} of {long_date(_commit_day(root, commit), lang)}"
    return f"{ref}, {short}" if ref and not commit.startswith(ref) else short


def _commit(root: Path, ref: str) -> str:
    found = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if found is None:
        raise UsageError(f"'{ref}' is not a commit, branch or tag in this repository")
    return found.strip()


def _commit_day(root: Path, commit: str) -> date:
    stamp = (git(root, "show", "-s", "--format=%ct", commit) or "0").strip()
    return datetime.fromtimestamp(int(stamp or 0), UTC).date()


def _safe(base: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-") or "base"
