"""Located problems and the small exception tree of the pipeline.

Library code raises these; only ``cli.py`` turns them into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# Every problem has a kind (sphinx's ``[type.subtype]``): ``district.yml`` can silence a kind of warning
# (``suppress_warnings``), ``policy check`` counts warnings by kind, ``policy doctor`` groups them.
KINDS: dict[str, str] = {
    "file": "a source file cannot be read: missing, too large, not UTF-8, no policies",
    "input.outside": "a source file links to a place outside the project",
    "yaml": "the YAML of front matter or a data file is malformed",
    "front-matter": "a policy's front matter fences ('---') are missing or unclosed",
    "field": "a field's value is missing, unknown or not of its kind",
    "date": "dates that disagree: adoption required, revisions in order",
    "code": "a policy code used twice, or not the file's name",
    "section": "a policy's section is not declared in district.yml",
    "cross-ref": "a cross reference names a code no policy has",
    "cross-ref.text": "a cross reference that is a policy's name, not a code: shown as text",
    "cross-ref.unpublished": "a cross reference to a draft or reading: shown as text",
    "clause-id": "clause ids missing, malformed or used twice",
    "markup": "raw HTML or a link that is not allowed in a policy",
    "image": "an image that is missing, too large or without alt text",
    "contact.personal": "a phone number or e-mail address in a policy that the district does not publish",
    "letterhead.incomplete": "letterhead fields of district.yml not given yet",
    "site-config": "mkdocs.yml cannot work",
    "site-config.ignored": "a mkdocs.yml setting the build makes itself",
    "override": "a project's override of the tool's files does not compile",
    "override.outdated": "the tool changed a file since the project copied it",
    "override.unknown": "a file in templates/ that overrides nothing",
    "template": "a document template cannot be rendered",
    "document": "a document breaks its own spec (one page, reading grade, clauses)",
    "quote.retired": "a document quotes a retired policy",
    "paraphrase.unapproved": "a document paraphrases a clause that changed since it was approved",
    "catalog": "a translation catalog cannot be read, or a translation drops a placeholder",
    "translation.stale": "a translation made from English that has changed since",
    "translation.missing": "a unit with no translation yet: the English is printed",
    "review": "the record of document reviews (reviews.yml) cannot be read",
    "history.none": "no git history: only current versions are built",
    "history.shallow": "a shallow git history: only current versions are built",
    "history.version": "an old version fails today's checks",
    "source-date": "no commit date: outputs are dated by the newest policy date",
    "render": "a text that cannot be read is left out",
    "import": "what policy import found in a file",
    "ack.roster": "a row of the staff roster (CSV) that cannot be loaded",
    "ack.sync": "a published site the acknowledgement service cannot take policies from",
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a source file, printed as ``path:line: message``."""

    path: str
    line: int
    message: str
    severity: Severity
    kind: str  # one of KINDS

    def render(self, *, strict: bool = False) -> str:
        """One line, whatever the message quotes (a control character or line separator is escaped)."""
        message = "".join(_escaped(char) for char in self.message)
        if self.severity is Severity.WARNING and not strict:
            return f"{self.path}:{self.line}: warning: {message}"
        return f"{self.path}:{self.line}: {message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_row(self) -> tuple[str, int, str, str, str]:
        """The problem as JSON-friendly values (kept with cached outputs)."""
        return (self.path, self.line, self.message, self.severity.value, self.kind)

    @classmethod
    def from_row(cls, row: list[object] | tuple[object, ...]) -> Problem:
        path, line, message, severity, kind = row
        return cls(str(path), int(str(line)), str(message), Severity(str(severity)), str(kind))


def _escaped(char: str) -> str:
    """``char``, or its escape when it would break or hide part of a line (``\\x00``, ``\\u2028``)."""
    if char == "\t" or (char.isprintable() and len(("a" + char + "a").splitlines()) == 1):
        return char
    return char.encode("unicode_escape").decode("ascii")


def error(path: Path | str, line: int, message: str, *, kind: str) -> Problem:
    return Problem(str(path), line, message, Severity.ERROR, kind)


def warning(path: Path | str, line: int, message: str, *, kind: str) -> Problem:
    return Problem(str(path), line, message, Severity.WARNING, kind)


def suppressed(problems: list[Problem], kinds: set[str]) -> list[Problem]:
    """The problems without the warnings of ``kinds`` (a district silences a kind on purpose)."""
    return [p for p in problems if p.is_error or p.kind not in kinds]


def count_by_kind(problems: list[Problem]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.kind] = counts.get(problem.kind, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


class PolicyError(Exception):
    """Base of every error the pipeline raises on purpose."""


class ValidationFailed(PolicyError):
    """The sources have errors; ``problems`` holds all of them, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = sum(1 for p in self.problems if p.is_error)
        super().__init__(f"{count} problem(s) found in the sources")


class ToolError(PolicyError):
    """An external tool (pandoc, typst, MkDocs) failed on an input."""

    def __init__(self, tool: str, subject: str, detail: str) -> None:
        self.tool, self.subject, self.detail = tool, subject, detail
        super().__init__(f"{tool} failed on {subject}:\n{detail.strip()}")

    def __reduce__(self) -> tuple[type[ToolError], tuple[str, str, str]]:
        return (ToolError, (self.tool, self.subject, self.detail))  # raised in a worker process too


class UsageError(PolicyError):
    """The command line asked for something that does not exist."""
