"""`policy serve`: an edited sentence shows in the served page, a source error shows on the page and
in the terminal without stopping the server, and Ctrl-C stops it cleanly."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_project

PAGE = "policies/g-170/"
BEFORE = "This policy is adopted in addition to"
AFTER = "This policy, as edited while serving, is adopted in addition to"
ERROR = "source/policies/G-170.md:6: adopted: not a valid date ('2019-13-20'); write it as YYYY-MM-DD"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(condition: Callable[[], bool], seconds: float) -> float:
    """Seconds until ``condition`` held; fails after ``seconds``."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, "timed out"
        time.sleep(0.1)
    return time.monotonic() - start


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
    )
    url = f"http://127.0.0.1:{port}/{PAGE}"
    try:
        wait_for(lambda: BEFORE in fetch(url), 120)
        yield process, url, root
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=30)


def test_edit_shows_errors_show_and_ctrl_c_stops(served: tuple[subprocess.Popen[str], str, Path]) -> None:
    process, url, root = served
    source = root / "source" / "policies" / "G-170.md"
    assert "livereload" in fetch(url)  # the page reloads itself after a rebuild
    source.write_text(source.read_text().replace(BEFORE, AFTER))
    seconds = wait_for(lambda: AFTER in fetch(url), 60)
    print(f"edited sentence served after {seconds:.1f} s")
    source.write_text(source.read_text().replace("adopted: 2019-03-20", "adopted: 2019-13-20"))
    wait_for(lambda: 'role="alert"' in fetch(url), 60)
    page = fetch(url)
    assert ERROR.replace("'", "&#x27;") in page and AFTER in page  # the last good build, with the error
    assert process.poll() is None
    source.write_text(source.read_text().replace("adopted: 2019-13-20", "adopted: 2019-03-20"))
    wait_for(lambda: 'role="alert"' not in fetch(url), 60)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert out.splitlines()[-1] == "policy serve: stopped"
    assert "policy serve: 1 problem(s); the page shows them" in out.splitlines()
    assert ERROR in err.splitlines() and "Traceback" not in err
