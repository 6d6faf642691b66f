"""``policy doctor``: what ``policy check`` says, by kind: errors first (the manual cannot be published
until they are fixed), then each kind of warning once (``Problem.kind``, described in ``errors.KINDS``),
with how many there are and where, and the kinds the district silenced on purpose."""

from __future__ import annotations

from ..cache import ContentCache
from ..errors import KINDS, Problem, ValidationFailed
from ..paths.project import DISTRICT, Project
from ..pipeline import check
from ..textfilters import counted
from .findings import Finding, Section, fix, note, ok

SHOWN = 3  # errors quoted


def warnings(project: Project) -> Section:
    try:
        manual, found = check(project, cache=ContentCache.for_project(project.root))
    except ValidationFailed as exc:
        return Section("Warnings and errors", [_errors(exc.problems), *_grouped(exc.problems)])
    silenced = manual.district.suppress_warnings if manual.district else []
    findings = [ok("policy check: no errors" + ("" if found else ", no warnings"))]
    if silenced:
        findings.append(ok(f"silenced on purpose (suppress_warnings in {DISTRICT}): {', '.join(silenced)}"))
    return Section("Warnings", [*findings, *_grouped(found)])


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
        groups.setdefault(problem.kind, []).append(problem)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [_group(kind, found) for kind, found in ordered]


def _group(kind: str, found: list[Problem]) -> Finding:
    """A kind of warning: what it is, how many and where; each message says its own fix."""
    places: dict[str, list[str]] = {}
    for problem in found:
        places.setdefault(problem.path, []).append(str(problem.line))
    where = "; ".join(f"{path}:{', '.join(lines)}" for path, lines in places.items())
    described = f" ({KINDS[kind]})" if kind in KINDS else ""
    return note(
        f"{counted(len(found), 'warning')} of the kind {kind}{described}",
        f"at {where}: 'policy check' prints each with what to do",
        f"to silence this kind on purpose, add it to suppress_warnings in {DISTRICT}",
    )
