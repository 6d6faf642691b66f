"""Escaping and formatting filters for templates: every user value goes through one of these."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from functools import lru_cache

from babel.dates import format_date
from markupsafe import Markup

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md_text(value: object) -> Markup:
    """Plain text made safe for Markdown *and* HTML: prints literally, whatever it contains. An
    apostrophe stays itself (it is special to neither, and pandoc would print its numeric entity with
    the '#' escaped as the literal text '&#x27;'); a double quote becomes ``&quot;``."""
    escaped = html.escape(str(value), quote=False).replace('"', "&quot;")
    return Markup(MARKDOWN_SPECIALS.sub(r"\\\1", escaped))


def page_title(value: object) -> Markup:
    """A page title for front matter: HTML-escaped (MkDocs and Material print titles unescaped in
    <title>, the header and the navigation), as a YAML scalar (JSON string syntax is valid YAML)."""
    return Markup(json.dumps(html.escape(str(value), quote=False), ensure_ascii=False))


def nav_title(value: str) -> str:
    """A navigation entry's title, HTML-escaped for the same reason."""
    return html.escape(value, quote=False)


def long_date(value: date | None, lang: str = "en") -> str:
    """'March 20, 2019' in the page's language."""
    if value is None:
        return ""
    return _long_date(value, lang)


@lru_cache(maxsize=4096)
def _long_date(value: date, lang: str) -> str:
    """Babel reads its locale data on every call: a manual formats the same few hundred dates
    thousands of times."""
    return str(format_date(value, format="long", locale=lang.replace("-", "_")))


def filesize(size: int) -> str:
    """'58 KB', its number and unit joined by a no-break space: never '(58' at a line's end on a phone."""
    return f"{max(1, round(size / 1024))}\u00a0KB"


def counted(count: int, noun: str, plural: str = "") -> str:
    """A count with its noun in the right number: '1 policy', '2 policies', '0 warnings',
    '1 policy PDF'. The last word of ``noun`` takes the plural, unless ``plural`` is given."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {plural or plural_of(noun)}"


def plural_of(noun: str) -> str:
    """'policy' -> 'policies', 'policy PDF' -> 'policy PDFs', 'broken link' -> 'broken links'."""
    head, space, last = noun.rpartition(" ")
    if last.endswith("y") and last[-2:-1].lower() not in ("a", "e", "i", "o", "u", ""):
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return head + space + last
