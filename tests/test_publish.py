"""Crash safety: atomic swap, stale work folders, the build lock, and builds killed with SIGKILL."""

from __future__ import annotations

import fcntl
import os
import random
import signal
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest

from build_scripts.site import publish as publish_module
from build_scripts.site.publish import build_lock, exchange, lock_path, publish, remove_stale
from tests.conftest import FIXED_EPOCH, copy_project, run_cli

Tree = dict[str, tuple[int, bytes]]


def tree(folder: Path) -> Tree:
    """Every file and folder under ``folder``: mode and content."""
    result: Tree = {".": (stat.S_IMODE(folder.stat().st_mode), b"")}
    for path in sorted(folder.rglob("*")):
        content = path.read_bytes() if path.is_file() else b""
        result[path.relative_to(folder).as_posix()] = (stat.S_IMODE(path.lstat().st_mode), content)
    return result


def staged(parent: Path, name: str, text: str) -> Path:
    folder = parent / name
    folder.mkdir()
    (folder / "index.json").write_text(text)
    return folder


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    new, site = staged(tmp_path, "new", "new"), staged(tmp_path, "site", "old")
    inode = site.stat().st_ino
    assert exchange(new, site)
    assert (site / "index.json").read_text() == "new" and (new / "index.json").read_text() == "old"
    assert new.stat().st_ino == inode


def test_publish_replaces_the_site_and_leaves_nothing_behind(tmp_path: Path) -> None:
    staged(tmp_path, "site", "old")
    publish(staged(tmp_path, ".site.staging-1", "new"), tmp_path / "site")
    assert (tmp_path / "site" / "index.json").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_publish_without_renameat2_renames_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publish_module, "exchange", lambda first, second: False)
    staged(tmp_path, "site", "old")
    publish(staged(tmp_path, ".site.staging-1", "new"), tmp_path / "site")
    assert (tmp_path / "site" / "index.json").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_stale_work_folders_are_removed_under_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "site"
    staged(tmp_path, "site", "old")
    for name in (".site.staging-abc", ".site.docs-def", ".site.previous-ghi", ".other.staging-x"):
        staged(tmp_path, name, "stale")
    with build_lock(out):
        assert sorted(p.name for p in tmp_path.iterdir()) == [".other.staging-x", ".site.lock", "site"]
    assert remove_stale(out) == []


def _build(project: Path, out: Path) -> subprocess.Popen[bytes]:
    policy = Path(os.sys.executable).parent / "policy"
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    command = [str(policy), "build", "--out", str(out)]
    return subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _waiting_for_lock(pid: int, lock: Path) -> bool:
    """True when ``pid`` is blocked on an flock of ``lock`` (a '->' line in /proc/locks)."""
    inode = lock.stat().st_ino
    lines = Path("/proc/locks").read_text().splitlines()
    return any("->" in line and f" {pid} " in line and line.split()[-3].endswith(f":{inode}") for line in lines)


def test_a_second_build_waits_for_the_first(tmp_path: Path) -> None:
    project, out = copy_project(tmp_path / "project"), tmp_path / "out" / "site"
    out.parent.mkdir()
    with open(lock_path(out), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a build in progress
        second = _build(project, out)
        deadline = time.monotonic() + 120
        while not _waiting_for_lock(second.pid, lock_path(out)):
            assert second.poll() is None, second.stderr.read() if second.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert not out.exists()
    assert second.wait(timeout=300) == 0
    assert (out / "manifest.json").is_file()


def _watch(out: Path, stop: threading.Event, gaps: list[float]) -> None:
    """Record every moment at which ``out`` is not a folder holding index.html."""
    while not stop.is_set():
        if not (out / "index.html").is_file():
            gaps.append(time.monotonic())
        time.sleep(0.0005)


def test_builds_killed_at_random_moments_leave_the_old_site(tmp_path: Path) -> None:
    project, out = copy_project(tmp_path / "project"), tmp_path / "out" / "site"
    started = time.monotonic()
    assert run_cli("build", "--out", str(out), cwd=project, env={"SOURCE_DATE_EPOCH": FIXED_EPOCH}).returncode == 0
    duration = time.monotonic() - started
    before = tree(out)
    policy = project / "source" / "policies" / "G-170.md"
    policy.write_text(policy.read_text().replace("title: Employee Social Media Policy", "title: Social Media"))
    seed = random.randrange(10**6)
    rng = random.Random(seed)  # one random moment in each sixth of the build (and a little after it)
    moments = [rng.uniform(i / 6, (i + 1) / 6) * 1.1 * duration for i in range(6)]
    stop, gaps = threading.Event(), []
    watcher = threading.Thread(target=_watch, args=(out, stop, gaps), daemon=True)
    watcher.start()
    states = []
    for moment in moments:
        build = _build(project, out)
        time.sleep(moment)
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
        states.append(tree(out))
    stop.set()
    watcher.join()
    assert gaps == [], f"site/ was missing or incomplete {len(gaps)} times (seed {seed})"
    final = run_cli("build", "--out", str(out), cwd=project, env={"SOURCE_DATE_EPOCH": FIXED_EPOCH})
    assert final.returncode == 0, final.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == [".site.last-build.json", ".site.lock", "site"]
    after = tree(out)
    assert after != before
    # killed before the swap: byte-identical to before; after it: the complete new site
    outcomes = ["old" if state == before else "new" if state == after else "broken" for state in states]
    print(f"kill moments {[round(m, 2) for m in moments]} s of a {duration:.1f} s build: {outcomes}")
    assert "broken" not in outcomes, f"seed {seed}, moments {moments}, outcomes {outcomes}"
    assert "old" in outcomes, f"no kill landed before the swap (seed {seed}, moments {moments})"
