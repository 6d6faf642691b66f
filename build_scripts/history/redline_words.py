"""Word-level comparison of two texts, as a reader reads them (pure: no files, no subprocesses).

A text is cut into tokens: an abbreviation is one token (``i.e.``, ``e.g.``, ``U.S.``, ``M.G.L.``,
``a.m.``, ``etc.``, and ``No.``/``c.`` before a number), a word is one (``district's``, ``1,000.50``,
``e-mail``), and every other mark is one. difflib compares the tokens.

A punctuation mark never stands alone at the edge of a change: a change that begins or ends with a
mark glued to an unchanged word takes that word in, in both versions (``[Deleted: times,]
[Inserted: times]``, ``[Deleted: students.] [Inserted: students, including …]``), and changes that
then touch become one. A change of punctuation that is glued to nothing takes in the word before it.
Spacing alone is never a change: between tokens, the new version's spacing is shown.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from typing import Literal

Op = Literal["equal", "delete", "insert"]
Hunk = tuple[int, int, int, int]  # old tokens [i1:i2] became new tokens [j1:j2]
Tokens = list[re.Match[str]]

LETTER = r"[^\W\d_]"
ABBREVIATION = (
    rf"(?<!\w)(?:{LETTER}(?:\.{LETTER})+\."  # i.e. e.g. U.S. M.G.L. a.m. p.m.
    r"|(?:etc|vs|Mr|Mrs|Ms|Dr|Jr|Sr|Inc)\."  # always abbreviations
    r"|(?:[Nn]os?|c|ch|pp?|art|sec)\.(?=\s?\d))(?!\w)"  # only before a number: No. 5, c. 4, p. 12
)
WORD_ONLY = re.compile(rf"{ABBREVIATION}|\w+(?:[-'\u2019.,]\w+)*")  # "and/or" is three tokens
TOKEN = re.compile(rf"{WORD_ONLY.pattern}|[^\w\s]")  # a word, or one punctuation mark


@dataclass(frozen=True)
class Segment:
    """A run of words that is the same in both versions, deleted or inserted."""

    op: Op
    text: str
    space: bool  # whitespace precedes the run


def tokens(text: str) -> Tokens:
    return list(TOKEN.finditer(text))


def count_words(text: str) -> int:
    """Words and abbreviations in ``text``; punctuation is not counted."""
    return len(WORD_ONLY.findall(text))


def word_counts(old: str, new: str) -> tuple[int, int]:
    """(words added, words removed) from ``old`` to ``new``. A word that only gained or lost
    punctuation ("times," for "times", "c." for "c") is neither."""
    before, after = _bare_words(old), _bare_words(new)
    added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op != "equal":
            added, removed = added + j2 - j1, removed + i2 - i1
    return added, removed


def _bare_words(text: str) -> list[str]:
    return [re.sub(r"\W", "", word) for word in WORD_ONLY.findall(text)]


def sides(segments: tuple[Segment, ...]) -> tuple[str, str]:
    """The old and the new text of a compared part (single-spaced)."""
    old = " ".join(s.text for s in segments if s.op != "insert")
    new = " ".join(s.text for s in segments if s.op != "delete")
    return old, new


def diff_words(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level comparison of two texts: runs of same, deleted and inserted words."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, [m.group() for m in a], [m.group() for m in b], autojunk=False)
    hunks = [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    return _segments(old, new, a, b, _joined(hunks, a, b))


def _joined(hunks: list[Hunk], a: Tokens, b: Tokens) -> list[Hunk]:
    """Each change widened to whole words at its edges; changes that then touch or overlap merged."""
    merged: list[Hunk] = []
    for n, hunk in enumerate(hunks):
        low = hunks[n - 1] if n else (0, 0, 0, 0)
        high = hunks[n + 1] if n + 1 < len(hunks) else (len(a), len(a), len(b), len(b))
        i1, i2, j1, j2 = _widened(hunk, a, b, (low[1], low[3]), (high[0], high[2]))
        if merged and i1 <= merged[-1][1]:
            i1, j1 = merged.pop()[0::2]
        merged.append((i1, i2, j1, j2))
    return merged


def _widened(hunk: Hunk, a: Tokens, b: Tokens, low: tuple[int, int], high: tuple[int, int]) -> Hunk:
    """Take in the unchanged neighbours that a changed mark is glued to (between ``low`` and ``high``,
    the ends of the neighbouring changes); a lone mark glued to nothing takes in the word before it."""
    i1, i2, j1, j2 = hunk
    while i1 > low[0] and (_glued_before(a, i1, i2) or _glued_before(b, j1, j2)):
        i1, j1 = i1 - 1, j1 - 1
    while i2 < high[0] and (_glued_after(a, i1, i2) or _glued_after(b, j1, j2)):
        i2, j2 = i2 + 1, j2 + 1
    if not _has_word(a[i1:i2]) and not _has_word(b[j1:j2]):
        if i1 > low[0]:
            i1, j1 = i1 - 1, j1 - 1
        elif i2 < high[0]:
            i2, j2 = i2 + 1, j2 + 1
    return i1, i2, j1, j2


def _is_mark(token: re.Match[str]) -> bool:
    return not re.match(r"\w", token.group())


def _has_word(run: Tokens) -> bool:
    return any(not _is_mark(token) for token in run)


def _glued_before(side: Tokens, k1: int, k2: int) -> bool:
    """The change's first token on this side is a mark touching the token before it."""
    return k2 > k1 > 0 and _is_mark(side[k1]) and side[k1].start() == side[k1 - 1].end()


def _glued_after(side: Tokens, k1: int, k2: int) -> bool:
    """The change's last token on this side is a mark touching the token after it."""
    return k1 < k2 < len(side) and _is_mark(side[k2 - 1]) and side[k2 - 1].end() == side[k2].start()


def _segments(old: str, new: str, a: Tokens, b: Tokens, hunks: list[Hunk]) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    done = 0  # new tokens already in a segment
    for i1, i2, j1, j2 in hunks:
        if j1 > done:
            segments.append(_run("equal", new, b[done:j1]))
        if i2 > i1:
            segments.append(_run("delete", old, a[i1:i2]))
        if j2 > j1:
            run = _run("insert", new, b[j1:j2])
            segments.append(replace(run, space=run.space or i2 > i1))  # "old new", not "oldnew"
        done = j2
    if done < len(b):
        segments.append(_run("equal", new, b[done:]))
    return tuple(segments)


def _run(op: Op, text: str, matches: Tokens) -> Segment:
    start = matches[0].start()
    return Segment(op, text[start : matches[-1].end()], start > 0 and text[start - 1].isspace())
