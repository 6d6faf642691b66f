"""Progress of a long import: a bar on a terminal, plain lines otherwise (logs, CI)."""

from __future__ import annotations

from typing import TextIO

WIDTH = 30


class ProgressLine:
    """Call with (done, total, name) after each file."""

    def __init__(self, stream: TextIO, label: str = "import") -> None:
        self.stream, self.label = stream, label
        self.tty = stream.isatty()

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.tty:
            print(f"{self.label}: {done}/{total} {name}", file=self.stream, flush=True)
            return
        filled = WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (WIDTH - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} {name[-40:]:<40}{end}")
        self.stream.flush()
