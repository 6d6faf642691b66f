"""Time `policy import` on a folder of N synthetic policies in every shape (default 200).

    .venv/bin/python -m tools.import_benchmark [N]

Writes the inputs and a copy of the project into a temporary folder, then runs the `policy import`
command on the folder and prints the wall time. Not a test: the figure depends on the machine's load.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import copy_project
from tools.import_samples import KEY_MAP, WRITERS, make_sample, manual_codes, write_sample


def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="import-benchmark-"))
    try:
        inbox = folder / "inbox"
        inbox.mkdir()
        codes = manual_codes(count)
        for index in range(count):
            write_sample(make_sample(index, codes), inbox, WRITERS[index % len(WRITERS)])
        (folder / "map.yml").write_text(KEY_MAP, encoding="utf-8")
        root = copy_project(folder / "project")
        policy = Path(sys.executable).with_name("policy")
        command = [str(policy), "import", "--project", str(root), "--map", str(folder / "map.yml"), str(inbox)]
        cpu_before = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=folder, timeout=600)
        seconds = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
        print(done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-2000:])
        shapes = ", ".join(WRITERS)
        print(f"{count} files ({shapes}) imported in {seconds:.1f} s wall, {cpu:.1f} s CPU (exit {done.returncode})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
