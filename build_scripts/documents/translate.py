"""Documents in other languages: what each rendering looked up in its catalog, and what that says.

A ``Usage`` is the ``translate`` function of one document rendered in one language: it returns a
unit's translation by id (the English text when there is none) and records the unit's state, so
that the document knows whether it is stale or a draft, ``policy check`` can name every stale unit
with the documents that use it, and ``policy translations update`` knows every unit and its English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem, warning
from ..source.catalogs import Catalog, State
from ..source.models import District

OUT_OF_DATE = (State.STALE, State.MISSING)


@dataclass
class Usage:
    """The units one rendering used, in order: id -> state, and id -> today's English."""

    catalog: Catalog | None  # None: the source language, nothing to look up
    states: dict[str, State] = field(default_factory=dict)
    english: dict[str, str] = field(default_factory=dict)
    paraphrase_pending: bool = False  # its English document awaits approval of a changed clause

    def __call__(self, unit: str, english: str) -> str:
        if self.catalog is None:
            return english
        found = self.catalog.unit(unit)
        self.states[unit] = found.state(english) if found is not None else State.MISSING
        self.english.setdefault(unit, english)
        return found.text if found is not None and found.text else english

    @property
    def translated(self) -> bool:
        return self.catalog is not None

    @property
    def stale(self) -> bool:
        return self.paraphrase_pending or any(s in OUT_OF_DATE for s in self.states.values())

    @property
    def draft(self) -> bool:
        return any(s is not State.REVIEWED for s in self.states.values())


def translated_district(district: District, usage: Usage) -> District:
    """The district as a translated document prints it: its name and titles. (Committees and section
    titles are printed by no translated document yet: they would be units ``district:...`` too.)"""
    if not usage.translated:
        return district
    info = district.district
    schools = [
        s.model_copy(update={"principal_title": usage(f"district:{s.id}.principal_title", s.principal_title)})
        if s.principal_title
        else s
        for s in district.schools
    ]
    translated = info.model_copy(
        update={
            "name": usage("district:name", info.name),
            "superintendent_title": usage("district:superintendent_title", info.superintendent_title),
            "governing_body": usage("district:governing_body", info.governing_body),
        }
    )
    return district.model_copy(update={"district": translated, "schools": schools})


def translation_problems(usages: list[tuple[str, Usage]]) -> list[Problem]:
    """One warning per stale or missing unit of each catalog, naming the documents that use it."""
    users: dict[tuple[str, str], list[str]] = {}
    found: dict[tuple[str, str], tuple[Catalog, State]] = {}
    for document, usage in usages:
        if usage.catalog is None:
            continue
        for unit, state in usage.states.items():
            if state in OUT_OF_DATE:
                key = (usage.catalog.lang, unit)
                found[key] = (usage.catalog, state)
                if document not in users.setdefault(key, []):
                    users[key].append(document)
    problems = []
    for key, (catalog, state) in found.items():
        found_unit = catalog.unit(key[1])
        line = found_unit.line if found_unit is not None and not found_unit.origin else 1
        documents = ", ".join(users[key])
        if state is State.STALE:
            message, kind = f"translation of {key[1]} is out of date (used by {documents})", "translation.stale"
        else:
            message = f"no translation of {key[1]} yet: the English text is printed (used by {documents})"
            kind = "translation.missing"
        problems.append(warning(catalog.path, line, message, kind=kind))
    return sorted(problems)
