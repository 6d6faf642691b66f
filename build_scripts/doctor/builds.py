"""``policy doctor``: the last build of ``site/`` and of ``preview/``: when, from which commit, and
whether it failed (``site/lastbuild.py`` records every attempt)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ..paths.project import Project
from ..site.lastbuild import LastBuild, read_build
from ..source.gitread import git
from ..textfilters import counted
from .findings import Finding, Section, fix, note, ok

SHORT = 12  # characters of a commit shown


def builds(project: Project) -> Section:
    head = (git(project.root, "rev-parse", "HEAD") or "").strip()
    site = _folder(project, project.site_dir, head, "policy build", "run: make site (or policy build)")
    preview = _folder(project, project.preview_dir, head, "policy serve", "to see drafts: policy serve")
    return Section("Last build", [*site, *preview])


def _folder(project: Project, out: Path, head: str, command: str, first: str) -> list[Finding]:
    name = project.display(out) + "/"
    last = read_build(out)
    if last is None:
        return [_unrecorded(out, name, first)]
    when = _when(last)
    if not last.ok:
        kept = "still holds the build before it" if (out / "manifest.json").is_file() else "has not been built yet"
        return [
            fix(
                f"the last build of {name}, {when}, failed with {counted(last.errors, 'error')}; {name} {kept}",
                *last.problems,
                f"correct them ('policy check' lists every one), then run: {command}",
            )
        ]
    made = "previewed" if out == project.preview_dir else "published"
    found = [ok(f"{name} was built {when}: {counted(last.policies, 'policy')} {made}")]
    if last.commit and head and last.commit != head:
        found.append(note(f"commits have been made since {name} was built", f"to bring it up to date: {command}"))
    return found


def _when(last: LastBuild) -> str:
    try:
        stamp = datetime.fromisoformat(last.finished)
        moment = f"on {stamp.date().isoformat()} at {stamp.strftime('%H:%M')}"
    except ValueError:
        moment = "at an unknown time"
    commit = f" from commit {last.commit[:SHORT]}" if last.commit else " outside git"
    return moment + commit + (" with changes not committed" if last.uncommitted else "")


def _unrecorded(out: Path, name: str, first: str) -> Finding:
    manifest = out / "manifest.json"
    if not manifest.is_file():
        return note(f"{name} has not been built yet", first)
    try:
        commit = str(json.loads(manifest.read_text(encoding="utf-8")).get("commit") or "")
    except (OSError, ValueError, AttributeError):
        commit = ""
    source = f" from commit {commit[:SHORT]}" if commit else ""
    return note(f"{name} was built{source}, before this tool kept a record of when", first)
