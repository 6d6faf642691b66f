"""The words the pipeline itself prints on pages, PDFs and the feed, in one place per language.

Templates hold the wording of pages and documents; what code composes (citations, the version a
document implements, footers, feed entries, redline summaries, the accessibility sentence) comes
from here, by key. English is the source: a language that lacks a phrase falls back to it. Spanish
and Portuguese tables (from the translators' catalogs) are added beside ``ENGLISH``.
"""

from __future__ import annotations

from dataclasses import dataclass

ENGLISH: dict[str, str] = {
    # citations: "Policy G-170, Cellular Phones, item 2"
    "policy": "Policy {code}",
    "item": "item {number}",
    "list item": "list item",
    "opening paragraph": "opening paragraph",
    "paragraph": "paragraph {number}",
    "definition": "definition of {term}",
    "policy adopted": "Policy {code}, adopted {date}",
    "policy revised": "Policy {code}, revised {date}",
    # documents
    "implements": "Implements {versions}",
    "made from": "Made from the policy texts of {date}",
    # lists: "A and B", "A, B and C"
    "and": " and ",
    # redline summaries and feed entries
    "no change": "No change to the text.",
    "changes one": "{count} change",
    "changes many": "{count} changes",
    "changes in": "{changes}, in {sections}.",
    "changes only": "{changes}.",
    "words one": "{count} word {verb}",
    "words many": "{count} words {verb}",
    "added": "added",
    "removed": "removed",
    "changed": "changed",
    "feed title": "{district}: policy adoptions and revisions",
    "feed entry title": "{code} {title}: {kind} {date}",
    "feed entry": "Policy {code} ({title}) was {kind} on {date}",
    "feed unchanged": "; the text did not change.",
    "version text": "The text of this version",
    "what changed": "What changed",
    "adopted": "adopted",
    "revised": "revised",
    "retired": "retired",
    # the site's footer
    "accessibility": (
        "To ask for a document on this site in another format (large print, Braille, audio, an accessible "
        "electronic file or a translation), contact the {office}{how}."
    ),
}
LANGUAGES: dict[str, dict[str, str]] = {"en": ENGLISH}


@dataclass(frozen=True)
class Words:
    """The phrases of one language: ``words("item", number=2)`` -> 'item 2'."""

    lang: str

    def __call__(self, key: str, **values: object) -> str:
        table = LANGUAGES.get(self.lang, ENGLISH)
        return table.get(key, ENGLISH[key]).format(**values)

    def count(self, key: str, count: int, **values: object) -> str:
        """'1 change' / '2 changes' ('<key> one' and '<key> many')."""
        return self(f"{key} {'one' if count == 1 else 'many'}", count=count, **values)

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        """'A', 'A and B', 'A, B and C'."""
        if len(items) < 2:
            return "".join(items)
        return self("and").join([", ".join(items[:-1]), items[-1]])


def words(lang: str) -> Words:
    return Words(lang)
