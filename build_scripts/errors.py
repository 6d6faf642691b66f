"""Located problems and the small exception tree of the pipeline.

Library code raises these; only ``cli.py`` turns them into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a source file, printed as ``path:line: message``."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def render(self, *, strict: bool = False) -> str:
        if self.severity is Severity.WARNING and not strict:
            return f"{self.path}:{self.line}: warning: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_row(self) -> tuple[str, int, str, str]:
        """The problem as JSON-friendly values (kept with cached outputs)."""
        return (self.path, self.line, self.message, self.severity.value)

    @classmethod
    def from_row(cls, row: list[object] | tuple[object, ...]) -> Problem:
        path, line, message, severity = row
        return cls(str(path), int(str(line)), str(message), Severity(str(severity)))


def error(path: Path | str, line: int, message: str) -> Problem:
    return Problem(str(path), line, message, Severity.ERROR)


def warning(path: Path | str, line: int, message: str) -> Problem:
    return Problem(str(path), line, message, Severity.WARNING)


class PolicyError(Exception):
    """Base of every error the pipeline raises on purpose."""


class ValidationFailed(PolicyError):
    """The sources have errors; ``problems`` holds all of them, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = sum(1 for p in self.problems if p.is_error)
        super().__init__(f"{count} {'problem' if count == 1 else 'problems'} found in the sources")


class ToolError(PolicyError):
    """An external tool (pandoc, typst, MkDocs) failed on an input."""

    def __init__(self, tool: str, subject: str, detail: str) -> None:
        self.tool, self.subject, self.detail = tool, subject, detail
        super().__init__(f"{tool} failed on {subject}:\n{detail.strip()}")

    def __reduce__(self) -> tuple[type[ToolError], tuple[str, str, str]]:
        return (ToolError, (self.tool, self.subject, self.detail))  # raised in a worker process too


class UsageError(PolicyError):
    """The command line asked for something that does not exist."""
