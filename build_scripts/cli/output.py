"""How problems reach the terminal: every one as ``path:line: message``, on stderr, in order."""

from __future__ import annotations

import sys

from ..errors import Problem, count_by_kind


def print_problems(problems: list[Problem], strict: bool) -> None:
    for problem in sorted(problems):
        print(problem.render(strict=strict), file=sys.stderr)


def warning_summary(warnings: list[Problem]) -> str:
    """' (no warnings)', or ' (3 warnings: 2 cross-ref.text, 1 letterhead.incomplete)': the kinds are what
    ``suppress_warnings`` in district.yml can silence."""
    if not warnings:
        return " (no warnings)"
    kinds = ", ".join(f"{count} {kind}" for kind, count in count_by_kind(warnings).items())
    return f" ({len(warnings)} warning{'' if len(warnings) == 1 else 's'}: {kinds})"
