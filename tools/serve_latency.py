"""How long ``policy serve`` takes to show an edited sentence: from the file write to the served page.

``python -m tools.serve_latency [--edits 5] [--project DIR]`` copies the project (default: this
repository's ``mkdocs.yml``, ``source/`` and ``templates/``) into a temporary folder, starts
``policy serve`` on a free port, waits for the first build, then edits one sentence of G-170 ``--edits``
times. Each time it polls the served page over HTTP until it holds the new sentence, then waits until
the server is idle again (every pass finished) before the next edit. Prints each time and the median.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
POLICY = "source/policies/G-170.md"
PAGE = "policies/g-170/"
SENTENCE = "This policy is adopted in addition to"
IDLE = "policy serve: rebuilt"  # printed after the last pass of a rebuild


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


def wait_for(condition: Callable[[], bool], seconds: float, every: float = 0.05) -> float:
    """Seconds until ``condition`` held; raises TimeoutError after ``seconds``."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise TimeoutError(f"not seen within {seconds} s")
        time.sleep(every)
    return time.monotonic() - start


class Output:
    """The server's standard output, read on a thread: how many rebuilds it has finished."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert process.stdout is not None
        self._thread = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._thread.start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.append(str(line).rstrip("\n"))

    def finished(self) -> int:
        return sum(1 for line in self.lines if line.startswith(IDLE))


def edit_once(source: Path, url: str, output: Output, number: int) -> float:
    """Write one new sentence; seconds until the served page shows it (then wait for idle)."""
    text = source.read_text(encoding="utf-8")
    new = f"This policy (edit {number}) is adopted in addition to"
    before = output.finished()
    source.write_text(text.replace(SENTENCE, new) if SENTENCE in text else _swap(text, number), encoding="utf-8")
    seconds = wait_for(lambda: new in fetch(url), 120)
    wait_for(lambda: output.finished() > before and fetch(url) != "", 300, 0.2)
    time.sleep(0.5)  # let the watcher settle before the next write
    return seconds


def _swap(text: str, number: int) -> str:
    old = f"This policy (edit {number - 1}) is adopted in addition to"
    return text.replace(old, f"This policy (edit {number}) is adopted in addition to")


def measure(project: Path, edits: int) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="serve-latency-") as folder:
        root = Path(folder) / "project"
        root.mkdir()
        for name in ("mkdocs.yml", "source", "templates"):
            (shutil.copytree if (project / name).is_dir() else shutil.copy2)(project / name, root / name)
        port = free_port()
        command = [str(Path(sys.executable).parent / "policy"), "serve", "--port", str(port), "--project", str(root)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            output = Output(process)
            url = f"http://127.0.0.1:{port}/{PAGE}"
            wait_for(lambda: SENTENCE in fetch(url) and output.finished() > 0, 300, 0.2)
            return [edit_once(root / POLICY, url, output, n) for n in range(1, edits + 1)]
        finally:
            process.terminate()
            process.wait(timeout=60)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--project", type=Path, default=REPOSITORY)
    args = parser.parse_args(argv)
    times = measure(args.project.resolve(), args.edits)
    print("edit-to-visible (s): " + ", ".join(f"{t:.2f}" for t in times))
    print(f"median: {statistics.median(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
