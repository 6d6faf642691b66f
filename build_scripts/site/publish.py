"""Publishing a built site without ever damaging the last good one.

Everything happens beside the target folder (``site/``): a build lock (``.site.lock``, an
``flock``, so a second build waits), work folders (``.site.docs-*``, ``.site.staging-*``) and an
atomic swap. On Linux ``renameat2(RENAME_EXCHANGE)`` swaps the new site and the old one in one
step, so ``site/`` is a real folder at every moment; elsewhere two renames leave a window of
microseconds. A build killed at any point leaves only work folders behind, and the next build
removes them once it holds the lock.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
WORK_KINDS = ("docs", "staging", "previous")


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def _work_prefix(out: Path, kind: str) -> str:
    return f".{out.name}.{kind}-"


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold the build lock of ``out`` (waiting for another build); stale work folders are removed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(out), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        remove_stale(out)
        yield


def remove_stale(out: Path) -> list[Path]:
    """Work folders a killed build left beside ``out``; call only while holding the lock."""
    stale = [p for kind in WORK_KINDS for p in out.parent.glob(_work_prefix(out, kind) + "*") if p.is_dir()]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


@contextmanager
def work_folder(out: Path, kind: str) -> Iterator[Path]:
    """A fresh folder beside ``out`` (same file system, so it can be renamed into place)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=_work_prefix(out, kind), dir=out.parent))
    try:
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder)


def publishable_modes(folder: Path) -> None:
    """Folders 0755, files 0644, whatever the umask or ``mkdtemp`` (0700) gave them: a web server
    running as another user must be able to read the site."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def publish(staging: Path, target: Path) -> None:
    """Make ``staging`` (complete: the pipeline adds each page's CSP before its link check) the site
    at ``target``: modes set, then one atomic swap."""
    publishable_modes(staging)
    target = target.resolve()
    if not target.is_dir() or target.is_symlink():
        staging.rename(target)  # first build, or a file in the way: nothing worth keeping to swap
        return
    old = staging
    if not exchange(staging, target):
        old = Path(tempfile.mkdtemp(prefix=_work_prefix(target, "previous"), dir=target.parent))
        target.rename(old / "site")
        staging.rename(target)
    shutil.rmtree(old)  # the previous site, now under the work folder's name


@cache
def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    libc = ctypes.CDLL(None, use_errno=True)
    return getattr(libc, "renameat2", None)


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically; False where the system cannot (the caller then renames twice)."""
    function = _renameat2()
    if function is None:
        return False
    done = function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))
