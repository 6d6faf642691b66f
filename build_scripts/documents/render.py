"""Render every document for every school: Jinja -> Markdown with markers -> AST -> outputs.

Stages, each a function: ``render_markdown`` (Jinja, all templates x schools), ``prepare`` (one
pandoc read for all, markers replaced by policy text), then ``render_documents`` writes the typst
bodies and site Markdown in one pandoc call each, compiles PDFs and each school's print bundle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import Problem, ValidationFailed, error
from ..pandoc.runner import Ast
from ..render.pdf import TypstJob, compile_pdf
from ..render.transforms import sanitize
from ..source.models import District, School
from ..textfilters import long_date
from ..words import words
from .acroform import add_fields, field_places
from .blocks import NamedBlockError, for_output
from .environment import Rendered, TemplateProblem, render_template, template_context
from .library import Library, policy_version
from .markers import link_citations, replace_markers, unwrap_citations
from .qr import qr_inputs
from .readability import document_grade
from .spec import DocumentSpec, DocumentTemplate

BUNDLE_ID, BUNDLE_TITLE = "print-bundle", "Print bundle"
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![s\w])")


@dataclass(frozen=True)
class Source:
    policy: str
    clause: str
    sha256: str
    quoted: bool


@dataclass(frozen=True)
class Prepared:
    """One document instance as an AST with the policy's text in place."""

    rendered: Rendered
    ast: Ast
    sources: list[Source]

    @property
    def spec(self) -> DocumentSpec:
        return self.rendered.template.spec

    @property
    def school(self) -> School | None:
        return self.rendered.school

    @property
    def title(self) -> str:
        return f"{self.spec.title} \u2014 {self.school.name}" if self.school else self.spec.title


@dataclass(frozen=True)
class RenderedDocument:
    """A finished document: site Markdown, PDF, optional DOCX, and the clauses it used."""

    id: str
    title: str
    school: School | None
    lang: str
    page_markdown: str
    pdf: bytes
    docx: bytes | None
    sources: list[Source]
    summary: str = ""

    @property
    def folder(self) -> str:
        return f"documents/{self.school.id}/{self.id}/" if self.school else f"documents/{self.id}/"

    @property
    def stem(self) -> str:
        return f"{self.id}-{self.school.id}" if self.school else self.id

    @property
    def pdf_path(self) -> str:
        return self.folder + self.stem + ".pdf"

    @property
    def docx_path(self) -> str | None:
        return self.folder + self.stem + ".docx" if self.docx is not None else None


def instances(templates: list[DocumentTemplate], district: District) -> list[tuple[DocumentTemplate, School | None]]:
    return [(t, s) for t in templates for s in (district.schools if t.spec.per_school else [None])]


def render_markdown(
    templates: list[DocumentTemplate], library: Library, district: District, day: date
) -> list[Rendered]:
    """Every template for every school; all template errors are collected, then raised once."""
    rendered, problems = [], []
    for template, school in instances(templates, district):
        try:
            rendered.append(render_template(template, library, template_context(district, school, day)))
        except TemplateProblem as exc:
            problems.append(exc.problem)
    if problems:
        raise ValidationFailed(sorted(set(problems)))
    return rendered


def prepare(rendered: list[Rendered], asts: list[Ast], library: Library) -> list[Prepared]:
    prepared = []
    for item, ast in zip(rendered, asts, strict=True):
        sources = []
        for (code, ident), mode in item.sources.used.items():
            clause = library.clause(code, ident)
            assert clause is not None
            sources.append(Source(code, ident, clause.sha256, mode == "quote"))
        prepared.append(Prepared(item, replace_markers(ast, library), sources))
    return prepared


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
                        f"clauses[{index}]: '{ref}' is listed but the template never quotes or cites it",
                    )
                )
        grade = document_grade(item.ast).grade
        if template.spec.max_grade is not None and grade > template.spec.max_grade:
            where = f" for {item.school.id}" if item.school else ""
            limit = template.spec.max_grade
            message = f"max_grade: the document's own paragraphs read at grade {grade:.1f}{where}, above {limit:g}"
            problems.add(error(template.path, template.line_of("max_grade"), message))
    return sorted(problems)


def footer(item: Prepared, library: Library) -> tuple[str, str]:
    """Two footer lines: what the form is (and for which school); the policy version it implements.
    The build date is no footer's business: it goes into the PDF's metadata (``build_stamp``)."""
    codes = sorted({s.policy for s in item.sources})
    versions = "; ".join(policy_version(library.meta(code), library.lang) for code in codes)
    school = f" \u00b7 {item.school.name}" if item.school else ""
    return f"{item.spec.title}{school}", words(library.lang)("implements", versions=versions) if versions else ""


def build_stamp(built: date, commit: str | None, lang: str) -> str:
    """What the PDF's keywords say about the build: the date of the newest policy text it was made
    from (and a commit, where one is given). Documents carry no commit of their own, so that a commit
    that changes none of their inputs leaves their bytes, and the cache, alone; the manifest names it."""
    return words(lang)("made from", date=long_date(built, lang)) + (f", commit {commit[:12]}" if commit else "")


def page_prefix(item: Prepared) -> str:
    """From the document's site page (documents/<school>/<id>/ or documents/<id>/) to the site root."""
    return "../../../" if item.school else "../../"


def _linked(item: Prepared, output: str) -> Ast:
    """On the web, a citation links to its clause on the policy's page."""
    return link_citations(item.ast, page_prefix(item)) if output == "html" else item.ast


def output_asts(prepared: list[Prepared], output: str) -> list[Ast]:
    """Every document's AST for one output; a malformed named block of any document, for any
    school, is reported at the line of its own template that holds the bad value."""
    asts, problems = [], set()
    for item in prepared:
        try:
            asts.append(for_output(sanitize(unwrap_citations(_linked(item, output))), output))
        except NamedBlockError as exc:
            template = item.rendered.template
            problems.add(error(template.path, _line_holding(template.source, exc.found), str(exc)))
    if problems:
        raise ValidationFailed(sorted(problems))
    return asts


def _line_holding(source: str, found: str) -> int:
    """The first line of a template (front matter blanked, so lines match the file) holding ``found``."""
    lines = source.split("\n")
    return next((n for n, line in enumerate(lines, 1) if found and found in line), 1)


def part_body(typst: str, index: int) -> str:
    return f'#start-part("{index}")\n{typst}\n#end-part()\n'


@dataclass(frozen=True)
class PdfSettings:
    layout: str
    fonts: Path
    timestamp: int
    district: str
    lang: str
    site_url: str = ""
    stamp: str = ""


def compile_parts(
    settings: PdfSettings,
    subject: str,
    title: str,
    bodies: list[str],
    footers: list[tuple[str, str]],
    extra: dict[str, str] | None = None,
    field_font: bytes | None = None,
) -> bytes:
    """The parts as one PDF; with ``field_font``, a fillable one (fields over every blank line and box)."""
    inputs = {"title": title, "district": settings.district, "lang": settings.lang, "stamp": settings.stamp}
    for index, (what, version) in enumerate(footers):
        inputs.update({f"part-{index}-footer": what, f"part-{index}-version": version})
    body = "".join(part_body(text, i) for i, text in enumerate(bodies))
    inputs.update({**qr_inputs(body, settings.site_url), **(extra or {})})
    job = TypstJob(subject, settings.layout, body, inputs, settings.fonts, settings.timestamp)
    pdf = compile_pdf(job)
    return pdf if field_font is None else add_fields(pdf, field_places(job), field_font)


def page_count(pdf: bytes) -> int:
    return len(PAGE_OBJECT.findall(pdf))
