"""A build whose inputs are exactly those of the site it last published does nothing.

The key covers everything a build reads: every file under ``source/`` and ``templates/``,
``mkdocs.yml``, the engines and the pipeline's own code, the commit (and so the history), the
environment's ``SOURCE_DATE_EPOCH`` and the build's options. The site must also still be the one that
build published (its search index and manifest unchanged), else it is built again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import Problem
from ..manifest import Manifest
from .incremental import site_stamp

STATE = "inputs.json"


def reused(state_folder: Path, out: Path, key: str) -> tuple[Manifest, list[Problem]] | None:
    """The published manifest and the warnings of the build that made ``out``, if ``key`` is its key."""
    try:
        state = json.loads((state_folder / STATE).read_text(encoding="utf-8"))
        if state.get("key") != key or state.get("site") != site_stamp(out) or state.get("site") is None:
            return None
        manifest = Manifest.model_validate_json((out / "manifest.json").read_text(encoding="utf-8"))
        warnings = [Problem.from_row(row) for row in state["warnings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return manifest, warnings


def remember(state_folder: Path, out: Path, key: str, warnings: list[Problem]) -> None:
    """Record the key of the build that just published ``out``."""
    state = {"key": key, "site": site_stamp(out), "warnings": [p.to_row() for p in warnings]}
    state_folder.mkdir(parents=True, exist_ok=True)
    temporary = state_folder / f".{STATE}.tmp"
    temporary.write_text(json.dumps(state), encoding="utf-8")
    os.replace(temporary, state_folder / STATE)
