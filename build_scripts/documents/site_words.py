"""The words around a translated document's page, in its language: the site's chrome.

A translated page is read aloud in its own language, so everything on it that the pipeline writes
is too: the navigation's titles (``words.NAVIGATION``; a section of the manual is "G: " and the
district's title of the section, unit ``district:sections.G``), the footer's lines and the
accessibility line (the district's name and its superintendent's title from the catalog, or the
district's own sentence, unit ``district:contact.accessibility``). Material's own interface strings
follow the page's ``lang`` (``partials/language.html``).

The units are looked up like a document's, in one more rendering (``SITE``): ``policy check`` names a
missing or stale one, ``policy translations`` keeps them in the catalog, and a page is never marked
stale for them. What has no translation is printed in English and marked ``lang="en"`` by the
theme: ``english`` lists those values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..source.catalogs import Catalog, State
from ..source.models import District
from ..textfilters import nav_title
from ..words import NAVIGATION, Words, words
from .translate import Usage

SITE = "site pages"  # how warnings and catalogs name the pages' chrome ("used by: site pages")


@dataclass
class SiteWords:
    """The chrome of the pages in one language: ``values`` is what the theme reads
    (``config.extra.translated[<tag>]``), ``usage`` the units it looked up."""

    tag: str
    usage: Usage
    values: dict[str, Any] = field(default_factory=dict)


def site_words(district: District, catalog: Catalog, lang: str, sections: list[str]) -> SiteWords:
    """The chrome of pages in ``lang``; ``sections``: the keys of the sections the navigation lists."""
    usage = Usage(catalog)
    say, english = words(district.language_info(lang), usage), words(district.language_info(district.language))
    found = SiteWords(say.tag, usage)
    name = _unit(found, "district:name", district.district.name)
    found.values.update(
        footer_words(say, name or district.district.name),
        nav=_navigation(found, district, sections, say, english),
        district_name=name,
        accessibility=_accessibility(found, district, say),
    )
    found.values["english"] = sorted(key for key, value in found.values.items() if value is None)
    for key in found.values["english"]:
        found.values[key] = _english_value(district, key)
    return found


def footer_words(say: Words, district: str) -> dict[str, str]:
    """The footer's own words (and the feed's title) in ``say``'s language: on English pages too."""
    keys = ("telephone", "accessibility label", "follow changes", "feed link", "open data link")
    return {key.replace(" ", "_"): say(key) for key in keys} | {"feed_title": say("feed title", district=district)}


def _unit(found: SiteWords, unit: str, english: str) -> str | None:
    """The unit's translation, or None when the catalog has none (the English is then marked)."""
    text = found.usage(unit, english)
    return None if found.usage.state(unit) is State.MISSING else text


def _english_value(district: District, key: str) -> str:
    contact = district.contact
    values = {"district_name": district.district.name, "accessibility": (contact.accessibility or "").strip()}
    return values[key]


def _navigation(
    found: SiteWords, district: District, sections: list[str], say: Words, english: Words
) -> dict[str, str]:
    """Navigation title (as the pipeline writes it, HTML-escaped) -> its translation; a title
    missing here is printed in English, marked as such."""
    nav = {nav_title(english(key)): nav_title(say(key)) for key in NAVIGATION}
    for key in sections:
        title = district.sections.get(key)
        translated = _unit(found, f"district:sections.{key}", title) if title else None
        if title and translated:
            shown = nav_title(english("nav section", letter=key, title=title))
            nav[shown] = nav_title(say("nav section", letter=key, title=translated))
    return nav


def _accessibility(found: SiteWords, district: District, say: Words) -> str | None:
    """The district's own sentence (a unit), else the tool's, naming the superintendent's office."""
    own = (district.contact.accessibility or "").strip()
    if own:
        return _unit(found, "district:contact.accessibility", own)
    return accessibility_sentence(district, say, found.usage)


def accessibility_sentence(district: District, say: Words, usage: Usage | None = None) -> str:
    """The generic request line, naming the superintendent's office and its phone when known."""
    info = district.district
    title = usage("district:superintendent_title", info.superintendent_title) if usage else info.superintendent_title
    phone = (info.contact.phone or "").strip()
    how = say("at phone", phone=phone) if phone else ""
    return say("accessibility", office=say("office of", title=title), how=how)
