"""`.gitignore` covers every file the tool writes: the commands that write files run in a scratch git
repository, and `git status` shows only the policy the clerk started."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clerkutil import policy, project_in_git
from tests.conftest import ROOT
from tools.serve_latency import fetch, free_port, wait_for

COMMANDS = [
    ["check"],
    ["new", "JICK", "Bullying Prevention"],
    ["build"],
    ["build", "--preview"],
    ["build", "--as-of", "2020-01-01"],
    ["packet"],
    ["packet", "--out", "packets/packet.html"],
    ["fill", "trip-disclosure-form", "--school", "zeh", "--set", "trip=Science museum"],
    ["reprint", "--since", "HEAD"],
    ["status", "--due"],
    ["doctor"],
]
WRITTEN = {".site.lock", ".site.last-build.json", "site/", ".preview.lock", ".preview.last-build.json", "preview/"}
WRITTEN |= {"as-of/", "packets/", "private/"}


def git_status(root: Path, *options: str) -> list[str]:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all", *options],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.splitlines()


def serve_once(root: Path) -> None:
    """``policy serve`` until it serves the preview, then Ctrl-C."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "policy"), "serve", "--port", str(port), "--project", str(root)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: "G-170" in fetch(f"http://127.0.0.1:{port}/"), 180, every=0.2)
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=30)


def test_git_sees_nothing_the_commands_write(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = project_in_git(tmp_path / "project")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    subprocess.run(["git", "add", ".gitignore"], cwd=root, check=True, timeout=60)
    subprocess.run(["git", "commit", "-qm", "Ignore the tool's outputs"], cwd=root, check=True, timeout=60)
    for command in COMMANDS:
        code, out, err = policy(capsys, root, *command)
        assert code in (0, 1), f"{command}\n{out}\n{err}"  # doctor says 1 when it finds something to fix
        assert "Traceback" not in err
    serve_once(root)
    assert git_status(root) == ["?? source/policies/JICK.md"]
    ignored = {line.removeprefix("!! ") for line in git_status(root, "--ignored=matching") if line.startswith("!! ")}
    assert ignored >= WRITTEN  # the commands did write them
