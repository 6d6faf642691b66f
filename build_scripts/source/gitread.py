"""Reading git history with a few git processes: first-parent commits, trees and blobs."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import ToolError

GIT_TIMEOUT = 120


@dataclass(frozen=True)
class Commit:
    sha: str
    time: int  # committer time, seconds since the epoch


def git(root: Path, *args: str, index: Path | None = None) -> str | None:
    """Output of a git command, or None when it fails (not a repository, no commits ...); with
    ``index``, git reads and writes that index file instead of the repository's own."""
    env = {**os.environ, "GIT_INDEX_FILE": str(index)} if index else None
    try:
        done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, timeout=GIT_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def first_parent_commits(root: Path, folder: str) -> list[Commit]:
    """Oldest first: the commits on the first-parent line of HEAD that touched ``folder``."""
    out = git(root, "log", "--first-parent", "--reverse", "--format=%H %ct", "HEAD", "--", folder) or ""
    return [Commit(sha, int(time)) for sha, time in (line.split() for line in out.splitlines() if line)]


def tree_blobs(root: Path, commit: str, folder: str) -> dict[str, str]:
    """Path -> blob sha of every file under ``folder`` at ``commit``."""
    out = git(root, "ls-tree", "-r", commit, "--", folder) or ""
    blobs = {}
    for line in out.splitlines():
        meta, path = line.split("\t", 1)
        _mode, kind, sha = meta.split()
        if kind == "blob":
            blobs[path] = sha
    return blobs


def read_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Contents of many blobs from one ``git cat-file --batch`` process."""
    if not shas:
        return {}
    request = "".join(f"{sha}\n" for sha in shas).encode()
    try:
        done = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=root, input=request, capture_output=True, timeout=GIT_TIMEOUT
        )
    except subprocess.TimeoutExpired:
        raise ToolError("git", "cat-file --batch", f"timed out after {GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        raise ToolError("git", "cat-file --batch", done.stderr.decode(errors="replace"))
    return _parse_batch(done.stdout)


def _parse_batch(data: bytes) -> dict[str, bytes]:
    blobs: dict[str, bytes] = {}
    position = 0
    while position < len(data):
        end = data.index(b"\n", position)
        sha, kind, size_text = data[position:end].decode().split()[:3]
        start = end + 1
        size = int(size_text) if kind != "missing" else 0
        blobs[sha] = data[start : start + size]
        position = start + size + 1
    return blobs


def is_shallow(root: Path) -> bool:
    return (git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


def has_commits(root: Path) -> bool:
    return git(root, "rev-parse", "--verify", "HEAD") is not None


@contextmanager
def scratch_index(root: Path, folder: str, suffix: str) -> Iterator[Path]:
    """A throwaway copy of the repository's index in which every untracked file under ``folder``
    whose name ends in ``suffix`` is added as intent-to-add (``git add -N``): diffs run with it see
    a file moved without ``git mv`` as git does once the new file is added. The repository's own
    index and the working tree are never written."""
    with tempfile.TemporaryDirectory(prefix="policy-index-") as scratch:
        index = Path(scratch) / "index"
        own = git(root, "rev-parse", "--git-path", "index")
        if own and (root / own.strip()).is_file():
            shutil.copyfile(root / own.strip(), index)
        listed = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", folder, index=index) or ""
        untracked = [path for path in listed.split("\0") if path.endswith(suffix)]
        if untracked:
            _add_intent(root, untracked, index)
        yield index


def _add_intent(root: Path, paths: list[str], index: Path) -> None:
    """``git add -N PATHS`` into ``index`` (a scratch copy), raising git's own error text."""
    env = {**os.environ, "GIT_INDEX_FILE": str(index)}
    command = ["git", "--literal-pathspecs", "add", "--intent-to-add", "--", *paths]  # names, not patterns
    subject = "add --intent-to-add (in a scratch copy of the index)"
    try:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=GIT_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ToolError("git", subject, str(error)) from None
    if done.returncode != 0:
        raise ToolError("git", subject, done.stderr)
