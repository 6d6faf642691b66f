"""Inputs stay inside the project: a source or template file whose real path leaves the project (a
symlink to ``/etc/passwd``, to another checkout) is a located error, and is never read."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problem, error
from ..paths.project import Project


def outside_inputs(project: Project) -> list[Problem]:
    """Every file or folder under the project's inputs whose real path is outside the project."""
    problems = []
    for path in _walk(project.inputs()):
        if not project.confined(path):
            target = os.path.realpath(path)
            message = f"this is a link to {target}, outside the project; copy the file into the project instead"
            problems.append(error(project.display(path), 1, message, kind="input.outside"))
    return problems


def _walk(roots: list[Path]) -> list[Path]:
    """Every entry under ``roots`` (links are listed, never followed)."""
    found = []
    for root in roots:
        if root.is_symlink() or root.is_file():
            found.append(root)
            continue
        for folder, dirs, files in os.walk(root):
            found += [Path(folder, name) for name in dirs if Path(folder, name).is_symlink()]
            found += [Path(folder, name) for name in files]
    return found
