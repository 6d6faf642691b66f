"""Writing translation catalogs: merge today's English units into a PO file, by id.

Babel's own ``Catalog.update`` pairs a rewritten text with the most similar old one and can hand a
clause's translation to another clause; here a unit is only ever matched by its ``msgctxt``. A unit
whose English changed keeps its translation, marked fuzzy, with the English it was made from as the
previous ``msgid`` (``#|``), which Poedit and Lokalize show as a diff. Units no longer used are kept
as obsolete entries (``#~``), so a translation is never lost. The header keeps its dates: a file
changes only when its units do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.catalog import Message
from babel.messages.pofile import normalize, write_po

from ..words import language
from .catalogs import BRACE, PERCENT, REVIEWED, Catalog, english_hash

HEADER = (
    "Translations of {project} documents into {name}.\n"
    "Each entry's msgctxt is the id of a clause, passage or phrase; msgid is the English text it was\n"
    "translated from. A '# reviewed:' comment records who reviewed it against which English (written\n"
    "by `policy approve`). Update with `policy translations`; edit with any PO editor."
)


@dataclass(frozen=True)
class EnglishUnit:
    context: str
    english: str
    users: tuple[str, ...]  # the documents that print it


def merged(old: Catalog, units: list[EnglishUnit], project: str, tool: Catalog | None = None) -> BabelCatalog:
    """A catalog holding ``units`` in order, with every translation of ``old`` kept by id; a unit
    ``old`` lacks takes the tool's own translation, when the tool has one (its words: a draft to review)."""
    catalog = _empty(old, project)
    seen = set()
    for unit in units:
        seen.add(unit.context)
        source = old.babel if _find(old.babel, unit.context) is not None or tool is None else tool.babel
        message = _message(source, unit, old.previous.get(unit.context))
        catalog[message.id] = message
    if old.babel is not None:
        for message in old.babel:
            if message.id and message.context and str(message.context) not in seen and message.string:
                catalog.obsolete[(str(message.id), str(message.context))] = message
        for key, message in old.babel.obsolete.items():
            if str(message.context) not in seen:
                catalog.obsolete[key] = message
    return catalog


def _empty(old: Catalog, project: str) -> BabelCatalog:
    known = old.babel.locale if old.babel is not None else None  # a catalog keeps the locale it was made for
    tag = str(known) if known else language(old.lang).tag.replace("-", "_")
    created = old.babel.creation_date if old.babel is not None else datetime.now(UTC).replace(second=0, microsecond=0)
    revised = old.babel.revision_date if old.babel is not None else created
    name = language(old.lang).name
    return BabelCatalog(
        locale=tag,
        project=project,
        version="1",
        header_comment="# " + HEADER.format(project=project, name=name).replace("\n", "\n# "),
        creation_date=created,
        revision_date=revised,
        language_team=name,
        last_translator=old.babel.last_translator if old.babel is not None else "",
        msgid_bugs_address="",
        fuzzy=False,
    )


def _message(old: BabelCatalog | None, unit: EnglishUnit, previous_english: str | None) -> Message:
    previous = _find(old, unit.context)
    flags = {"python-brace-format"} if BRACE.search(unit.english) else set()
    flags |= {"python-format"} if PERCENT.search(unit.english) else set()
    comments = [f"used by: {', '.join(unit.users)}"]
    if previous is None:
        return Message(unit.english, "", flags=flags, auto_comments=comments, context=unit.context)
    string, user_comments = str(previous.string or ""), list(previous.user_comments)
    fuzzy = previous.fuzzy
    previous_id: list[str] = [previous_english] if previous_english and fuzzy else []
    if str(previous.id) != unit.english and string:
        fuzzy, previous_id = True, [str(previous.id)]
    if fuzzy:
        flags.add("fuzzy")
    return Message(
        unit.english,
        string,
        flags=flags,
        auto_comments=comments,
        user_comments=user_comments,
        previous_id=previous_id,
        context=unit.context,
    )


def _find(catalog: BabelCatalog | None, context: str) -> Message | None:
    if catalog is None:
        return None
    found = [m for m in catalog if m.context == context and m.id]
    found += [m for m in catalog.obsolete.values() if m.context == context]
    return found[0] if found else None


def with_units(own: Catalog, tool: Catalog, contexts: list[str]) -> BabelCatalog:
    """The district's catalog, with the tool's own translation added for each of ``contexts`` that
    it does not hold yet (so that a review of them is recorded in the district's file)."""
    catalog = own.babel if own.babel is not None else _empty(own, "policies")
    for context in dict.fromkeys(contexts):
        message = _find(tool.babel, context)
        if _find(catalog, context) is None and message is not None:
            catalog[message.id] = Message(
                message.id, message.string, flags=set(message.flags) - {"fuzzy"}, context=context
            )
    return catalog


def reviewed(catalog: BabelCatalog, contexts: set[str], by: str, on: str) -> int:
    """Record a review of each unit of ``contexts`` (its English as it stands); how many were marked."""
    count = 0
    for message in catalog:
        if message.context in contexts and message.id and message.string:
            keep = [c for c in message.user_comments if not REVIEWED.match(c.strip())]
            message.user_comments = [*keep, f"reviewed: {on} by {by} (sha256 {english_hash(str(message.id))})"]
            count += 1
    return count


WIDTH = 100


def catalog_bytes(catalog: BabelCatalog) -> bytes:
    """The catalog as a PO file; a fuzzy unit's previous English as ``#| msgid`` lines, written here
    in gettext's own form (Babel wraps them inside their quotes)."""
    out = BytesIO()
    write_po(out, catalog, width=WIDTH, sort_output=False, include_previous=False, ignore_obsolete=False)
    previous = {str(m.context): str(m.previous_id[0]) for m in catalog if m.context and m.previous_id}
    lines = []
    for line in out.getvalue().decode("utf-8").split("\n"):
        context = line[len('msgctxt "') : -1] if line.startswith('msgctxt "') else None
        if context is not None and context.replace('\\"', '"') in previous:
            quoted = normalize(previous[context.replace('\\"', '"')], width=WIDTH).split("\n")
            lines += ["#| msgid " + quoted[0], *("#| " + q for q in quoted[1:])]
        lines.append(line)
    return "\n".join(lines).encode("utf-8")


def write_catalog(path: Path, catalog: BabelCatalog) -> bool:
    """Write ``catalog`` to ``path``; False when the file already says exactly that."""
    data = catalog_bytes(catalog)
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
