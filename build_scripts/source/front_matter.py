"""Split a source file's ``---``-fenced YAML front matter from its Markdown body.

When the closing ``---`` is missing, the fields are told apart from the text by their look, so
the message can say where the line belongs and the body is still checked as the body (its first
lines are not taken for clauses). A ``---`` rule further down the text is not the closing line
when text comes before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .yamlsource import YamlProblem, load_located

FENCE = "---"
FIELD = re.compile(r"^[a-z_][\w-]*\s*:")  # a field line that may follow a blank line
CONTINUES = re.compile(r"^(?:\s|-|[^:]*:)")  # a field, its indented or '- ' lines, right after a field


@dataclass(frozen=True)
class SplitSource:
    """Front matter and body, with the file line each starts on.

    ``front`` is None when the file does not start with ``---``. ``unclosed`` is set when it does
    but the closing line is missing: ``front`` then holds the lines that look like fields.
    """

    front: str | None
    front_line: int
    body: str
    body_line: int
    unclosed: bool = False

    @property
    def last_field_line(self) -> int:
        return self.body_line - 1

    def first_text_line(self) -> int | None:
        """The file line of the body's first non-blank line."""
        rows = self.body.split("\n")
        return next((self.body_line + i for i, row in enumerate(rows) if row.strip()), None)


def split_front_matter(text: str) -> SplitSource:
    """Split ``---``-fenced YAML front matter from the Markdown body."""
    lines = text.split("\n")
    if lines[0].strip() != FENCE:
        return SplitSource(None, 1, text, 1)
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in (FENCE, "...")), None)
    end, text_at, after_gap = _fields_end(lines, close if close is not None else len(lines))
    if close is not None and not (text_at is not None and after_gap and not _readable(lines[1:close])):
        return SplitSource("\n".join(lines[1:close]), 2, "\n".join(lines[close + 1 :]), close + 2)
    return SplitSource("\n".join(lines[1:end]), 2, "\n".join(lines[end:]), end + 1, unclosed=True)


def _readable(lines: list[str]) -> bool:
    """The lines read as YAML: then a ``---`` below them closes them, whatever they look like."""
    try:
        load_located("\n".join(lines))
    except YamlProblem:
        return False
    return True


def _fields_end(lines: list[str], stop: int) -> tuple[int, int | None, bool]:
    """Where the fields after the opening fence end: the index after the last field line, the
    index of the first line of text before ``stop`` (or None), and whether a blank or ``#`` line
    (a heading, or a comment) comes between them."""
    end, gap = 1, False
    for index in range(1, stop):
        line = lines[index].rstrip("\r")
        if not line.strip() or line.startswith("#"):
            gap = True
        elif FIELD.match(line) or (not gap and CONTINUES.match(line)):
            end, gap = index + 1, False
        else:
            return end, index, gap
    return end, None, False


def unclosed_message(split: SplitSource, fields: str = "the policy's fields (code: …, title: …)") -> str:
    """What to do about a missing closing ``---`` (the problem is located at ``last_field_line``)."""
    if not split.front or not split.front.strip():
        return f"no fields follow this '---' line: write {fields} after it, then a line '---'"
    text_line = split.first_text_line()
    before = f", before the text on line {text_line}" if text_line is not None else ""
    return f"the fields at the top have no closing '---' line: add one after line {split.last_field_line}{before}"
