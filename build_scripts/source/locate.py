"""Find the source line of AST elements, since pandoc's Markdown reader gives no positions.

Elements are looked up in document order with a forward-moving cursor, by a literal (a clause
id's ``{#id}``) or by their first words, with Markdown markers and attributes stripped.
"""

from __future__ import annotations

import re

WORD = re.compile(r"\w+")
MARKERS = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+|[a-zA-Z][.)]\s+|#+\s*|:\s+|\|)?")
ATTRS = re.compile(r"\[\]\{[^}]*\}|\{[#.][^}]*\}")
PROBE_WORDS = 4


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


class SourceLocator:
    """Lines of a text, searched forward from the last match."""

    def __init__(self, text: str, first_line: int) -> None:
        self.lines = text.split("\n")
        self.first_line = first_line
        self.cursor = 0
        self._words: list[list[str] | None] = [None] * len(self.lines)  # a line's words, once searched

    def _line_words(self, index: int) -> list[str]:
        found = self._words[index]
        if found is None:
            found = self._words[index] = words(ATTRS.sub(" ", MARKERS.sub("", self.lines[index], count=1)))
        return found

    @property
    def current_line(self) -> int:
        return self.first_line + self.cursor

    def find_literal(self, literal: str) -> int:
        """Line of the next occurrence of ``literal``; the cursor moves there."""
        for index in range(self.cursor, len(self.lines)):
            if literal in self.lines[index]:
                self.cursor = index
                return self.first_line + index
        return self.current_line

    def find_words(self, text: str) -> int:
        """Line of the next line that starts with the first words of ``text``."""
        probe = words(text)[:PROBE_WORDS]
        if not probe:
            return self.current_line
        for index in range(self.cursor, len(self.lines)):
            line_words = self._line_words(index)
            size = min(len(probe), len(line_words))
            if size and line_words[:size] == probe[:size]:
                self.cursor = index
                return self.first_line + index
        return self.current_line

    def pass_over(self, text: str) -> None:
        """Move the cursor over the lines after the current one that hold the rest of ``text``'s words (a
        clause written over several lines, or a list item with its nested items), so that a later clause
        with the same opening words is not found inside it."""
        left = len(words(text)) - len(self._line_words(self.cursor)) if self.cursor < len(self.lines) else 0
        while left > 0 and self.cursor + 1 < len(self.lines) and len(self._line_words(self.cursor + 1)) <= left:
            self.cursor += 1
            left -= len(self._line_words(self.cursor))

    def advance(self) -> None:
        """Step past the current line, so the next search cannot match it again."""
        self.cursor = min(self.cursor + 1, len(self.lines))
