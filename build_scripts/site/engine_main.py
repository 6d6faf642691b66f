"""``python -m build_scripts.site.engine_main ENGINE``: one HTML build in a process of its own, the job
as JSON on stdin. For ProperDocs, its module aliases are installed before Material imports ``mkdocs``."""

from __future__ import annotations

import importlib
import json
import sys


def main(argv: list[str]) -> int:
    engine = argv[0] if argv else "mkdocs"
    if engine == "properdocs":
        importlib.import_module("properdocs.replacement")  # mkdocs.* now resolves to properdocs.*
    from ..errors import ToolError
    from .engine import EngineJob, build_in_process

    try:
        build_in_process(EngineJob(**json.loads(sys.stdin.read())))
    except ToolError as exc:
        print(exc.detail, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
