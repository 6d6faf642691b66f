"""How problems reach the terminal: every one as ``path:line: message``, on stderr, in order."""

from __future__ import annotations

import sys

from ..errors import Problem


def print_problems(problems: list[Problem], strict: bool) -> None:
    for problem in sorted(problems):
        print(problem.render(strict=strict), file=sys.stderr)
