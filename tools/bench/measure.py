"""Run one command and measure it: wall time, CPU time, peak memory of its process tree, stage timings.

CPU time (user + system, from ``getrusage(RUSAGE_CHILDREN)``) says what the work costs when other
processes share the machine; wall time is what a clerk waits.

Peak memory is the largest sum of resident set sizes (VmRSS) over the command's process and all its
descendants, sampled from ``/proc`` every ``SAMPLE_SECONDS`` (a peak shorter than that can be
missed). ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` is recorded too: the largest single
process, a floor that sampling cannot miss.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.1
TIMEOUT_SECONDS = 3600
TIMING_LINE = re.compile(r"^timing: (?P<stage>\S(?:.*\S)?) (?P<seconds>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*$")
BUILD_LINE = re.compile(r"^policy build: (?P<count>\d+) polic(?:y|ies) published", re.MULTILINE)


@dataclass
class Run:
    """One measured command."""

    command: list[str]
    seconds: float
    cpu_seconds: float  # user + system time of the command and every descendant it waited for
    peak_rss_bytes: int  # sampled sum over the process tree
    max_single_rss_bytes: int | None  # getrusage: the largest one process (a floor); None if not above earlier runs
    returncode: int
    stdout: str
    stderr: str
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def published(self) -> int | None:
        """The policy count the build reports (``policy build: N policies published to ...``)."""
        match = BUILD_LINE.search(self.stdout)
        return int(match.group("count")) if match else None


def parse_timings(text: str) -> dict[str, float]:
    """``timing: <stage> <seconds>`` lines (``POLICY_TIMINGS=1``); a stage seen twice is summed."""
    timings: dict[str, float] = {}
    for line in text.splitlines():
        match = TIMING_LINE.match(line.strip())
        if match:
            stage = match.group("stage")
            timings[stage] = timings.get(stage, 0.0) + float(match.group("seconds"))
    return timings


def run_measured(command: list[str], env: dict[str, str], cwd: Path | None = None) -> Run:
    """Run ``command`` to the end while sampling its tree's memory; never raises for a failed command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    sampler = _Sampler(process.pid)
    sampler.start()
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    finally:
        sampler.stop()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # ru_maxrss (KiB) is a maximum over every child ever waited for: it only says something when it grew.
    single = after.ru_maxrss * 1024 if after.ru_maxrss > before.ru_maxrss else None
    return Run(
        command,
        seconds,
        cpu,
        max(sampler.peak, single or 0),
        single,
        process.returncode,
        stdout,
        stderr,
        parse_timings(stderr),
    )


class _Sampler(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, tree_rss(self.root))
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, now (0 once it has exited)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            ppid = _ppid(entry.name)
            if ppid is not None:
                parents[int(entry.name)] = ppid
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, ppid in parents.items() if ppid in tree and pid not in tree}
        tree |= found
        grew = bool(found)
    return sum(_rss(pid) for pid in tree)


def _ppid(pid: str) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # fields after the command name: state, ppid, ...


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
