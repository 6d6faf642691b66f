"""A project's overrides of the tool's own files, and what became of them since they were copied.

A file at ``templates/<path>`` replaces the tool's ``<path>`` (a typst layout, a font, a site page
template, the CSS, a Material override). ``policy templates --copy PATH`` starts one and records the
sha256 of the tool's file it was copied from in ``templates/overrides.lock``; when a later version of
the tool changes that file, ``policy check`` says so, and ``policy templates`` lists it, so the
district can bring the tool's change into its copy (``--diff``) and record that (``--reviewed``).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import shutil
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError

from ..errors import Problem, UsageError, error, warning
from ..paths.project import OVERRIDES_LOCK, TEMPLATES, Project
from ..paths.theme import OVERRIDABLE, SITE_PAGES, THEME, theme_files


class State(StrEnum):
    CURRENT = "current"  # copied from the tool's file as it is today
    OUTDATED = "outdated"  # the tool's file has changed since it was copied
    UNRECORDED = "unrecorded"  # copied by hand: the version it came from is not known
    UNKNOWN = "unknown"  # the tool has no file at that path: it overrides nothing


@dataclass(frozen=True)
class Override:
    path: str  # relative to templates/ and to the tool's theme
    state: State
    hint: str = ""  # the tool's file of the nearest name, for an override of nothing

    def describe(self) -> str:
        return {
            State.CURRENT: "overrides the tool's file (unchanged in the tool since it was copied)",
            State.OUTDATED: "the tool's file has changed since this was copied: compare (--diff), then --reviewed",
            State.UNRECORDED: "overrides the tool's file (copied by hand: record it with --reviewed)",
            State.UNKNOWN: f"overrides nothing: the tool has no such file{self.hint}",
        }[self.state]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_lock(project: Project) -> dict[str, str]:
    lock = project.path(OVERRIDES_LOCK)
    try:
        data = json.loads(lock.read_text(encoding="utf-8")) if lock.is_file() else {}
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def overrides(project: Project) -> list[Override]:
    """Every file the project keeps in an overridable folder of ``templates/``, with its state."""
    lock, found = read_lock(project), []
    for folder in OVERRIDABLE:
        root = project.templates / folder
        for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
            relative = path.relative_to(project.templates).as_posix()
            found.append(_state(relative, lock, theme_files(folder)))
    return found


def _state(relative: str, lock: dict[str, str], known: list[str]) -> Override:
    tool = THEME / relative
    if not tool.is_file():
        near = difflib.get_close_matches(relative, known, n=1)
        return Override(relative, State.UNKNOWN, f" (did you mean {near[0]}?)" if near else "")
    if relative not in lock:
        return Override(relative, State.UNRECORDED)
    return Override(relative, State.CURRENT if lock[relative] == sha256(tool) else State.OUTDATED)


def override_problems(project: Project) -> list[Problem]:
    """``policy check``: overrides of nothing and outdated ones (warnings), page templates that do
    not compile (errors at their line)."""
    problems = []
    for item in overrides(project):
        display = project.display(project.templates / item.path)
        if item.state is State.UNKNOWN:
            problems.append(warning(display, 1, f"{item.describe()}; the file is not used", kind="override.unknown"))
        elif item.state is State.OUTDATED:
            message = (
                f"the tool's {item.path} has changed since this copy was made: compare them with "
                f"'policy templates --diff {item.path}', then run 'policy templates --reviewed {item.path}'"
            )
            problems.append(warning(display, 1, message, kind="override.outdated"))
    return problems + page_template_problems(project)


def page_template_problems(project: Project) -> list[Problem]:
    """Every overridden site page template compiles (the tool's own are tested with the tool)."""
    folder = project.templates / SITE_PAGES
    env, problems = Environment(), []
    for path in sorted(folder.glob("*.j2")) if folder.is_dir() else []:
        try:
            env.parse(path.read_text(encoding="utf-8"))
        except TemplateSyntaxError as exc:
            problems.append(
                error(project.display(path), exc.lineno or 1, f"template syntax: {exc.message}", kind="override")
            )
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(error(project.display(path), 1, f"cannot read the template: {exc}", kind="override"))
    return problems


def copy_override(project: Project, relative: str) -> Path:
    """Start an override: copy the tool's file into ``templates/`` and record what it was copied from."""
    relative = _tool_path(relative)
    target = project.templates / relative
    if target.exists():
        raise UsageError(
            f"{project.display(target)} exists already; compare it with: policy templates --diff {relative}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(THEME / relative, target)
    record_reviewed(project, relative)
    return target


def record_reviewed(project: Project, relative: str) -> None:
    """Record that the override of ``relative`` is up to date with the tool's file as it is today."""
    relative = _tool_path(relative)
    if not (project.templates / relative).is_file():
        raise UsageError(f"the project does not override {relative} (start with: policy templates --copy {relative})")
    lock = {**read_lock(project), relative: sha256(THEME / relative)}
    text = json.dumps(dict(sorted(lock.items())), indent=2) + "\n"
    project.path(OVERRIDES_LOCK).write_text(text, encoding="utf-8")


def diff_override(project: Project, relative: str) -> str:
    """The tool's file today against the project's copy, as a unified diff."""
    relative = _tool_path(relative)
    own = project.templates / relative
    if not own.is_file():
        raise UsageError(f"the project does not override {relative}")
    theirs = (THEME / relative).read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    ours = own.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(theirs, ours, f"tool/{relative}", project.display(own)))


def _tool_path(relative: str) -> str:
    relative = relative.strip().removeprefix(f"{TEMPLATES}/").lstrip("/")
    inside = THEME in (THEME / relative).resolve().parents
    if not inside or not (THEME / relative).is_file() or not relative.startswith(tuple(f"{f}/" for f in OVERRIDABLE)):
        known = ", ".join(f"{f}/" for f in OVERRIDABLE)
        raise UsageError(f"the tool has no file {relative!r} to override (its files are under {known})")
    return relative
