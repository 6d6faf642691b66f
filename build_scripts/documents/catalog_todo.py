"""``policy translations --todo``: a translation reviewer's list of what to translate or update.

Each unit that a translated document (or the chrome of translated pages) prints and that is out of
date or missing, once per language: where it is in the catalog, which documents print it, its English
today and the English its translation was made from (the previous ``msgid``, ``#|``, which
``policy translations`` keeps; before that merge, the ``msgid`` itself).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..paths.project import Project
from ..source.catalogs import State, read_catalog
from ..source.project import Manual
from .catalog_tasks import Rendering, render_all
from .translate import OUT_OF_DATE

STATE_WORDS = {State.STALE: "out of date", State.MISSING: "not translated yet"}


@dataclass(frozen=True)
class Todo:
    lang: str
    unit: str
    state: State
    english: str  # today's
    old: str  # what its translation was made from ('' when there is none)
    translation: str  # as the catalog holds it ('' when there is none)
    users: tuple[str, ...]
    where: str  # path:line in the catalog (path alone when the unit is not in the file yet)


def todo_items(project: Project, rendering: Rendering, languages: list[str]) -> list[Todo]:
    """Every stale or missing unit of each language, in the order the documents print them."""
    items = []
    for lang in languages:
        catalog, _problems = read_catalog(project, lang)
        path = project.display(project.catalog_file(lang))
        found: dict[str, tuple[State, str, list[str]]] = {}
        for document, usage in rendering.usages(lang):
            for unit, state in usage.states.items():
                if state in OUT_OF_DATE:
                    users = found.setdefault(unit, (state, usage.english[unit], []))[2]
                    users.extend([document] if document not in users else [])
        for unit, (state, english, users) in found.items():
            own = catalog.unit(unit)
            old = catalog.previous.get(unit) or (own.english if own is not None and own.text else "")
            where = f"{path}:{own.line}" if own is not None else path
            text = own.text if own is not None and not own.origin else ""
            old = old if old != english else ""
            items.append(Todo(lang, unit, state, english, old, text, tuple(users), where))
    return items


def todo_lines(project: Project, manual: Manual, lang: str | None) -> list[str]:
    """The reviewer's list, for ``lang`` or every language documents are made in."""
    rendering = render_all(project, manual)
    made = sorted({p.lang for p in rendering.prepared if p.usage.translated})
    if lang is not None and lang not in made:
        raise UsageError(
            f"policy translations: no document is made in '{lang}' (languages: {', '.join(made) or 'none'})"
        )
    languages = [lang] if lang else made
    items = todo_items(project, rendering, languages)
    lines = []
    for item in items:
        where = item.where + ("" if ":" in item.where else " (not in the file yet: run policy translations)")
        lines.append(f"{where}: {item.unit}: {STATE_WORDS[item.state]} (printed by {', '.join(item.users)})")
        lines.append(f"    English now:    {item.english}")
        if item.old:
            lines.append(f"    English before: {item.old}")
        if item.translation:
            lines.append(f"    Translation:    {item.translation}")
    names = ", ".join(languages) or "no language"
    if not items:
        return [f"policy translations --todo: nothing to do in {names}: every unit is translated from today's English"]
    return [*lines, f"policy translations --todo: {len(items)} unit(s) to translate or update ({names})"]
