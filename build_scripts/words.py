"""The words the pipeline itself prints on pages, PDFs and the feed, in one place per language.

Templates hold the wording of pages and documents; what code composes (citations, the version a
document implements, footers, feed entries, redline summaries, the accessibility sentence) comes
from here, by key. English is the source. Other languages come from the translators' catalogs
(``source/translations/<lang>.po``, units ``words:<key>``): a ``Words`` made with a ``translate``
function asks it for each phrase, and a phrase it lacks is printed in English.
"""

from __future__ import annotations

from collections.abc import Callable
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
    "punctuation only": "punctuation only",
    "feed title": "{district}: policy adoptions and revisions",
    "feed entry title": "{code} {title}: {kind} {date}",
    "feed entry": "Policy {code} ({title}) was {kind} on {date}",
    "feed unchanged": "; the text did not change.",
    "version text": "The text of this version",
    "what changed": "What changed",
    "adopted": "adopted",
    "revised": "revised",
    "retired": "retired",
    # translated documents: what they say about themselves
    "english governs": (
        "This is a translation of a document in English. If the two differ, the English policy governs."
    ),
    "draft translation": "Draft translation: the district has not reviewed this translation yet.",
    "update pending": (
        "Update pending: the policy this document is made from has changed since it was translated. "
        "See the English version:"
    ),
    "clause being updated": (
        "The translation of this part of the policy is being updated. Its current English text, which governs:"
    ),
    "read on web": "Read Policy {code}, {title}, on the web:",
    "qr alt": "QR code of the web address of Policy {code}: {url}",
    "or": " or ",
    # labels of printed forms and their page footers
    "yes": "Yes",
    "no": "No",
    "date": "Date",
    "date of": "Date of the {what}",
    "page of": "Page {page} of {pages}",
    # letters: how to ask for one in another language or format (contact.language_help, or the school office)
    "other format call": "Need this in another language or format? Call {contact}.",
    "other format ask": "Need this in another language or format? Please ask the school office.",
    # a document's page on the site
    "download pdf": "Download the PDF",
    "download word": "Download for Word",
    "in other languages": "This document in other languages:",
    "choose school": "Each school has its own copy with its name, ready to print. Choose your school:",
    "print bundle": "Print bundle",
    # the site's footer
    "accessibility": (
        "To ask for a document on this site in another format (large print, Braille, audio, an accessible "
        "electronic file or a translation), contact the {office}{how}."
    ),
    "office of": "office of the {title}",
    "at phone": " at {phone}",
    "accessibility label": "Accessibility:",
    "telephone": "Telephone",
    "follow changes": "Follow changes:",
    "feed link": "feed of adoptions and revisions (Atom)",
    "open data link": "every policy as open data (JSON)",
    # the navigation the pipeline makes (site/pages.py, site/documents.py, site/pending.py)
    "nav home": "Home",
    "nav policies": "Policies",
    "nav by section": "Policies by section",
    "nav section": "{letter}: {title}",
    "nav documents": "Documents",
    "nav archive": "Archive",
    "nav about": "About",
    "nav guide": "A clerk's guide",
    "nav pending": "Pending",
    "nav due": "Due for review",
}
# the titles the pipeline gives the navigation's entries (a section of the manual: "nav section")
NAVIGATION = tuple(key for key in ENGLISH if key.startswith("nav ") and key != "nav section")
Translate = Callable[[str, str], str]  # (unit id, English text) -> the text to print


@dataclass(frozen=True)
class Language:
    """A language documents are made in: its code (paths, catalogs, ``--lang``), its BCP 47 tag
    (``lang`` of pages and PDFs, dates) and its own name (links between language versions)."""

    code: str
    tag: str
    name: str  # in the language itself
    english: str = ""  # its name on English pages


# Defaults for the languages US districts most often translate into; a district sets the tag and names
# of any language in ``district.yml`` (``languages:``), e.g. ``{code: pt, tag: pt-BR}`` for Brazilian usage.
LANGUAGES: dict[str, Language] = {
    "en": Language("en", "en", "English", "English"),
    "es": Language("es", "es", "Español", "Spanish"),
    "pt": Language("pt", "pt", "Português", "Portuguese"),
    "zh": Language("zh", "zh", "中文", "Chinese"),
    "vi": Language("vi", "vi", "Tiếng Việt", "Vietnamese"),
    "ar": Language("ar", "ar", "العربية", "Arabic"),
    "ht": Language("ht", "ht", "Kreyòl ayisyen", "Haitian Creole"),
    "fr": Language("fr", "fr", "Français", "French"),
    "ru": Language("ru", "ru", "Русский", "Russian"),
    "ko": Language("ko", "ko", "한국어", "Korean"),
    "so": Language("so", "so", "Soomaali", "Somali"),
    "tl": Language("tl", "tl", "Tagalog", "Tagalog"),
}


def language(code: str) -> Language:
    """The tool's default for a language code (a district's own settings come first: ``District.language_info``)."""
    return LANGUAGES.get(code) or Language(code, code, code, code)


def _english(_unit: str, english: str) -> str:
    return english


@dataclass(frozen=True)
class Words:
    """The phrases of one language: ``words("item", number=2)`` -> 'item 2'."""

    language: Language
    translate: Translate = _english

    @property
    def lang(self) -> str:
        """The language's code (catalogs, paths)."""
        return self.language.code

    @property
    def tag(self) -> str:
        """The language's BCP 47 tag (dates, ``lang`` of pages and PDFs)."""
        return self.language.tag

    def __call__(self, key: str, **values: object) -> str:
        return self.translate(f"words:{key}", ENGLISH[key]).format(**values)

    def count(self, key: str, count: int, **values: object) -> str:
        """'1 change' / '2 changes' ('<key> one' and '<key> many')."""
        return self(f"{key} {'one' if count == 1 else 'many'}", count=count, **values)

    def join(self, items: list[str] | tuple[str, ...]) -> str:
        """'A', 'A and B', 'A, B and C'."""
        if len(items) < 2:
            return "".join(items)
        return self("and").join([", ".join(items[:-1]), items[-1]])


def words(lang: str | Language, translate: Translate | None = None) -> Words:
    return Words(lang if isinstance(lang, Language) else language(lang), translate or _english)
