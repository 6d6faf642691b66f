"""``policy doctor``: a project's state in plain words, and the fix for each problem found: the tools
(pandoc, typst, git, fonts), the git repository, the site address, the last builds, and what
``policy check`` says, by kind."""

from __future__ import annotations

from ..paths.project import Project
from .address import address
from .builds import builds
from .environment import environment
from .findings import Section, render, to_fix
from .repository import repository
from .warnings import warnings

CHECKS = (environment, repository, address, builds, warnings)

__all__ = ["diagnose", "render", "to_fix"]


def diagnose(project: Project) -> list[Section]:
    return [check(project) for check in CHECKS]
