"""The ``policy`` command as the benchmark runs it: ``python -m tools.bench.stages build ...``.

The build times its own stages (``BuildResult.timings``; ``POLICY_TIMINGS=1`` prints
``timing: <stage> <seconds>`` lines to stderr), so this only runs the command in a process of its own.
"""

from __future__ import annotations

import sys

# The stages pipeline.build() reports, in order.
STAGES = ("check", "history", "policies", "versions", "documents", "pages", "mkdocs", "links")


def build_times_itself() -> bool:
    """Whether the build reports its own stages (``BuildResult.timings``)."""
    from build_scripts.pipeline import BuildResult

    return "timings" in getattr(BuildResult, "__dataclass_fields__", {})


def main(argv: list[str] | None = None) -> int:
    from build_scripts.cli import main as policy_main

    return policy_main(argv)


if __name__ == "__main__":
    sys.exit(main())
