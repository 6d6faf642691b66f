"""``policy doctor``: what ``policy check`` says, by kind: errors first (the manual cannot be published
until they are fixed), then each kind of warning once, with how many there are and the first of them,
whose message says what to do.

A problem's kind is ``Problem.kind`` (e.g. ``cross-ref.text``) where the pipeline gives one; without it,
warnings are grouped by their message with the quoted values and entry numbers left out."""

from __future__ import annotations

import re

from ..cache import ContentCache
from ..errors import Problem, ValidationFailed
from ..paths.project import Project
from ..pipeline import check
from ..textfilters import counted
from .findings import Finding, Section, fix, note, ok

QUOTED = re.compile(r"'[^']*'")
ENTRY = re.compile(r"\[\d+\]")
SHOWN = 3  # errors quoted


def warnings(project: Project) -> Section:
    try:
        _manual, found = check(project, cache=ContentCache.for_project(project.root))
    except ValidationFailed as exc:
        return Section("Warnings and errors", [_errors(exc.problems), *_grouped(exc.problems)])
    if not found:
        return Section("Warnings", [ok("policy check: no errors, no warnings")])
    return Section("Warnings", [ok("policy check: no errors"), *_grouped(found)])


def kind_of(problem: Problem) -> str:
    """The problem's kind, or its message with the particulars left out."""
    kind = getattr(problem, "kind", None)
    return str(kind) if kind else general(problem)


def general(problem: Problem) -> str:
    """'cross_refs[…]: '…' is not a policy code': the message without its particulars."""
    return ENTRY.sub("[…]", QUOTED.sub("'…'", problem.message))


def _errors(problems: list[Problem]) -> Finding:
    errors = [p for p in problems if p.is_error]
    more = len(errors) - SHOWN
    return fix(
        f"policy check finds {counted(len(errors), 'error')}: nothing can be published until they are corrected",
        *(p.render() for p in errors[:SHOWN]),
        *([f"and {more} more"] if more > 0 else []),
        "run 'policy check' and correct each line it lists",
    )


def _grouped(problems: list[Problem]) -> list[Finding]:
    groups: dict[str, list[Problem]] = {}
    for problem in sorted(p for p in problems if not p.is_error):
        groups.setdefault(kind_of(problem), []).append(problem)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [_group(kind, found) for kind, found in ordered]


def _group(kind: str, found: list[Problem]) -> Finding:
    """One warning as it is; several of a kind once, with where they are."""
    tag = f" [{kind}]" if kind != general(found[0]) else ""
    if len(found) == 1:
        return note(f"{found[0].path}:{found[0].line}: {found[0].message}{tag}")
    places: dict[str, list[str]] = {}
    for problem in found:
        places.setdefault(problem.path, []).append(str(problem.line))
    where = "; ".join(f"{path}:{', '.join(lines)}" for path, lines in places.items())
    return note(
        f"{counted(len(found), 'warning')} of one kind{tag}: {general(found[0])}",
        f"at {where} ('policy check' prints each in full)",
    )
