"""The search index as readers need it, made from the one MkDocs writes (``search/search_index.json``).

Material's index holds a page's sections (title and text) and ranks them with lunr in the browser.
After MkDocs has written it, and before an incremental build merges it (``incremental.py``), each
entry is refined here:

- **Copies of a policy are left out.** A document that binds whole policies (the staff handbook)
  quotes every policy's text under ids prefixed with its code (``documents/idspace.py``). Those
  sections are dropped: the policy's own page is where a question about its words should lead, and
  the handbook is still found by its title, introduction and acknowledgement page.
- **A policy's sections become its clauses** (``search_clauses.py``): a result shows the paragraph or
  item that answers ("Expectations, item 2") and links to it, not a whole section.
- **Policy pages are boosted** (lunr's document boost, as ``search: boost:`` front matter sets it):
  one clause holds a few of a question's words where a document's page, one entry, holds them all
  and Material counts a page's own entry up to 2.5 times a section's; at 6 a clause holding most
  words of a question comes first ("photos of students": at 5 the permission form would). Pages
  that only list others by title (home, policy index, sections, archive) are demoted: a section
  titled "J: Students" should not come before the policy that answers "texting students".
- **Hidden words** (the ``keywords`` field, indexed and never shown in a result): the other forms of
  the entry's words (``friends``, ``texting``; ``search_words.py``), the words without their
  accents, the district's synonyms (``search_synonyms`` in ``district.yml``: a section that says
  "social media" is also found by "Facebook"), and a policy's code without its hyphen (``G170``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..cache import cache_key
from ..documents import DocumentSet
from ..documents.idspace import id_prefix
from ..render.policy import RenderedPolicy
from ..source.models import District
from ..words import words
from .documents import translated_copy_texts
from .incremental import SEARCH_INDEX, url_of
from .search_clauses import by_clause
from .search_words import PUNCTUATION, STOP_WORDS, Forms, folded, separator, uncovered, words_of

KEYWORDS = "keywords"  # the hidden field (declared to lunr by ``search_plugin_options``)
KEYWORDS_BOOST = 1.0  # as much as a word of the text (a title's words count 1000 times more)
POLICY_BOOST = 6.0  # a policy's entries against other pages' (Material's default is 1); see above
LISTING_BOOST = 0.2  # pages that list others by title (home, index, sections, archive): found when nothing else is
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
LANG_LINE = re.compile(r"^lang:\s*[\"']?([A-Za-z-]+)", re.MULTILINE)


@dataclass(frozen=True)
class SearchRules:
    """What refines the index: the site's language, the pages in other languages, the policy
    pages (page URL -> code), the district's synonyms (language -> the pages' word -> readers' words)
    and text whose words a page's entry holds hidden (page URL -> text)."""

    language: str
    synonyms: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    policies: dict[str, str] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)
    hidden: dict[str, str] = field(default_factory=dict)
    listings: frozenset[str] = frozenset()

    def shared_key(self) -> str:
        """What every entry depends on: when it changes, every page is indexed again."""
        return cache_key("search-rules", self.language, json.dumps(self.synonyms, sort_keys=True))  # hidden: per page


def search_rules(
    district: District, policies: list[RenderedPolicy], files: dict[str, str | bytes], documents: DocumentSet | None
) -> SearchRules:
    """The rules of this build: its policies, the ``lang`` of every generated page, and the words of
    the translated documents (whose per-school copies stay out of the index)."""
    languages = {url_of(path): lang for path, content in files.items() if (lang := page_language(path, content))}
    pages = {url_of(policy.folder + "index.md"): policy.meta.code for policy in policies}
    synonyms = {
        _lunr_language(lang): {term: list(words) for term, words in terms.items()}
        for lang, terms in district.search_synonyms.items()
    }
    texts = translated_copy_texts(documents) if documents else {}
    hidden = {url_of(path): _plain(text) for path, text in texts.items() if path in files}
    lists = [paths.HOME, paths.POLICY_INDEX, paths.ARCHIVE, paths.DOCUMENTS_INDEX]
    lists += [paths.page(paths.section_folder(letter)) for letter in district.sections]
    listings = frozenset(url_of(path) for path in lists)
    return SearchRules(_lunr_language(district.language), synonyms, pages, languages, hidden, listings)


def _plain(markdown: str) -> str:
    """The words of site Markdown: link targets, attribute lists and markup left out."""
    text = re.sub(r"\]\([^)]*\)|\{[^}]*\}|<[^>]*>", " ", markdown)
    return re.sub(r"[^\w\s'\u2019-]", " ", text)


def page_language(path: str, content: str | bytes) -> str | None:
    """The language code (``es``, ``pt``) of a generated page whose front matter sets ``lang``."""
    if not path.endswith(".md") or not isinstance(content, str) or not (head := FRONT_MATTER.match(content)):
        return None
    found = LANG_LINE.search(head[1])
    return _lunr_language(found[1]) if found else None


def _lunr_language(tag: str) -> str:
    return tag.split("-")[0].lower()


def refine_search_index(site: Path, rules: SearchRules) -> None:
    """Rewrite ``site``'s search index with the entries refined (see the module's docstring)."""
    path = site / SEARCH_INDEX
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = clauses_apart(index["docs"], rules, site)
    index["docs"] = refined(docs, rules, _splitter(index["config"].get("separator")))
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")  # as MkDocs writes it


def clauses_apart(entries: list[dict[str, Any]], rules: SearchRules, site: Path) -> list[dict[str, Any]]:
    """Every policy page's sections split into one entry per clause (``search_clauses.py``)."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        pages.setdefault(str(entry["location"]).split("#", 1)[0], []).append(entry)
    say = words(rules.language)
    return [
        item
        for page, found in pages.items()
        for item in (by_clause(found, page, site, say) if page in rules.policies else found)
    ]


def _splitter(separator: str | None) -> re.Pattern[str]:
    """The separator the browser uses, as Python reads it (the plain one if Python cannot)."""
    try:
        return re.compile(separator or PUNCTUATION)
    except re.error:
        return re.compile(PUNCTUATION)


def refined(entries: list[dict[str, Any]], rules: SearchRules, split: re.Pattern[str]) -> list[dict[str, Any]]:
    forms: dict[str, Forms] = {}
    copies = tuple(f"#{id_prefix(code)}" for code in rules.policies.values())
    kept = []
    for entry in entries:
        page = str(entry["location"]).split("#", 1)[0]
        if page not in rules.policies and str(entry["location"]).removeprefix(page).startswith(copies):
            continue
        lang = rules.languages.get(page, rules.language)
        also = rules.hidden.get(page, "") if entry["location"] == page else ""
        hidden = hidden_words(entry, also, forms.setdefault(lang, Forms(lang)), rules.synonyms.get(lang, {}), split)
        code = rules.policies.get(page)
        if code is not None and entry["location"] == page and "-" in code:
            hidden = sorted({*hidden, code.replace("-", "").lower()})  # G170 finds G-170
        boost = POLICY_BOOST if code is not None else LISTING_BOOST if page in rules.listings else None
        kept.append(
            {**entry, **({"boost": boost} if boost else {}), **({KEYWORDS: " ".join(hidden)} if hidden else {})}
        )
    return kept


def hidden_words(
    entry: dict[str, Any], also: str, forms: Forms, synonyms: dict[str, list[str]], split: re.Pattern[str]
) -> list[str]:
    """The words a reader may type for this entry that its title and text do not hold (``also``:
    more text whose words it holds hidden)."""
    words = words_of(str(entry.get("title", "")), split) + words_of(str(entry.get("text", "")), split)
    present = set(words)
    more = words_of(also, split)
    words += more
    extra = set(more) | {form for word in {*present, *more} for form in forms.of(word)}
    extra |= synonyms_for(words, forms, synonyms, split)
    return uncovered(extra, present)


def synonyms_for(words: list[str], forms: Forms, synonyms: dict[str, list[str]], split: re.Pattern[str]) -> set[str]:
    """The readers' words of every synonym whose term (a word or phrase, any form) the words hold."""
    stems = [forms.stem(word) for word in words]
    found: set[str] = set()
    for term, others in synonyms.items():
        wanted = [forms.stem(word) for word in words_of(term, split)]
        if wanted and _holds(stems, wanted):
            found.update(word for other in others for word in words_of(other, split))
    return found | {folded(word) for word in found}


def _holds(stems: list[str], wanted: list[str]) -> bool:
    width = len(wanted)
    return any(stems[at : at + width] == wanted for at in range(len(stems) - width + 1))


def search_plugin_options(plugins: list[Any]) -> list[Any]:
    """The search plugin's entry of ``plugins`` with what a project's ``mkdocs.yml`` does not set:
    the separator (with the stop words of every language the search knows, ``search_words.py``) and
    the hidden ``keywords`` field."""
    updated: list[Any] = []
    for entry in plugins:
        if entry == "search" or (isinstance(entry, dict) and "search" in entry):
            options = dict((entry["search"] if isinstance(entry, dict) else None) or {})
            languages = options.get("lang") or list(STOP_WORDS)
            options.setdefault("separator", separator([languages] if isinstance(languages, str) else languages))
            fields = dict(options.get("fields") or {})
            fields.setdefault(KEYWORDS, {"boost": KEYWORDS_BOOST})
            entry = {"search": {**options, "fields": fields}}
        updated.append(entry)
    return updated
