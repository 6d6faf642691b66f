"""Time per stage of today's build, without changing ``build_scripts``.

The benchmark runs every build as ``python -m tools.bench.stages build --project DIR --out DIR``: the
``policy`` command in a process of its own, with timers. It wraps the stage functions that
``pipeline.build()`` looks up as module globals with a timer, runs ``policy`` in this process and
prints ``timing: <stage> <seconds>`` lines to stderr, the format the build itself prints with
``POLICY_TIMINGS=1`` once it reports its own stages. A stage whose function no longer exists under that
name is reported as missing (``timing-missing: <stage>``), never guessed. Once the build times its
own stages (``BuildResult.timings``), this adds nothing and the build's own lines are read.
"""

from __future__ import annotations

import functools
import importlib
import sys
import time
from collections.abc import Callable
from typing import Any

# stage -> (module, function): what pipeline.build() calls, one line per stage.
STAGES = {
    "check": ("build_scripts.pipeline", "check"),
    "history": ("build_scripts.pipeline", "read_history"),
    "policies (page + PDF)": ("build_scripts.pipeline", "render_policy"),
    "versions and redlines": ("build_scripts.pipeline", "_versions"),
    "documents": ("build_scripts.pipeline", "render_documents"),
    "site pages": ("build_scripts.pipeline", "_site_files"),
    "mkdocs": ("build_scripts.pipeline", "build_html"),
    "link check": ("build_scripts.pipeline", "check_links"),
    "publish": ("build_scripts.pipeline", "publish"),
}


Setter = Callable[[object, str, Any], None]


def install(totals: dict[str, float], setter: Setter = setattr) -> list[str]:
    """Wrap every stage function so that its calls add to ``totals``; returns the stages not found.

    ``setter`` replaces a module attribute (a test passes ``monkeypatch.setattr`` to undo it)."""
    missing = []
    for stage, (module_name, name) in STAGES.items():
        module = importlib.import_module(module_name)
        function = getattr(module, name, None)
        if not callable(function):
            missing.append(stage)
            continue
        setter(module, name, _timed(function, stage, totals))
    return missing


def _timed(function: Callable[..., Any], stage: str, totals: dict[str, float]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[stage] = totals.get(stage, 0.0) + time.perf_counter() - start

    return wrapper


def build_times_itself() -> bool:
    """Whether the build reports its own stages (``BuildResult.timings``, printed with ``POLICY_TIMINGS=1``)."""
    from build_scripts.pipeline import BuildResult

    return "timings" in getattr(BuildResult, "__dataclass_fields__", {})


def main(argv: list[str] | None = None) -> int:
    from build_scripts.cli import main as policy_main

    if build_times_itself():
        return policy_main(argv)
    totals: dict[str, float] = {}
    missing = install(totals)
    start = time.perf_counter()
    code = policy_main(argv)
    total = time.perf_counter() - start
    totals["other"] = total - sum(totals.values())
    totals["total"] = total
    for stage, seconds in totals.items():
        print(f"timing: {stage} {seconds:.3f}", file=sys.stderr)
    for stage in missing:
        print(f"timing-missing: {stage}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
