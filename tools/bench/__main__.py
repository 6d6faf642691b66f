"""``python -m tools.bench [--policies N] [--runs K] [--json FILE]``: the build benchmark (``make bench``).

Generates a synthetic manual with git history in a temporary folder, measures every scenario K times
(each a separate ``policy`` process), times the two PDF paths once each, and prints a table of
medians against the targets of issue 8; ``--json`` writes every number.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from build_scripts.textfilters import counted

from .manual import SyntheticManual, generate_manual
from .measure import SAMPLE_SECONDS
from .report import pdf_comparison, peak_memory, render_table, site_weight, summarise_runs
from .scenarios import BenchError, Workspace, pdf_path, run_scenarios
from .stages import build_times_itself

MEMORY_METHOD = (
    f"sum of VmRSS over the build's process tree, sampled from /proc every {SAMPLE_SECONDS} s "
    "(max_single_rss_bytes: getrusage(RUSAGE_CHILDREN).ru_maxrss, the largest one process)"
)

STAGE_METHOD = (
    "tools.bench.stages: timers around the stage functions pipeline.build() calls (the build does not "
    "print its own timing lines yet); 'other' is the rest of the build, 'total' all of it in-process"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("--policies", type=int, default=400, help="synthetic policies to generate (default 400)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each scenario; the table shows medians")
    parser.add_argument("--json", type=Path, default=None, help="write every measurement to this JSON file")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the synthetic manual")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the project and site here (default: temp)")
    return parser


@contextmanager
def _workdir(chosen: Path | None) -> Iterator[Path]:
    if chosen is not None:
        chosen.mkdir(parents=True, exist_ok=True)
        yield chosen.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="policy-bench-") as folder:
        yield Path(folder)


def _progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run_bench(root: Path, policies: int, runs: int, seed: int) -> dict[str, Any]:
    """Generate, measure, compare: the whole benchmark in ``root``; returns the JSON summary."""
    load_at_start = list(os.getloadavg())
    start = time.perf_counter()
    manual = generate_manual(root / "project", policies, seed=seed)
    generated = time.perf_counter() - start
    _progress(f"generated {manual.policy_count} policies, {manual.commits} commits in {generated:.1f} s")
    space = Workspace(manual, root / "cache")
    results = run_scenarios(space, runs, _progress)
    scenarios = {name: summarise_runs(items) for name, items in results.items()}
    weight = site_weight(space.site)
    ours = pdf_path("ours", space, root / "ours")
    _progress(f"our PDF path: {ours['render_seconds']:.1f} s for {ours['policies']} policies")
    weasy = pdf_path("weasyprint", space, root / "weasyprint")
    _progress(f"WeasyPrint path: {weasy['pandoc_seconds'] + weasy['weasyprint_seconds']:.1f} s")
    return {
        "machine": _machine(load_at_start),
        "manual": _manual(manual, policies, seed, generated),
        "runs": runs,
        "memory_method": MEMORY_METHOD,
        "scenarios": scenarios,
        "peak_memory": peak_memory(results),
        "pdf": pdf_comparison(ours, weasy, scenarios["cold_build"]),
        "site": weight,
        "stage_method": "the build's own timing lines" if build_times_itself() else STAGE_METHOD,
    }


def _machine(load_at_start: list[float]) -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average": {"start": load_at_start, "end": list(os.getloadavg())},  # other work on the machine
    }


def _manual(manual: SyntheticManual, policies: int, seed: int, generated: float) -> dict[str, Any]:
    files = (manual.root / "source" / "policies").glob("*.md")
    return {
        "synthetic_policies": policies,
        "policy_files": manual.policy_count,
        "retired": manual.retired,
        "commits": manual.commits,
        "words": sum(len(path.read_text(encoding="utf-8").split()) for path in files),
        "seed": seed,
        "generate_seconds": generated,
    }


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.policies < 1 or args.runs < 1:
        print("error: --policies and --runs must be at least 1", file=sys.stderr)
        return 2
    try:
        with _workdir(args.workdir) as root:
            summary = run_bench(root, args.policies, args.runs, args.seed)
    except BenchError as exc:
        print(f"bench: failed: {exc}", file=sys.stderr)
        return 1
    files, cpus = summary["manual"]["policy_files"], os.cpu_count() or 1
    print(f"Benchmark: {counted(files, 'policy')}, {counted(args.runs, 'run')}, {counted(cpus, 'CPU')}\n")
    print(render_table(summary))
    if args.json is not None:
        args.json.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
