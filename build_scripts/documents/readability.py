"""Flesch-Kincaid grade of a document's own prose, offline and deterministic.

Syllables are counted by a rule-based counter (vowel groups with English corrections) instead of
a pronunciation dictionary: ``textstat`` downloads one on first use, which an offline or CI build
cannot do. The counter is within a syllable of the dictionary on common words, and the same
text always gives the same grade.

What counts as the document's own prose: top-level paragraphs and list items. Quoted clauses
(block quotations), citations, and named blocks (letterhead, date line, salutation, closing,
fields) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..pandoc.runner import Ast, Node, stringify
from .markers import CITATION_CLASS

WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Endings that add or drop a syllable relative to the vowel-group count.
SILENT_E = re.compile(r"[^aeiouy]e$")
LE_ENDING = re.compile(r"[^aeiouy]le$")
ED_SILENT = re.compile(r"[^dt]ed$")
# Vowel pairs read as two syllables (me-di-a, ra-di-o, qui-et), but not in -tion, -sion, -cial, -gion.
EXTRA_GROUPS = re.compile(r"((?<![cgst])i[ao](?!u)|eo|ua|uo|ie(?=r|t))")


def syllables(word: str) -> int:
    """Syllables in one English word (at least one)."""
    w = word.lower().strip("'\u2019-").replace("'", "").replace("\u2019", "")
    if not w:
        return 0
    if "-" in w:
        return sum(syllables(part) for part in w.split("-") if part)
    if len(w) <= 3:
        return 1
    count = len(VOWEL_GROUP.findall(w))
    if SILENT_E.search(w) and not LE_ENDING.search(w):
        count -= 1
    if w.endswith("es") and len(w) > 4 and w[-3] not in "sxzhcg" and w[-3] not in "aeiouy":
        count -= 1
    if ED_SILENT.search(w):
        count -= 1
    count += len(EXTRA_GROUPS.findall(w))
    return max(1, count)


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level."""
        if not self.words or not self.sentences:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def measure(text: str) -> Readability:
    words = WORD.findall(text)
    sentences = max(1, len(SENTENCE_END.findall(text))) if words else 0
    return Readability(sentences, len(words), sum(syllables(w) for w in words))


def own_paragraphs(ast: Ast) -> list[str]:
    """The plain text of the document's own paragraphs (see module docstring)."""
    texts: list[str] = []
    for block in ast["blocks"]:
        if block["t"] in ("Para", "Plain"):
            texts.append(_text(block["c"]))
        elif block["t"] in ("BulletList", "OrderedList"):
            items = block["c"] if block["t"] == "BulletList" else block["c"][1]
            texts += [_text(b["c"]) for item in items for b in item if b["t"] in ("Para", "Plain")]
    return [t for t in texts if t.strip()]


def _text(inlines: list[Node]) -> str:
    kept = [n for n in inlines if not (n.get("t") == "Span" and CITATION_CLASS in n["c"][0][1])]
    text = stringify(kept)
    return re.sub(r"\(\s*\)", "", text)


def document_grade(ast: Ast) -> Readability:
    return measure(" ".join(own_paragraphs(ast)))
