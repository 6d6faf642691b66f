"""`policy serve`: an edited sentence shows in the served page within 2 s of saving (the open page is
told to reload), the documents quoting it follow, a source error shows on the page and in the
terminal without stopping the server, and Ctrl-C stops it cleanly."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_scripts.paths.project import Project
from build_scripts.pipeline import build
from tests.conftest import FIXED_EPOCH, copy_project
from tests.test_incremental import checksums
from tools.serve_latency import fetch, free_port, wait_for

PAGE = "policies/g-170/"
HANDBOOK = "documents/staff-handbook/"  # binds the whole text of G-170
VISIBLE_WITHIN = 2.0  # seconds from saving a policy to its page showing the edit (the requirement)
BEFORE = "This policy is adopted in addition to"
AFTER = "This policy, as edited while serving, is adopted in addition to"
ERROR = "source/policies/G-170.md:6: adopted: not a valid date ('2019-13-20'): 2019 has no month 13"


class ReloadSignal:
    """What the served page's live-reload script does: a long poll that the server answers when a
    newer version of the site is visible (the browser then reloads the page)."""

    def __init__(self, page: str, url: str) -> None:
        found = re.search(r"livereload\((\d+), \d+\)", page)
        assert found is not None
        self.answered: float | None = None
        poll = url.split("/policies/")[0] + f"/livereload/{found[1]}/1"
        threading.Thread(target=self._wait, args=(poll,), daemon=True).start()

    def _wait(self, poll: str) -> None:
        if fetch(poll).isdigit():
            self.answered = time.monotonic()


def _as_in_a_terminal() -> None:
    """Ctrl-C stops serve as it does in a terminal, even when the suite itself runs where SIGINT is
    ignored (a shell's background job: the children inherit that, and Python then never raises
    KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    root = copy_project(tmp_path / "project")
    port = free_port()
    policy = str(Path(sys.executable).parent / "policy")
    process = subprocess.Popen(
        [policy, "serve", "--port", str(port), "--project", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # a hang explains itself (``stopped``)
        preexec_fn=_as_in_a_terminal,
    )
    url = f"http://127.0.0.1:{port}/{PAGE}"
    try:
        wait_for(lambda: BEFORE in fetch(url), 120)
        yield process, url, root
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=30)


def stopped(process: subprocess.Popen[str], seconds: float = 60) -> tuple[str, str]:
    """The output of a process told to stop; if it does not within ``seconds``, every thread's stack
    (faulthandler, on SIGABRT) fails the test."""
    try:
        return process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        out, err = process.communicate(timeout=30)
        pytest.fail(f"policy serve did not stop within {seconds} s of Ctrl-C:\n{out}\n{err}")


def test_edit_shows_errors_show_and_ctrl_c_stops(served: tuple[subprocess.Popen[str], str, Path]) -> None:
    process, url, root = served
    source = root / "source" / "policies" / "G-170.md"
    reload = ReloadSignal(fetch(url), url)  # the page reloads itself after a rebuild
    text = source.read_text().replace(BEFORE, AFTER)
    saved = time.monotonic()
    source.write_text(text)
    seconds = wait_for(lambda: AFTER in fetch(url), 60, every=0.05)
    print(f"edited sentence served after {seconds:.2f} s")
    assert seconds < VISIBLE_WITHIN
    wait_for(lambda: reload.answered is not None, 10)
    assert reload.answered is not None and reload.answered - saved < VISIBLE_WITHIN
    handbook = url.replace(PAGE, HANDBOOK)
    wait_for(lambda: AFTER in fetch(handbook), 60)  # the documents quoting it, made in the pass that follows
    source.write_text(source.read_text().replace("adopted: 2019-03-20", "adopted: 2019-13-20"))
    wait_for(lambda: 'role="alert"' in fetch(url), 60)
    page = fetch(url)
    assert ERROR.replace("'", "&#x27;") in page and AFTER in page  # the last good build, with the error
    assert process.poll() is None
    source.write_text(source.read_text().replace("adopted: 2019-13-20", "adopted: 2019-03-20"))
    wait_for(lambda: 'role="alert"' not in fetch(url), 60)
    process.send_signal(signal.SIGINT)
    out, err = stopped(process)
    assert process.returncode == 0
    assert out.splitlines()[-1] == "policy serve: stopped"
    assert "policy serve: 1 problem(s); the page shows them" in out.splitlines()
    assert ERROR in err.splitlines() and "Traceback" not in err


def test_the_quick_pass_shows_the_edit_and_the_full_build_that_follows_equals_a_cold_build(tmp_path: Path) -> None:
    """What serve runs after an edit, in-process: the quick pass (the last good build's documents, stale)
    publishes the edited page; the full build after it leaves the same bytes as a build from nothing."""
    root = copy_project(tmp_path / "project")
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "POLICY_CACHE_DIR": str(tmp_path / "cache")}
    first = build(Project.at(root), None, preview=True, environ=env)
    source = root / "source" / "policies" / "G-170.md"
    source.write_text(source.read_text().replace(BEFORE, AFTER))

    quick = build(Project.at(root), None, preview=True, environ=env, stale=first.documents)
    assert AFTER in (quick.out / PAGE / "index.html").read_text()
    assert AFTER not in (quick.out / HANDBOOK / "index.html").read_text()  # stale for one pass
    full = build(Project.at(root), None, preview=True, environ=env)
    assert full.documents is not None and AFTER in (full.out / HANDBOOK / "index.html").read_text()
    cold = build(Project.at(root), tmp_path / "cold", preview=True, environ={**env, "POLICY_CACHE_DIR": ""})
    assert checksums(full.out) == checksums(cold.out)
