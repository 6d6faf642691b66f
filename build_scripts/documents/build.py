"""The documents stage of the build: every template for every school, PDFs and bundles."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from ..errors import Problem, ValidationFailed, error, warning
from ..manifest import ClauseSource, DocumentEntry
from ..pandoc.batch import read_many, write_docx
from ..pandoc.runner import Ast
from ..paths.project import DOCUMENTS, Project
from ..paths.site import bundle_pdf, school_folder
from ..render.pdf import in_workers
from ..source.catalogs import Catalog, read_catalog, tool_catalog, with_tool_words
from ..source.models import District, School
from ..source.project import Manual
from ..source.reviews import read_reviews
from ..source.siteconfig import read_site_url
from ..source.source_date import SourceDate
from ..words import Language
from ..words import language as language_defaults
from .acroform import field_font
from .doc_cache import DocumentCache, Outputs
from .docx import reference_docx, set_properties
from .library import Library
from .locks import paraphrase_problems
from .parts import PartCache, write_documents
from .render import (
    BUNDLE_ID,
    Prepared,
    RenderedDocument,
    Source,
    build_stamp,
    output_asts,
    prepare,
    render_markdown,
    spec_problems,
)
from .site_words import SITE, SiteWords, site_words
from .spec import DocumentTemplate, load_templates
from .translate import translation_problems
from .typeset import PdfSettings, compile_parts, fitted_job, make_fitted, page_count


@dataclass(frozen=True)
class Bundle:
    """One school's forms in one language in one PDF, for the office printer."""

    school: School
    pdf: bytes
    sources: list[Source]
    title: str = ""
    lang: str = "en"
    translated: bool = False  # in a language other than the manual's
    stale: bool = False  # a form in it is
    draft: bool = False
    language: Language = field(default_factory=lambda: language_defaults("en"))

    @property
    def folder(self) -> str:
        return school_folder(self.school.id)

    @property
    def pdf_path(self) -> str:
        return bundle_pdf(self.school.id, self.lang if self.translated else None)


@dataclass(frozen=True)
class DocumentSet:
    documents: list[RenderedDocument]  # every document in its source language, then its translations
    bundles: list[Bundle]
    warnings: list[Problem]  # stale and missing translations, paraphrases awaiting approval
    chrome: dict[str, dict[str, Any]] = field(default_factory=dict)  # language tag -> its pages' chrome (site_words)

    def for_school(self, school: str | None) -> list[RenderedDocument]:
        """The school's documents (None: the district's) in the source language."""
        return [d for d in self.documents if (d.school.id if d.school else None) == school and not d.translated]

    def bundles_of(self, school: str) -> list[Bundle]:
        """The school's print bundles, source language first."""
        return [b for b in self.bundles if b.school.id == school]

    def versions_of(self, document: RenderedDocument) -> list[RenderedDocument]:
        """The document in every language it is made in (source language first)."""
        return [d for d in self.documents if d.id == document.id and d.school == document.school]


def load_document_templates(project: Project) -> tuple[list[DocumentTemplate], list[Problem]]:
    folder = project.documents_dir
    if not folder.is_dir():
        return [], []
    return load_templates(folder, DOCUMENTS)


def read_catalogs(project: Project, templates: list[DocumentTemplate]) -> tuple[dict[str, Catalog], list[Problem]]:
    """The catalog of every language a template is translated into."""
    catalogs, problems = {}, []
    for lang in sorted({lang for t in templates for lang in t.spec.languages}):
        own, found = read_catalog(project, lang)
        catalogs[lang] = with_tool_words(own, tool_catalog(lang))
        problems += found
    return catalogs, problems


def prepare_all(
    project: Project, manual: Manual, district: District, day: date
) -> tuple[list[Prepared], Library, list[Problem]]:
    """Templates rendered in every language and parsed, with policy text in place, and the warnings
    of their translations and paraphrases; raises ValidationFailed."""
    templates, problems = load_document_templates(project)
    catalogs, catalog_problems = read_catalogs(project, templates)
    reviews, review_problems = read_reviews(project.root)
    problems += catalog_problems + review_problems
    library = Library(manual.published, district.language_info(district.language), site_address(project))
    try:
        rendered = render_markdown(templates, library, district, day, catalogs)
    except ValidationFailed as exc:
        raise ValidationFailed(problems + exc.problems) from None
    if problems:  # every template with a valid spec was still rendered, to report its errors too
        raise ValidationFailed(problems)
    warnings, pending = paraphrase_problems(rendered, reviews, library)
    for item in rendered:
        item.usage.paraphrase_pending = item.usage.translated and item.template.spec.id in pending
    asts = read_many([r.markdown for r in rendered], DOCUMENTS)
    prepared = prepare(rendered, asts, library)
    problems = spec_problems(prepared)
    if problems:
        raise ValidationFailed(problems)
    usages = [(p.spec.id, p.usage) for p in prepared]
    usages += [(SITE, found.usage) for found in chrome(manual, district, catalogs)]
    warnings += translation_problems(usages)
    return prepared, library, warnings


def chrome(manual: Manual, district: District, catalogs: dict[str, Catalog]) -> list[SiteWords]:
    """The chrome of the translated pages in each language of ``catalogs``, with the title of every
    section the district declares (the navigation lists those that hold a published policy; a
    catalog keeps them all, so a section's first policy finds its title translated)."""
    sections = list(district.sections)
    return [site_words(district, catalog, lang, sections) for lang, catalog in catalogs.items()]


def site_chrome(project: Project, manual: Manual, district: District) -> list[SiteWords]:
    """``chrome`` for the languages the project's templates are translated into."""
    templates, _problems = load_document_templates(project)
    return chrome(manual, district, read_catalogs(project, templates)[0])


def check_documents(
    project: Project, manual: Manual, district: District, stamp: SourceDate, cache: DocumentCache | None = None
) -> tuple[DocumentSet | None, list[Problem]]:
    """Every document made for every school, as the build publishes it, or every problem found:
    template errors, malformed named blocks and one-page documents that overflow, each at its line."""
    clashes = _url_clashes(project, district)
    if clashes:
        return None, clashes
    try:
        documents = render_documents(project, manual, district, stamp, cache)
    except ValidationFailed as exc:
        return None, exc.problems
    return documents, letterhead_warnings(project, district) + documents.warnings


def document_date(manual: Manual) -> date | None:
    """The day documents carry: the newest adoption or revision they can quote, never the build's."""
    dates = [p.meta.effective_date for p in manual.published if p.meta.effective_date]
    return max(dates) if dates else None


def letterhead_warnings(project: Project, district: District) -> list[Problem]:
    """One warning naming every letterhead field of ``district.contact`` not given yet."""
    missing = district.contact.missing_letterhead()
    if not missing:
        return []
    text = project.district_file.read_text(encoding="utf-8").splitlines()
    lines = {t.strip(): n for n, t in reversed(list(enumerate(text, 1)))}
    line = lines.get("contact:") or lines.get("district:") or 1
    message = (
        f"district.contact: letters leave out what is not given yet: {', '.join(missing)} "
        "(add them to print a full letterhead and a named signer)"
    )
    return [warning(project.display(project.district_file), line, message, kind="letterhead.incomplete")]


def _url_clashes(project: Project, district: District) -> list[Problem]:
    """Documents live at documents/<document id>/ and documents/<school id>/: the ids must differ."""
    templates, _problems = load_document_templates(project)
    document_ids = {t.spec.id for t in templates}
    text = project.district_file.read_text(encoding="utf-8").splitlines()
    problems = []
    for school in district.schools:
        if school.id in document_ids:
            line = next((n for n, t in enumerate(text, 1) if f"id: {school.id}" in t), 1)
            message = f"school id '{school.id}' is also a document id; the two would share documents/{school.id}/"
            problems.append(error(project.display(project.district_file), line, message, kind="document"))
    return problems


def site_address(project: Project) -> str:
    """``site_url`` of mkdocs.yml ending in '/' ('' when unreadable: ``policy check`` reports that)."""
    url, _problems = read_site_url(project)
    return url or ""


def pdf_settings(project: Project, district: District, stamp: SourceDate) -> PdfSettings:
    layout = project.layout("document").read_text(encoding="utf-8")
    return PdfSettings(
        layout,
        tuple(project.fonts),
        stamp.epoch,
        district.district.name,
        district.language,
        site_address(project),
        build_stamp(stamp.day, stamp.commit, district.language),
    )


def render_documents(
    project: Project, manual: Manual, district: District, stamp: SourceDate, cache: DocumentCache | None = None
) -> DocumentSet:
    """Site page, PDF (and DOCX where the spec asks) of every document in every language, and each
    school's print bundle. With ``cache``, a document or bundle whose own inputs are stored is not
    made again (doc_cache.py)."""
    prepared, _library, warnings = prepare_all(project, manual, district, stamp.day)
    settings = pdf_settings(project, district, stamp)
    cache = cache or DocumentCache.off()
    make = partial(_make_outputs, settings=settings, district=district, epoch=stamp.epoch, parts=cache.part_cache)
    outputs = cache.outputs(prepared, settings, make)
    documents = [_document(item, made, district) for item, made in zip(prepared, outputs, strict=True)]
    # typst releases the GIL: threads compile in parallel; map keeps the order.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        parts = list(zip(prepared, outputs, strict=True))
        bundle = partial(_bundle, settings, parts=parts, cache=cache)
        made = list(pool.map(bundle, [(s, lang) for lang in _languages(prepared) for s in district.schools]))
        bundles = [b for b in made if b is not None]
    overflows = [p for item, d in zip(prepared, documents, strict=True) for p in _page_problems(item, d.pdf)]
    if overflows:
        raise ValidationFailed(overflows)
    translated = {found.tag: found.values for found in site_chrome(project, manual, district)}
    return DocumentSet(documents, bundles, warnings, translated)


def _make_outputs(
    prepared: list[Prepared], settings: PdfSettings, district: District, epoch: int, parts: PartCache
) -> list[Outputs]:
    """The expensive steps for ``prepared``: pandoc writes the typst bodies and site pages (one batch
    each for all; a whole policy inside a document from ``parts``), typst compiles the PDFs, pandoc
    writes the DOCX files the specs ask for."""
    typst_bodies = write_documents(prepared, "typst", settings.site_url, parts)
    pages = write_documents(prepared, "html", settings.site_url, parts)
    reference = reference_docx(district.district.name) if any(p.spec.docx for p in prepared) else None
    field_font_data = field_font(settings.fonts) if any(p.spec.fillable for p in prepared) else None

    jobs = [
        fitted_job(settings, item, body, None, field_font_data if item.spec.fillable else None)
        for item, body in zip(prepared, typst_bodies, strict=True)
    ]
    fitted = in_workers(make_fitted, jobs)  # typst's memoisation then never grows this process (pdf.py)

    def docx(item: Prepared) -> bytes | None:
        return _docx(item, district, epoch, reference) if reference is not None and item.spec.docx else None

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:  # pandoc runs outside the GIL
        files = list(pool.map(docx, prepared))
    made = zip(typst_bodies, pages, fitted, files, strict=True)
    return [Outputs(body, page, pdf.pdf, docx, pdf.fit) for body, page, pdf, docx in made]


def _document(item: Prepared, made: Outputs, district: District) -> RenderedDocument:
    return RenderedDocument(
        item.spec.id,
        item.title,
        item.school,
        item.lang,
        made.page,
        made.pdf,
        made.docx,
        item.sources,
        item.rendered.summary,
        translated=item.usage.translated,
        stale=item.usage.stale,
        draft=item.usage.translated and item.usage.draft,
        languages=(district.language, *item.spec.languages),
        labels=item.labels,
        language=item.rendered.library.say.language,
    )


def _page_problems(item: Prepared, pdf: bytes) -> list[Problem]:
    """A one-page document that prints on more pages, for whichever school and language it overflows."""
    if not item.spec.one_page or page_count(pdf) == 1:
        return []
    path, line = item.rendered.template.path, item.rendered.template.line_of("one_page")
    where = f" ({item.rendered.library.say.language.name})" if item.usage.translated else ""
    return [error(path, line, f"one_page: {item.title}{where} prints on {page_count(pdf)} pages", kind="document")]


def _docx(item: Prepared, district: District, epoch: int, reference: bytes) -> bytes:
    """The Word file: styled by the district's reference document, with title, author and language."""
    tag = item.rendered.library.say.tag
    docx = write_docx(_docx_ast(item, tag), item.rendered.template.path, epoch, reference)
    return set_properties(docx, item.title, district.district.name, tag)


def _docx_ast(item: Prepared, tag: str) -> Ast:
    ast = output_asts([item], "docx")[0]
    return {**ast, "meta": {**ast.get("meta", {}), "lang": {"t": "MetaString", "c": tag}}}


def _languages(prepared: list[Prepared]) -> list[str]:
    """Every language documents are made in, the source language first."""
    return list(dict.fromkeys(p.lang for p in sorted(prepared, key=lambda p: p.usage.translated)))


def _bundle(
    settings: PdfSettings, place: tuple[School, str], parts: list[tuple[Prepared, Outputs]], cache: DocumentCache
) -> Bundle | None:
    """The school's forms made in one language, in one PDF (None when it has none in that language);
    each part set as tightly as its own PDF."""
    school, lang = place
    parts = [(p, o) for p, o in parts if p.school == school and p.lang == lang and p.spec.in_bundle]
    if not parts:
        return None
    first = parts[0][0]
    title = f"{first.labels['label-print-bundle']} \u2014 {school.name}"
    texts, footers, fits = [o.typst for _, o in parts], [p.footer for p, _ in parts], [o.fit for _, o in parts]
    subject = f"{DOCUMENTS} ({BUNDLE_ID} {school.id} {lang})"
    local = settings.local(first)  # the language's tag, printed words and QR alt text
    make = partial(compile_parts, local, subject, title, texts, footers, fits=fits)
    pdf = cache.bundle(local, title, texts, footers, make, fits)
    sources: dict[tuple[str, str], Source] = {}
    for item, _ in parts:
        for source in item.sources:
            sources.setdefault((source.policy, source.clause), source)
    translated, language = first.usage.translated, first.rendered.library.say.language
    stale, draft = any(p.usage.stale for p, _ in parts), translated and any(p.usage.draft for p, _ in parts)
    return Bundle(school, pdf, list(sources.values()), title, lang, translated, stale, draft, language)


def manifest_entries(documents: DocumentSet) -> list[DocumentEntry]:
    """One manifest entry per artefact: every document, then every print bundle."""
    entries = [
        DocumentEntry(
            id=d.id,
            title=d.title,
            school=d.school.id if d.school else None,
            lang=d.lang,
            page=d.folder,
            pdf=d.pdf_path,
            docx=d.docx_path,
            sha256=_sha(d.pdf),
            sources=_sources(d.sources),
            stale=d.stale,
            draft=d.draft,
        )
        for d in documents.documents
    ]
    for bundle in documents.bundles:
        entries.append(
            DocumentEntry(
                id=BUNDLE_ID,
                title=bundle.title,
                school=bundle.school.id,
                lang=bundle.lang,
                page=bundle.folder,
                pdf=bundle.pdf_path,
                docx=None,
                sha256=_sha(bundle.pdf),
                sources=_sources(bundle.sources),
                stale=bundle.stale,
                draft=bundle.draft,
            )
        )
    return entries


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sources(sources: list[Source]) -> list[ClauseSource]:
    return [ClauseSource(policy=s.policy, clause=s.clause, sha256=s.sha256) for s in sources]
