"""Never lose a word: the words of the extracted text, in order, against the words of the result.

Every word of the input must be found in the body in the same order, or in the front matter (a title,
a date written another way, a reference). Label words such as 'Adopted' or 'LEGAL REFS.' may go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from .blocks import MARKER

WORD = re.compile(r"\w+")
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
LABEL_WORDS = {
    "adopted",
    "approved",
    "revised",
    "amended",
    "reviewed",
    "first",
    "second",
    "reading",
    "legal",
    "cross",
    "ref",
    "refs",
    "reference",
    "references",
    "file",
    "policy",
    "code",
    "bp",  # a code's prefix: 'BP 5131.2', 'AR 5131.2', 'Board Policy 3330', 'Administrative Regulation 3330'
    "ar",
    "board",
    "administrative",
    "regulation",
    "on",
    "by",
    "and",
    "the",
    "school",
    "committee",
    "education",  # the governing body: 'Board of Education', 'Board of Trustees', 'Board of Directors'
    "trustees",
    "directors",
    "date",  # 'Date adopted', 'Last revised', 'Originally adopted'
    "last",
    "originally",
    "st",
    "nd",
    "rd",
    "th",
}
MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


@dataclass(frozen=True)
class Lost:
    """Words of the input missing from the result: where they were and what they were."""

    origin: int
    words: list[str]

    def describe(self) -> str:
        shown = " ".join(self.words[:12]) + (" ..." if len(self.words) > 12 else "")
        return f"the result would lose {len(self.words)} word(s) of the input here: '{shown}'"


def words_of(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def line_words(text: str) -> list[str]:
    """A line's words without its list marker (numbering is structure, not text)."""
    match = MARKER.match(text)
    return words_of(match["text"] if match else text)


def date_words(front: str) -> set[str]:
    """Every way the front matter's dates may have been written: 2019, 19, 3, 03, march, mar, 20."""
    found: set[str] = set()
    for match in ISO.finditer(front):
        when = date(int(match[1]), int(match[2]), int(match[3]))
        month = MONTH_NAMES[when.month - 1]
        found |= {str(when.year), f"{when.year % 100:02d}", str(when.month), f"{when.month:02d}", month, month[:3]}
        found |= {str(when.day), f"{when.day:02d}", f"{when.day}st", f"{when.day}nd", f"{when.day}rd", f"{when.day}th"}
        found |= {"sept", "of"}
    return found


def find_lost(source: list[tuple[int, str]], body_words: list[str], front: str, moved: set[int]) -> list[Lost]:
    """Runs of input words (``source``: (origin, line text)) missing from the result.

    Words of lines ``moved`` into front matter must be found there (labels may go); every other word must be
    found in the body, in order.
    """
    tagged = [(origin, word) for origin, text in source if origin not in moved for word in line_words(text)]
    front_words = set(words_of(front)) | date_words(front) | LABEL_WORDS
    lost: list[Lost] = []
    for origin, text in source:
        missing = [word for word in line_words(text) if origin in moved and word not in front_words]
        if missing:
            lost.append(Lost(origin, missing))
    matcher = SequenceMatcher(None, [word for _origin, word in tagged], body_words, autojunk=False)
    for op, start, end, _j1, _j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            lost.append(Lost(tagged[start][0], [word for _origin, word in tagged[start:end]]))
    return sorted(lost, key=lambda item: item.origin)
