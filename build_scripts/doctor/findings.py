"""What ``policy doctor`` found, and how it is printed: sections of findings, each ``ok``, a ``note``
worth knowing, or something to ``FIX``, with the words that say what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..textfilters import counted

INDENT = "        "  # under a finding's text


class Level(StrEnum):
    OK = "ok"
    NOTE = "note"
    FIX = "FIX"


@dataclass(frozen=True)
class Finding:
    level: Level
    text: str
    advice: tuple[str, ...] = ()  # what to do about it (or what it means), one line each


def ok(text: str, *advice: str) -> Finding:
    return Finding(Level.OK, text, advice)


def note(text: str, *advice: str) -> Finding:
    return Finding(Level.NOTE, text, advice)


def fix(text: str, *advice: str) -> Finding:
    return Finding(Level.FIX, text, advice)


@dataclass(frozen=True)
class Section:
    title: str
    findings: list[Finding] = field(default_factory=list)


def render(where: str, sections: list[Section]) -> list[str]:
    """The report: a heading, each section with its findings, then what to fix and note, counted."""
    lines = [f"policy doctor: {where}"]
    for section in sections:
        lines += ["", section.title]
        for finding in section.findings:
            lines.append(f"  {finding.level.value:<4}  {finding.text}")
            lines += [INDENT + line for line in finding.advice]
    lines += ["", summary(sections)]
    return lines


def to_fix(sections: list[Section]) -> int:
    return sum(1 for s in sections for f in s.findings if f.level is Level.FIX)


def summary(sections: list[Section]) -> str:
    notes = sum(1 for s in sections for f in s.findings if f.level is Level.NOTE)
    problems = to_fix(sections)
    head = f"{counted(problems, 'thing')} to fix" if problems else "nothing to fix"
    return f"policy doctor: {head}, {counted(notes, 'note')}"
