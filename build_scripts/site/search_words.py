"""Words as the site's search sees them: where a word ends, which words are never searched, and the
other forms of a word (``friends``, ``friending`` -> ``friend``) that should find it.

Material turns every word typed into a prefix query (``friend*``), and lunr runs no stemmer and no
stop-word filter on a prefix query: the browser only ever compares the typed letters with the start
of the words in the index. So two things are done here, at build time, in Python:

- The ``separator`` (the regular expression Material splits both the page text and the typed words
  with) also swallows stop words and lone letters, so "can I friend a student" searches for
  ``friend`` and ``student`` only, instead of every word starting with ``i`` or ``a``.
- ``other_forms`` gives, for a word of a page, the inflected forms a reader may type (``friends``,
  ``friended``, ``friending`` for ``friend``; ``communicate`` for ``communication``): every candidate
  with the same Snowball stem. The index carries them in a hidden field (``search_index.py``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

import snowballstemmer

LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # Latin letters, with Spanish and Portuguese accents
WORD_CHAR = f"0-9{LETTER}"
# Material's own default splits on spaces and hyphens; ours also on dashes, quotes (straight and
# curly), brackets and punctuation, so a word inside \u201cquotes\u201d or (brackets) is found; a dot splits
# unless a digit follows (32.03); ``&lt;`` and ``&gt;`` are how the index writes < and >.
PUNCTUATION = "[\\s\\-\\u2010-\\u2015,:;!?=\\[\\]()\"'\\u2018\\u2019\\u201c\\u201d\\u00ab\\u00bb/]+|\\.(?!\\d)|&[lg]t;"


# Words that are never searched (the page keeps them; the index and the query drop them). English:
# lunr's own stop-word list, which Material's index already leaves out. Spanish and Portuguese: the
# short function words of lunr's lists that are not also English words ("son", "era" are kept).
def _listed(words: str) -> tuple[str, ...]:
    return tuple(words.split())


STOP_WORDS: dict[str, tuple[str, ...]] = {
    "en": _listed(
        "a able about across after all almost also am among an and any are as at be because been but by can "
        "cannot could dear did do does either else ever every for from get got had has have he her hers him his "
        "how however i if in into is it its just least let like likely may me might most must my neither no nor "
        "not of off often on only or other our own rather said say says she should since so some than that the "
        "their them then there these they this tis to too twas us wants was we were what when where which while "
        "who whom why will with would yet you your"
        " shall each"  # not lunr's, but in nearly every clause of a policy
    ),
    "es": _listed(
        "al como cómo con cuál de del el él en es esa ese eso esta este esto hay la las le les lo los más me mi "
        "mis muy ni nos para pero por que qué se su sus te tu tus un una unas uno unos ya yo"
    ),
    "pt": _listed(
        "à às ao aos as com como da das de do dos é ela ele em essa esse esta este eu isso isto mas meu meus "
        "minha minhas na não nas no nos num numa os ou para pela pelas pelo pelos por que se seu seus sua suas "
        "um uma umas uns"
    ),
}

STEMMERS = {"en": "english", "es": "spanish", "pt": "portuguese"}
SHORTEST = 3  # shorter words get no other forms
NO_FORMS = frozenset({"item", "paragraph"})  # the words of a clause's title ("Expectations, item 2")
NOUN_ENDINGS = (
    *("ent", "ion", "ure", "ity", "ism", "ist", "ness", "ship", "ment", "ance", "ence", "or", "ee", "ian"),
    *("ary", "ory", "ics", "al", "ic", "ous", "ive", "ful", "less", "cy", "hood", "dom"),
)
VOWELS = "aeiouáéíóúâêôãõà"


def english_bases(word: str) -> set[str]:
    """The word, and what it may be an inflection of (``friending`` -> ``friend``, ``friende``)."""
    bases = {word}
    if word.endswith(("ies", "ied")):
        bases.add(word[:-3] + "y")
    elif word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        bases.add(word[:-2])  # classes, boxes
    elif word.endswith("s") and not word.endswith("ss"):
        bases.add(word[:-1])  # procedures, friends
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            root = word[: -len(ending)]
            bases.update({root, root + "e"} | ({root[:-1]} if root[-1] == root[-2] else set()))
    return bases


def english_inflections(base: str) -> set[str]:
    """``friend`` -> friends, friended, friending; ``share`` -> shares, shared, sharing; ``chat`` ->
    chatting; ``reply`` -> replies, replied. A word that ends like a noun (student, procedure,
    director) gets its plural only: "studented" would only make the index larger."""
    if base.endswith("ly") and len(base) > 6:  # immediately, publicly
        return set()
    if base.endswith(NOUN_ENDINGS):
        return {base[:-1] + "ies"} if base.endswith("y") else {base + "s"}
    if base.endswith("e"):
        return {base + "s", base + "d", base[:-1] + "ing"}
    if base.endswith("y") and base[-2:-1] not in VOWELS:
        return {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    if base.endswith(("s", "x", "z", "ch", "sh")):
        return {base + "es", base + "ed", base + "ing"}
    forms = {base + "s", base + "ed", base + "ing"}
    if len(base) in (3, 4) and base[-1] not in VOWELS + "wxy" and base[-2] in VOWELS and base[-3] not in VOWELS:
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}  # chat -> chatted, chatting
    return forms


def plural_forms(word: str) -> set[str]:
    """Spanish and Portuguese: the singular and plural of a word (``excursión``, ``excursiones``)."""
    if word.endswith("iones"):
        return {word[:-5] + "ión"}
    if word.endswith("ión"):
        return {word[:-3] + "iones"}
    if word.endswith("es"):
        return {word[:-2], word[:-1]}
    if word.endswith("s"):
        return {word[:-1]}
    return {word + "s"} if word[-1] in VOWELS else {word + "es"}


def stop_word_pattern(words: Iterable[str]) -> str:
    """One alternative matching any of ``words`` (or any lone letter) standing alone, capitalised
    or not: grouped by first letter, so the browser tries few alternatives at each word."""
    by_first: dict[str, set[str]] = {}
    for word in words:
        by_first.setdefault(word[0], set()).add(word[1:])
    groups = []
    for first, rests in sorted(by_first.items()):
        tails = "|".join(sorted((r for r in rests if r), key=lambda r: (-len(r), r)))
        groups.append(f"[{first.upper()}{first}]" + (f"(?:{tails})" if tails else ""))
    alone_before, alone_after = f"(?<![{WORD_CHAR}])", f"(?![{WORD_CHAR}]|[\\-\\u2010-\\u2015]\\d)"
    return f"{alone_before}(?:{'|'.join(groups)}|[{LETTER}]){alone_after}"


def separator(languages: Iterable[str]) -> str:
    """Material's ``separator``: punctuation and spaces, and the stop words of ``languages``."""
    words = {word for lang in languages for word in STOP_WORDS.get(lang, ())}
    return f"{PUNCTUATION}|{stop_word_pattern(words)}" if words else PUNCTUATION


def words_of(text: str, split: re.Pattern[str]) -> list[str]:
    """The index's words of a piece of the index (HTML tags dropped), lower case, in order."""
    plain = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return [word.lower() for word in split.split(plain) if any(c.isalnum() for c in word)]


def folded(word: str) -> str:
    """``teléfono`` -> ``telefono``: what a reader types without accents."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


class Forms:
    """Other forms of words in one language, each word's worked out once per build."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in STEMMERS else ""
        self._stemmer = snowballstemmer.stemmer(STEMMERS[self.lang]) if self.lang else None
        self._known: dict[str, tuple[str, ...]] = {}

    def stem(self, word: str) -> str:
        return str(self._stemmer.stemWord(word)) if self._stemmer else word

    def of(self, word: str) -> tuple[str, ...]:
        """The forms of ``word`` with its stem (``word`` itself and the bare stem left out), and the
        word without its accents."""
        if word not in self._known:
            self._known[word] = self._work_out(word)
        return self._known[word]

    def _work_out(self, word: str) -> tuple[str, ...]:
        plain = folded(word)
        found = [plain] if plain != word and len(plain) > 1 else []  # a lone letter is never searched
        if self._stemmer is None or len(word) < SHORTEST or not word.isalpha() or word in NO_FORMS:
            return tuple(found)
        stem = self.stem(word)
        if self.lang == "en":
            bases = english_bases(word)
            roots = bases - {word} or bases  # an inflected word's own inflections are not words: adopteds
            candidates = bases.union(*(english_inflections(base) for base in roots))
        else:
            candidates = plural_forms(word)
        ordered = sorted(candidates - {word})
        if self.lang != "en":  # plurals by rule: Snowball's Spanish stems celular and celulares differently
            return tuple(dict.fromkeys([*found, *uncovered(set(ordered), {word})]))
        kept = {c for c, s in zip(ordered, self._stemmer.stemWords(ordered), strict=True) if s == stem}
        found += uncovered(kept, {word})
        return tuple(dict.fromkeys(found))


def uncovered(forms: set[str], present: set[str]) -> list[str]:
    """``forms`` (sorted) that are not present and that no other form or present word starts with:
    a query for ``messag`` finds ``message`` already, so only ``message`` is needed."""
    everything = sorted(forms | present)
    return [
        word
        for at, word in enumerate(everything)
        if word in forms and word not in present and not _continued(everything, at)
    ]


def _continued(ordered: list[str], at: int) -> bool:
    """Whether a word after ``ordered[at]`` starts with it (in sorted order, the next one would)."""
    return at + 1 < len(ordered) and ordered[at + 1].startswith(ordered[at])
