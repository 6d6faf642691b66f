"""Reading translated documents as a parent does: the words a page shows (less what it marks as
English), and any English word among them that is not a name.

How English is told from a name or a citation: the *English vocabulary* is every word of every
unit's English text that the translated renderings looked up (template passages, clauses, titles,
the tool's own words of ``words.py``, the pages' chrome) and of Material's English interface
strings; the *allowed vocabulary* is every word of the language's catalogs (the district's and the
tool's), of Material's interface strings in the language, and of the district's names (schools,
towns, addresses). A printed word in the first and not in the second is English that slipped through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from build_scripts.documents.catalog_tasks import Rendering
from build_scripts.paths.project import Project
from build_scripts.source.catalogs import read_catalog, tool_catalog
from build_scripts.source.models import District
from build_scripts.words import ENGLISH
from tests.conftest import ROOT

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:us|org|io|com)\b\S*")
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")
MATERIAL = next((ROOT / ".venv" / "lib").glob("python3*/site-packages/material/templates/partials/languages"))
SKIPPED = {"script", "style", "svg", "template"}
VOID = {"br", "img", "input", "link", "meta", "hr", "wbr", "source", "area", "base", "col", "embed", "track"}


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Lower-case words of ``texts`` (web addresses and placeholders left out)."""
    found: set[str] = set()
    for text in texts:
        found.update(w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", URL.sub(" ", text))))
    return found


def material_strings(tag: str) -> list[str]:
    """Material's interface strings in a language (its ``partials/languages/<tag>.html``)."""
    path = MATERIAL / f"{tag}.html"
    return re.findall(r'"[\w.-]+": "([^"]*)"', path.read_text(encoding="utf-8")) if path.is_file() else []


def district_names(district: District) -> list[str]:
    """What is printed as a name, never translated: schools, towns, addresses, the web address."""
    contact = district.contact
    names = [*district.district.towns, district.district.short_name or "", *(contact.address or [])]
    for school in district.schools:
        names += [school.name, school.town, *(school.address or [])]
    return names


class EnglishWords:
    """The English words that a translation into ``lang`` must not print (see the module's note)."""

    def __init__(self, project: Project, rendering: Rendering, district: District, lang: str, tag: str) -> None:
        english = [text for _document, usage in rendering.usages(lang) for text in usage.english.values()]
        english += [*ENGLISH.values(), *material_strings("en")]
        own, _problems = read_catalog(project, lang)
        translated = [u.text for u in own.units.values()] + [u.text for u in tool_catalog(lang).units.values()]
        allowed = vocabulary([*translated, *material_strings(tag), *district_names(district)])
        self.suspects = vocabulary(english) - allowed

    def found_in(self, text: str) -> list[str]:
        """The English words in ``text``, in order, each once."""
        return list(dict.fromkeys(w for w in WORD.findall(URL.sub(" ", text)) if w.lower() in self.suspects))


class _Shown(HTMLParser):
    """The text a page shows (body only), less scripts, icons and anything inside ``lang="en"``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.parts: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_body = self.in_body or tag == "body"
        if tag in VOID:
            return
        skipped = bool(self.stack and self.stack[-1][1]) or tag in SKIPPED or dict(attrs).get("lang") == "en"
        self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.in_body and not (self.stack and self.stack[-1][1]):
            self.parts.append(data)


def shown_text(html: str) -> str:
    """A page's visible words (its ``<body>``), without what it marks as English."""
    parser = _Shown()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
