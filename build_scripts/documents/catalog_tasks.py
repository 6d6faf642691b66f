"""``policy translations`` and ``policy approve``: the translators' and reviewers' commands.

Both render every document in every language (no PDF), so that they know exactly which units each
translated document prints and what their English is today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import UsageError, ValidationFailed, error
from ..paths.project import REVIEWS, Project
from ..source.catalog_write import EnglishUnit, merged, reviewed, with_units, write_catalog
from ..source.catalogs import State, Unit, read_catalog, tool_catalog
from ..source.project import Manual
from ..source.reviews import DocumentReview, write_review
from .build import load_document_templates, prepare_all
from .environment import template_passages
from .locks import clause_hashes, paraphrased
from .render import Prepared
from .translate import OUT_OF_DATE, translation_problems


@dataclass(frozen=True)
class Rendering:
    prepared: list[Prepared]
    pending: set[str]  # translated documents whose English paraphrases await approval


def render_all(project: Project, manual: Manual) -> Rendering:
    assert manual.district is not None
    prepared, _library, _warnings = prepare_all(project, manual, manual.district, date.today())
    # prepare_all marked each translation whose English paraphrase awaits approval
    return Rendering(prepared, {p.spec.id for p in prepared if p.usage.paraphrase_pending})


def english_units(prepared: list[Prepared], lang: str) -> list[EnglishUnit]:
    """Every unit the documents in ``lang`` print, in the order they print them, then the passages
    their templates hold that no school prints today (say, a line shown only with a school's phone)."""
    english: dict[str, str] = {}
    users: dict[str, list[str]] = {}
    templates: dict[str, Prepared] = {}
    for item in prepared:
        if item.lang != lang or not item.usage.translated:
            continue
        templates.setdefault(item.spec.id, item)
        for unit, text in item.usage.english.items():
            english.setdefault(unit, text)
            if item.spec.id not in users.setdefault(unit, []):
                users[unit].append(item.spec.id)
    for document, item in templates.items():
        for unit, text in template_passages(item.rendered.template, item.rendered.library):
            english.setdefault(unit, text)
            users.setdefault(unit, [document])
    return [EnglishUnit(unit, english[unit], tuple(users[unit])) for unit in english]


def update_catalogs(project: Project, manual: Manual) -> list[str]:
    """Merge today's English units into each language's catalog (by id); one line per catalog."""
    templates, _problems = load_document_templates(project)
    languages = sorted({lang for t in templates for lang in t.spec.languages})
    if not languages:
        return ["policy translations: no document template lists other languages (front matter 'languages')"]
    prepared = render_all(project, manual).prepared
    lines = []
    for lang in languages:
        old, _found = read_catalog(project, lang)
        units = english_units(prepared, lang)
        name = (manual.district.district.short_name if manual.district else None) or "policies"
        catalog = merged(old, units, name, tool_catalog(lang))
        changed = write_catalog(project.catalog_file(lang), catalog)
        states = [_state(old.unit(u.context), u.english) for u in units]
        counts = ", ".join(f"{states.count(s)} {s.value}" for s in State if states.count(s))
        verdict = "updated" if changed else "unchanged"
        lines.append(f"{project.display(project.catalog_file(lang))}: {verdict}; {len(units)} units ({counts})")
    return lines


def _state(unit: Unit | None, english: str) -> State:
    return unit.state(english) if unit is not None else State.MISSING


def approve(project: Project, manual: Manual, document: str, lang: str | None, by: str, on: date) -> str:
    """Record that ``by`` reviewed ``document`` (its paraphrases in the source language, or its
    translation into ``lang``); refuse while something it prints is out of date."""
    assert manual.district is not None
    templates, _problems = load_document_templates(project)
    template = next((t for t in templates if t.spec.id == document), None)
    if template is None:
        known = ", ".join(t.spec.id for t in templates)
        raise UsageError(f"policy approve: no document has the id '{document}' (documents: {known})")
    if not by.strip():
        raise UsageError("policy approve: --by must name the person who reviewed it")
    rendering = render_all(project, manual)
    if lang is None or lang == manual.district.language:
        return _approve_source(project, rendering, document, by.strip(), on)
    if lang not in template.spec.languages:
        made = ", ".join([manual.district.language, *template.spec.languages])
        raise UsageError(f"policy approve: {document} is made in {made}, not '{lang}'")
    return _approve_translation(project, rendering, document, lang, by.strip(), on)


def _approve_source(project: Project, rendering: Rendering, document: str, by: str, on: date) -> str:
    found = paraphrased([p.rendered for p in rendering.prepared]).get(document)
    refs = found[1] if found else []
    if not refs:
        return f"policy approve: {document} paraphrases no clause (it only quotes): nothing to approve"
    library = found[0].library if found else None
    assert library is not None
    write_review(
        project.root, document, DocumentReview(approved_by=by, approved_on=on, clauses=clause_hashes(refs, library))
    )
    return f"policy approve: {document} approved by {by} against {len(refs)} paraphrased clauses ({REVIEWS})"


def _approve_translation(project: Project, rendering: Rendering, document: str, lang: str, by: str, on: date) -> str:
    items = [p for p in rendering.prepared if p.spec.id == document and p.lang == lang]
    if document in rendering.pending:
        raise UsageError(
            f"policy approve: the English {document} awaits approval of a changed clause; "
            f"approve it first (policy approve {document} --by NAME)"
        )
    if any(state in OUT_OF_DATE for p in items for state in p.usage.states.values()):
        out_of_date = translation_problems([(document, p.usage) for p in items])
        raise ValidationFailed([error(p.path, p.line, p.message, kind=p.kind) for p in out_of_date])
    catalog, _problems = read_catalog(project, lang)
    units = [unit for p in items for unit in p.usage.states]
    babel = with_units(catalog, tool_catalog(lang), units)  # the tool's words it prints become the district's
    count = reviewed(babel, set(units), by, on.isoformat())
    write_catalog(project.catalog_file(lang), babel)
    return (
        f"policy approve: {count} units of {document} ({lang}) marked reviewed by {by} "
        f"({project.display(project.catalog_file(lang))})"
    )
