"""Stage timings and progress: a bar on a terminal, plain lines in CI logs, nothing in tests.

``POLICY_TIMINGS=1`` prints ``timing: <stage> <seconds>`` lines (what ``make bench`` reads).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from .textfilters import counted, plural_of

TIMINGS_ENV = "POLICY_TIMINGS"
BAR_WIDTH = 30


@dataclass
class Progress:
    """Where the build says what it is doing; silent unless ``stream`` is given."""

    stream: TextIO | None = None
    timings: dict[str, float] = field(default_factory=dict)
    print_timings: bool = False

    @classmethod
    def for_cli(cls) -> Progress:
        return cls(sys.stderr, print_timings=os.environ.get(TIMINGS_ENV, "") not in ("", "0"))

    @property
    def interactive(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time one stage of the build."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start
            if self.print_timings and self.stream is not None:
                print(f"timing: {name} {self.timings[name]:.3f}", file=self.stream, flush=True)

    def count(self, what: str, done: int, total: int) -> None:
        """Report ``done`` of ``total`` things ``what`` (singular, e.g. 'policy PDF'): a bar redrawn on a
        terminal, one line at the end elsewhere ('1 policy PDF made')."""
        if self.stream is None or total == 0:
            return
        if self.interactive:
            filled = BAR_WIDTH * done // total
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            end = "\n" if done >= total else ""
            print(f"\r{plural_of(what):<22} [{bar}] {done}/{total}", end=end, file=self.stream, flush=True)
        elif done >= total:
            print(f"{counted(total, what)} made", file=self.stream, flush=True)

    def note(self, text: str) -> None:
        if self.stream is not None:
            print(text, file=self.stream, flush=True)
