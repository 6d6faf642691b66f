"""Translation catalogs: ``source/translations/<lang>.po``, gettext PO files a translator's tools open.

Every unit is keyed by its ``msgctxt``, an id that never changes with the text:

- ``G-170#cellular-phones-1``: a policy clause a translated document quotes;
- ``parent-letter#friend``: a passage of a document template (``{% trans "friend" %}``);
- ``parent-letter#title`` and ``#summary``: a document's title and summary;
- ``G-170:title``, ``G-170:section:web-tools``: a policy's title, a section's short title (citations);
- ``words:item``: a phrase the pipeline composes (``words.py``);
- ``district:name``, ``district:sections.G``: titles in ``district.yml``.

``msgid`` holds the English text the translation was made from. A unit is *stale* when it is fuzzy or
its ``msgid`` is no longer today's English; it is still shown (looked up by id, never by text), with
a notice. A translator comment ``# reviewed: DATE by NAME (sha256 HASH)`` records who reviewed the
translation of which English text; without one for today's English, the translation is a draft.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import PoFileError, read_po, unescape

from ..errors import Problem, error
from ..paths.project import TRANSLATIONS, Project
from ..paths.theme import THEME
from ..paths.theme import TRANSLATIONS as TOOL_TRANSLATIONS

FOLDER = TRANSLATIONS
REVIEWED = re.compile(r"^reviewed: (\d{4}-\d{2}-\d{2}) by (.+) \(sha256 ([0-9a-f]{16})\)$")
PERCENT = re.compile(r"%\((\w+)\)s")
BRACE = re.compile(r"\{(\w+)\}")


def english_hash(text: str) -> str:
    """The short hash a review records of the English text it reviewed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class State(StrEnum):
    REVIEWED = "reviewed"  # translated from today's English, and reviewed
    DRAFT = "draft"  # translated from today's English, not reviewed yet
    STALE = "stale"  # fuzzy, or translated from an English text that has changed since
    MISSING = "missing"  # no translation yet: the English text is shown


@dataclass(frozen=True)
class Review:
    on: date
    by: str
    sha256: str  # english_hash of the English text reviewed


@dataclass(frozen=True)
class Unit:
    context: str
    english: str  # msgid: the English text it was translated from
    text: str  # msgstr
    fuzzy: bool
    line: int
    review: Review | None
    origin: str = ""  # the catalog it was read from, when not the district's (the tool's own words)

    def state(self, english: str) -> State:
        if not self.text:
            return State.MISSING
        if self.fuzzy or self.english != english:
            return State.STALE
        reviewed = self.review is not None and self.review.sha256 == english_hash(english)
        return State.REVIEWED if reviewed else State.DRAFT


@dataclass
class Catalog:
    """One language's catalog, read from ``path`` (as displayed); empty when the file is missing."""

    lang: str
    path: str
    units: dict[str, Unit] = field(default_factory=dict)
    babel: BabelCatalog | None = None
    previous: dict[str, str] = field(default_factory=dict)  # id -> the English of its last translation (#|)

    def unit(self, context: str) -> Unit | None:
        return self.units.get(context)


def read_catalog(project: Project, lang: str) -> tuple[Catalog, list[Problem]]:
    """The district's catalog of ``lang`` and its problems: unreadable entries, duplicate ids,
    placeholders that the English text does not have or that the translation drops."""
    path = project.catalog_file(lang)
    return _read(path, project.display(path), lang)


def tool_catalog(lang: str) -> Catalog:
    """The tool's own words in ``lang`` (``words:*`` units), shipped with it; empty for a language it lacks."""
    path = THEME / TOOL_TRANSLATIONS / f"{lang}.po"
    catalog, _problems = _read(path, f"(the tool's) {TOOL_TRANSLATIONS}/{lang}.po", lang)  # tested with the tool
    return catalog


def with_tool_words(own: Catalog, tool: Catalog) -> Catalog:
    """The district's catalog, with the tool's translation of each of its words the district has not
    translated itself (``origin`` names where such a unit came from)."""
    extra = {key: replace(unit, origin=tool.path) for key, unit in tool.units.items() if key not in own.units}
    return replace(own, units={**extra, **own.units})


def _read(path: Path, shown: str, lang: str) -> tuple[Catalog, list[Problem]]:
    if not path.is_file():
        return Catalog(lang, shown), []
    data = path.read_bytes()
    try:
        babel = read_po(BytesIO(data), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", 0) + 1
        return Catalog(lang, shown), [error(shown, line, f"not a readable PO catalog: {_reason(exc)}", kind="catalog")]
    text = data.decode("utf-8", errors="replace")
    lines = _context_lines(text)
    catalog, problems = Catalog(lang, shown, babel=babel, previous=previous_ids(text)), []
    for message in babel:
        if not message.id or not message.context:
            continue
        context = str(message.context)
        line = lines.get(context, message.lineno or 1)
        unit = Unit(context, str(message.id), str(message.string or ""), message.fuzzy, line, _review(message))
        problems += placeholder_problems(shown, unit)
        catalog.units[context] = unit
    return catalog, problems


def _reason(exc: Exception) -> str:
    text = str(exc)
    return re.sub(r" on \d+$", "", text)


def _context_lines(text: str) -> dict[str, int]:
    """The line of each ``msgctxt "..."`` (a message's first keyword line, where a translator looks)."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith('msgctxt "') and line.endswith('"'):
            found.setdefault(line[len('msgctxt "') : -1].replace('\\"', '"'), number)
    return found


def previous_ids(text: str) -> dict[str, str]:
    """The previous ``msgid`` (``#| msgid ...`` lines) of each unit that has one, by id (Babel's own
    reader drops them)."""
    found: dict[str, str] = {}
    block: list[str] = []
    for line in text.splitlines():
        if line.startswith("#| "):
            block.append(line[3:].strip())
        elif line.startswith('msgctxt "') and block and block[0].startswith("msgid "):
            parts = [block[0][len("msgid ") :], *block[1:]]
            found[unescape(line[len("msgctxt ") :])] = "".join(unescape(part) for part in parts)
            block = []
        elif not line.startswith("#"):
            block = []
    return found


def _review(message: object) -> Review | None:
    for comment in getattr(message, "user_comments", []):
        match = REVIEWED.match(str(comment).strip())
        if match:
            return Review(date.fromisoformat(match.group(1)), match.group(2).strip(), match.group(3))
    return None


def placeholders(text: str) -> set[str]:
    return set(PERCENT.findall(text)) | set(BRACE.findall(text))


def placeholder_problems(path: str, unit: Unit) -> list[Problem]:
    """A translation must use exactly the placeholders of its English text (%(cite)s, {code})."""
    if not unit.text:
        return []
    want, have = placeholders(unit.english), placeholders(unit.text)
    problems = []
    if extra := sorted(have - want):
        names = ", ".join(extra)
        problems.append(
            error(
                path, unit.line, f"translation of {unit.context} uses {names}, not in the English text", kind="catalog"
            )
        )
    if missing := sorted(want - have):
        names = ", ".join(missing)
        problems.append(error(path, unit.line, f"translation of {unit.context} leaves out {names}", kind="catalog"))
    return problems
