"""Render every document for every school: Jinja -> Markdown with markers -> AST -> outputs.

Stages, each a function: ``render_markdown`` (Jinja, all templates x schools), ``prepare`` (one
pandoc read for all, markers replaced by policy text), then ``render_documents`` writes the typst
bodies and site Markdown in one pandoc call each, compiles PDFs and each school's print bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import paths
from ..errors import Problem, ValidationFailed, error
from ..pandoc.runner import Ast
from ..render.transforms import sanitize
from ..source.catalogs import Catalog
from ..source.models import District, School
from ..textfilters import long_date
from ..words import Language, Words, words
from ..words import language as language_defaults
from .blocks import NamedBlockError, for_output, raw_block
from .environment import Rendered, TemplateProblem, render_template, template_context
from .library import Library, policy_version
from .markers import (
    expand_parts,
    link_citations,
    replace_markers,
    text_inlines,
    typst_lang_spans,
    unwrap_citations,
)
from .readability import document_grade
from .spec import DocumentSpec, DocumentTemplate
from .translate import Usage, translated_district

BUNDLE_ID = "print-bundle"


@dataclass(frozen=True)
class Source:
    policy: str
    clause: str
    sha256: str
    quoted: bool


@dataclass(frozen=True)
class Prepared:
    """One document instance as an AST with the policy's text in place (a whole policy as a part:
    ``markers.policy_part``)."""

    rendered: Rendered
    ast: Ast
    sources: list[Source]
    footer: tuple[str, str]  # what the document is (for which school); the policy versions it implements
    labels: dict[str, str]  # the printed form's own words (Yes, No, Date...), as typst inputs

    @property
    def spec(self) -> DocumentSpec:
        return self.rendered.template.spec

    @property
    def school(self) -> School | None:
        return self.rendered.school

    @property
    def title(self) -> str:
        title = self.rendered.title
        return f"{title} \u2014 {self.school.name}" if self.school else title

    @property
    def lang(self) -> str:
        return self.rendered.lang

    @property
    def usage(self) -> Usage:
        return self.rendered.usage


@dataclass(frozen=True)
class RenderedDocument:
    """A finished document: site Markdown, PDF, optional DOCX, and the clauses it used. A translated
    one (``translated``) is ``stale`` when a unit it prints is out of date or missing, ``draft``
    while a unit is not reviewed; ``languages`` lists every language the document is made in."""

    id: str
    title: str
    school: School | None
    lang: str
    page_markdown: str
    pdf: bytes
    docx: bytes | None
    sources: list[Source]
    summary: str = ""
    translated: bool = False
    stale: bool = False
    draft: bool = False
    languages: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # its page's own words, in its language
    language: Language = field(default_factory=lambda: language_defaults("en"))  # its tag and names

    @property
    def base_folder(self) -> str:
        """The folder of the document in its source language (its translations sit inside)."""
        return paths.document_folder(self.id, self.school.id if self.school else None)

    @property
    def folder(self) -> str:
        return self.base_folder + (f"{self.lang}/" if self.translated else "")

    def folder_in(self, lang: str, source: str) -> str:
        """The folder of this document's version in ``lang`` (``source``: the source language)."""
        return self.base_folder + ("" if lang == source else f"{lang}/")

    @property
    def stem(self) -> str:
        stem = f"{self.id}-{self.school.id}" if self.school else self.id
        return stem + (f"-{self.lang}" if self.translated else "")

    @property
    def pdf_path(self) -> str:
        return self.folder + self.stem + ".pdf"

    @property
    def docx_path(self) -> str | None:
        return self.folder + self.stem + ".docx" if self.docx is not None else None


Instance = tuple[DocumentTemplate, School | None, str]


def instances(templates: list[DocumentTemplate], district: District) -> list[Instance]:
    """Every template for every school (or once), in the source language, then in each translation."""
    return [
        (t, s, lang)
        for t in templates
        for lang in [district.language, *t.spec.languages]
        for s in (district.schools if t.spec.per_school else [None])
    ]


def render_markdown(
    templates: list[DocumentTemplate],
    library: Library,
    district: District,
    day: date,
    catalogs: dict[str, Catalog] | None = None,
) -> list[Rendered]:
    """Every template for every school and language (a translation's units from ``catalogs``); all
    template errors are collected, then raised once."""
    rendered, problems = [], []
    for template, school, lang in instances(templates, district):
        try:
            rendered.append(render_instance(template, school, lang, library, district, day, catalogs or {}))
        except TemplateProblem as exc:
            problems.append(exc.problem)
    if problems:
        raise ValidationFailed(sorted(set(problems)))
    return rendered


def render_instance(
    template: DocumentTemplate,
    school: School | None,
    lang: str,
    library: Library,
    district: District,
    day: date,
    catalogs: dict[str, Catalog],
) -> Rendered:
    """One template for one school in one language; raises TemplateProblem."""
    translated = lang != district.language
    usage = Usage(catalogs.get(lang) or Catalog(lang, "")) if translated else Usage(None)
    local = library.in_language(district.language_info(lang), usage, usage.state) if translated else library
    shown = translated_district(district, usage)
    context = template_context(shown, shown.school(school.id) if school else None, day)
    return render_template(template, local, context, usage)


def prepare(rendered: list[Rendered], asts: list[Ast], library: Library) -> list[Prepared]:
    prepared = []
    for item, ast in zip(rendered, asts, strict=True):
        sources = []
        for (code, ident), mode in item.sources.used.items():
            clause = library.clause(code, ident)
            assert clause is not None
            sources.append(Source(code, ident, clause.sha256, mode == "quote"))
        ast = replace_markers(ast, item.library)
        footer, labels = _footer(item, sources), form_labels(item.library.say)  # units looked up before the notes
        if item.usage.translated:
            ast = with_notices(ast, item.usage, item.library.say)
        prepared.append(Prepared(item, ast, sources, footer, labels))
    return prepared


def form_labels(say: Words) -> dict[str, str]:
    """The words ``document.typ`` prints itself, as inputs (whole phrases: word order differs)."""
    keys: tuple[str, ...] = ("yes", "no", "date", "date of", "page of", "download pdf", "download word")
    keys += ("in other languages", "qr alt", "choose school")  # choose school: the page of every school's copy
    keys += ("print bundle",)  # the title of the school's print bundle in the document's language
    values = {"what": "{what}", "page": "{page}", "pages": "{pages}", "code": "{code}", "url": "{url}"}
    return {f"label-{key.replace(' ', '-')}": say(key, **values) for key in keys}


ENGLISH_VERSION = "#english-version"  # the link of an 'update pending' notice, until ``english_links``


def with_notices(ast: Ast, usage: Usage, say: Words) -> Ast:
    """A translated document says, under its title, that the English policy governs; that it is a
    draft until reviewed; and, when a unit it prints itself is out of date, that an update is
    pending, with the English version's address (``english_links``)."""
    governs, draft_text, pending = (say(key) for key in ("english governs", "draft translation", "update pending"))
    inlines = text_inlines(governs)
    if usage.draft:
        inlines += [{"t": "Space"}, *text_inlines(draft_text)]
    if usage.changed:
        link = {"t": "Link", "c": [["", [], []], [], [ENGLISH_VERSION, ""]]}
        inlines += [{"t": "Space"}, {"t": "Strong", "c": text_inlines(pending)}, {"t": "Space"}, link]
    note = {"t": "Div", "c": [["", ["translation-note"], []], [{"t": "Para", "c": inlines}]]}
    blocks = list(ast["blocks"])
    at = next((i + 1 for i, b in enumerate(blocks) if b.get("t") == "Header" and b["c"][0] == 1), 0)
    return {**ast, "blocks": [*blocks[:at], note, *blocks[at:]]}


def spec_problems(prepared: list[Prepared]) -> list[Problem]:
    """Clauses listed but never used, and documents harder to read than their spec allows."""
    problems: set[Problem] = set()
    for item in prepared:
        template, used = item.rendered.template, {f"{s.policy}#{s.clause}" for s in item.sources}
        for index, ref in enumerate(template.spec.clauses):
            if ref not in used:
                problems.add(
                    error(
                        template.path,
                        template.line_of("clauses", index),
                        f"clauses, entry {index + 1}: '{ref}' is listed but the template never quotes or cites it",
                        kind="document",
                    )
                )
        if template.spec.max_grade is None or item.usage.translated:
            continue  # the grade formula is English's: a translation is held to its English source
        grade = document_grade(item.ast).grade
        if grade > template.spec.max_grade:
            where = f" for {item.school.id}" if item.school else ""
            limit = template.spec.max_grade
            message = f"max_grade: the document's own paragraphs read at grade {grade:.1f}{where}, above {limit:g}"
            problems.add(error(template.path, template.line_of("max_grade"), message, kind="document"))
    return sorted(problems)


def _footer(item: Rendered, sources: list[Source]) -> tuple[str, str]:
    """Two footer lines: what the form is (and for which school); the policy version it implements
    (none for a document of whole policies, the handbook: each policy names its own version).
    The build date is no footer's business: it goes into the PDF's metadata (``build_stamp``)."""
    say = item.library.say
    codes = [] if item.template.spec.policies_for else sorted({s.policy for s in sources})
    versions = "; ".join(policy_version(item.library.meta(code), say) for code in codes)
    school = f" \u00b7 {item.school.name}" if item.school else ""
    return f"{item.title}{school}", say("implements", versions=versions) if versions else ""


def build_stamp(built: date, commit: str | None, lang: str) -> str:
    """What the PDF's keywords say about the build: the date of the newest policy text it was made
    from (and a commit, where one is given). Documents carry no commit of their own, so that a commit
    that changes none of their inputs leaves their bytes, and the cache, alone; the manifest names it."""
    return words(lang)("made from", date=long_date(built, lang)) + (f", commit {commit[:12]}" if commit else "")


def page_prefix(item: Prepared) -> str:
    """From the document's site page (documents/<school>/<id>/[<lang>/] or documents/<id>/[<lang>/])
    to the site root."""
    return "../" * (2 + (1 if item.school else 0) + (1 if item.usage.translated else 0))


def _linked(item: Prepared, ast: Ast, output: str, site_url: str) -> Any:
    """On the web, a citation links to its clause on the policy's page. A translation's 'update
    pending' notice prints the address of the English page (``site_url``), which the page links
    beside it and the PDF links to."""
    address = paths.absolute(site_url, paths.document_folder(item.spec.id, item.school.id if item.school else None))
    if output == "html":
        ast, target = link_citations(ast, page_prefix(item)), "../index.md"
    else:
        target = address
    return {**ast, "blocks": english_links(ast["blocks"], target, address)}


def english_links(value: Any, target: str, address: str) -> Any:
    """Every link to ``ENGLISH_VERSION`` printing ``address`` and pointing at ``target`` (left out
    when there is no address to print)."""
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            if isinstance(item, dict) and item.get("t") == "Link" and item["c"][2][0] == ENGLISH_VERSION:
                text = [{"t": "Str", "c": address}]
                out.extend([{**item, "c": [item["c"][0], text, [target, ""]]}] if address and target else [])
            else:
                out.append(english_links(item, target, address))
        return out
    if isinstance(value, dict) and "c" in value:
        return {**value, "c": english_links(value["c"], target, address)}
    return value


def output_asts(prepared: list[Prepared], output: str, site_url: str = "") -> list[Ast]:
    """Every document's AST for one output, its policy parts expanded in place; a malformed named
    block of any document, for any school, is reported at the line of its own template that holds
    the bad value."""
    asts, problems = [], set()
    for item in prepared:
        try:
            ast = output_ast(item, expand_parts(item.ast, item.rendered.library), output, site_url)
            asts.append(letter_style(item, ast) if output == "typst" else ast)
        except NamedBlockError as exc:
            problems.add(named_block_problem(item, exc))
    if problems:
        raise ValidationFailed(sorted(problems))
    return asts


LETTER_STYLE = "#show: letter"  # document.typ: a letter's body text is 11 pt at every fit level


def letter_style(item: Prepared, ast: Ast) -> Ast:
    """A letter's typst body opens with ``LETTER_STYLE``, which holds to the end of its part (typeset.part_body)."""
    if not item.spec.letter:
        return ast
    return {**ast, "blocks": [raw_block("typst", LETTER_STYLE), *ast["blocks"]]}


def output_ast(item: Prepared, ast: Ast, output: str, site_url: str = "") -> Ast:
    """``ast`` (the document's, or one part of it) as ``item`` shows it in ``output``: links and
    citations for the page or the print, named blocks written; raises NamedBlockError."""
    ast = sanitize(unwrap_citations(_linked(item, ast, output, site_url)))
    if output == "typst":
        ast = {**ast, "blocks": typst_lang_spans(ast["blocks"])}
    return for_output(ast, output, item.labels)


def named_block_problem(item: Prepared, exc: NamedBlockError) -> Problem:
    template = item.rendered.template
    return error(template.path, _line_holding(template.source, exc.found), str(exc), kind="template")


def _line_holding(source: str, found: str) -> int:
    """The first line of a template (front matter blanked, so lines match the file) holding ``found``."""
    lines = source.split("\n")
    return next((n for n, line in enumerate(lines, 1) if found and found in line), 1)
