"""Site pages of the documents: a Documents page with a school picker, one page per school, one
page per document. Per-school pages stay out of the navigation and the search index (mkdocs.yml
``not_in_nav``; ``search: exclude`` front matter), so neither grows with the number of schools.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from typing import Any

from jinja2 import Environment

from .. import paths
from ..documents.build import Bundle, DocumentSet
from ..documents.render import RenderedDocument
from ..paths.project import Project
from ..source.models import District
from ..textfilters import nav_title
from ..words import Language
from .templates import body_markup, page_environment

FIRST_H1 = re.compile(r"^# .*$", re.MULTILINE)
INDEX = paths.DOCUMENTS_INDEX


def _downloads(document: RenderedDocument) -> dict[str, Any]:
    name = document.pdf_path.rsplit("/", 1)[1]
    docx = document.docx_path.rsplit("/", 1)[1] if document.docx_path and document.docx else None
    return {"pdf": name, "pdf_size": len(document.pdf), "docx": docx, "docx_size": len(document.docx or b"")}


def document_page(env: Environment, document: RenderedDocument, versions: list[dict[str, str]]) -> str:
    """The document's own Markdown, with its downloads and its other languages under its first heading."""
    downloads = env.get_template("document-downloads.md.j2").render(
        document=document, files=_downloads(document), labels=document.labels, versions=versions
    )
    body = document.page_markdown
    match = FIRST_H1.search(body)
    at = match.end() + 1 if match else 0
    body = body[:at] + "\n" + downloads + "\n" + body[at:]
    tag = document.language.tag if document.translated else ""
    return env.get_template("document.md.j2").render(document=document, body=body_markup(body), lang=tag)


def language_links(document: RenderedDocument, versions: list[RenderedDocument]) -> list[dict[str, str]]:
    """Links from a document's page to its versions in the other languages, each named in its own."""
    links = []
    for other in versions:
        if other.lang != document.lang:
            page = posixpath.relpath(other.folder + "index.md", document.folder)
            links.append({"name": other.language.name, "tag": other.language.tag, "page": page})
    return links


def document_pages(project: Project, documents: DocumentSet, district: District) -> dict[str, str | bytes]:
    """Every page, PDF and DOCX of the documents, by path in the docs folder."""
    env = page_environment(project)
    files: dict[str, str | bytes] = {}
    for document in documents.documents:
        versions = language_links(document, documents.versions_of(document))
        files[document.folder + "index.md"] = document_page(env, document, versions)
        files[document.pdf_path] = document.pdf
        if document.docx_path and document.docx is not None:
            files[document.docx_path] = document.docx
    for school in district.schools:
        bundles = documents.bundles_of(school.id)
        if not bundles:
            continue
        school_docs = documents.for_school(school.id)
        files[bundles[0].folder + "index.md"] = env.get_template("school-documents.md.j2").render(
            school=school,
            district=district,
            documents=school_docs,
            bundle=bundles[0],
            translated=[_bundle_link(b) for b in bundles[1:]],
            links=[_links(d, bundles[0].folder, documents) for d in school_docs],
        )
        files.update({bundle.pdf_path: bundle.pdf for bundle in bundles})
    files.update(overview_pages(env, documents))
    files[INDEX] = env.get_template("documents.md.j2").render(
        district=district,
        documents=[_links(d, paths.DOCUMENTS, documents) for d in documents.for_school(None)],
        per_school=_per_school_titles(documents),
        towns=_by_town(district),
        languages=[
            {"name": info.name, "english": info.english, "tag": info.tag}
            for info in dict.fromkeys(d.language for d in documents.documents if d.translated)
        ],
    )
    return files


def overview_pages(env: Environment, documents: DocumentSet) -> dict[str, str | bytes]:
    """One searchable page per per-school document (``documents/<id>/``) linking every school's copy,
    so that a search for a form finds it without listing every school in the index; and one in each
    language it is translated into (``documents/<id>/<lang>/``), in that language, so that a search
    in Spanish or Portuguese finds it too."""
    by_id: dict[str, list[RenderedDocument]] = {}
    for document in documents.documents:
        if document.school is not None:
            by_id.setdefault(document.id, []).append(document)
    pages: dict[str, str | bytes] = {}
    for ident, every in by_id.items():
        base = paths.chooser_folder(ident)
        copies = [d for d in every if not d.translated]
        languages = list(dict.fromkeys(d.lang for d in every if d.translated))
        schools = [{**_links(d, paths.DOCUMENTS, documents), "school": d.school} for d in copies]
        for item in schools:
            item.update(
                page="../" + item["page"], pdf="../" + item["pdf"], docx="../" + item["docx"] if item["docx"] else None
            )
            for version in item["languages"]:
                version.update(page="../" + version["page"], pdf="../" + version["pdf"])
        info = {d.lang: d.language for d in every}
        others = [_overview_link(info[lang], f"{lang}/index.md") for lang in languages]
        pages[base + "index.md"] = env.get_template("document-overview.md.j2").render(
            title=copies[0].title.split(" \u2014 ")[0],
            purpose=copies[0].summary,
            schools=schools,
            others=others,
            lang=None,
            labels=None,
        )
        for lang in languages:
            translated = [d for d in every if d.lang == lang]
            pages[f"{base}{lang}/index.md"] = translated_overview(
                env, translated, [info[c] for c in [copies[0].lang, *languages]]
            )
    return pages


def translated_overview(env: Environment, copies: list[RenderedDocument], languages: list[Language]) -> str:
    """The page of a per-school document in one of its translations: its title and purpose in that
    language, and each school's copy (``documents/<id>/<lang>/``); ``languages``: the document's, its
    source language first."""
    first = copies[0]
    folder = paths.chooser_folder(first.id) + f"{first.lang}/"
    schools: list[dict[str, Any]] = [
        {
            "school": d.school,
            "page": posixpath.relpath(d.folder + "index.md", folder),
            "pdf": posixpath.relpath(d.pdf_path, folder),
            "pdf_size": len(d.pdf),
            "docx": posixpath.relpath(d.docx_path, folder) if d.docx_path else None,
            "languages": [],
        }
        for d in copies
    ]
    others = [_overview_link(languages[0], "../index.md")]
    others += [_overview_link(info, f"../{info.code}/index.md") for info in languages[1:] if info.code != first.lang]
    page = env.get_template("document-overview.md.j2").render(
        title=first.title.split(" \u2014 ")[0],
        purpose=first.summary,
        schools=schools,
        others=others,
        lang=first.language.tag,
        labels=first.labels,
    )
    # the search index holds the words of the first copy (translated_copy_texts): a key that changes
    # with them makes an incremental build index the page again
    digest = hashlib.sha256(first.page_markdown.encode("utf-8")).hexdigest()[:16]
    return page.replace("---\n", f"---\nsearch_words: {digest}\n", 1)


def translated_copy_texts(documents: DocumentSet) -> dict[str, str]:
    """The page of each per-school document in each translation (``documents/<id>/<lang>/index.md``)
    -> the site Markdown of its first school's copy: words for the search index, so that a search in
    Spanish or Portuguese finds the document by its text, not only by its title and purpose."""
    texts: dict[str, str] = {}
    for document in documents.documents:
        if document.school is not None and document.translated:
            texts.setdefault(
                paths.page(paths.chooser_folder(document.id) + f"{document.lang}/"), document.page_markdown
            )
    return texts


def _overview_link(info: Language, page: str) -> dict[str, str]:
    return {"name": info.name, "tag": info.tag, "page": page}


def _bundle_link(bundle: Bundle) -> dict[str, Any]:
    """A print bundle in another language, from its school's page: named in its own language."""
    name = bundle.pdf_path.rsplit("/", 1)[1]
    return {"name": bundle.language.name, "tag": bundle.language.tag, "pdf": name, "size": len(bundle.pdf)}


def _links(document: RenderedDocument, base: str, documents: DocumentSet) -> dict[str, Any]:
    """A document's page and files from ``base``, with its versions in other languages."""
    relative = document.folder[len(base) :]
    translations = [d for d in documents.versions_of(document) if d.translated]
    return {
        "title": document.title.split(" \u2014 ")[0],
        "page": relative + "index.md",
        "pdf": relative + document.pdf_path.rsplit("/", 1)[1],
        "pdf_size": len(document.pdf),
        "docx": relative + document.docx_path.rsplit("/", 1)[1] if document.docx_path else None,
        "languages": [
            {
                "name": d.language.name,
                "tag": d.language.tag,
                "page": d.folder[len(base) :] + "index.md",
                "pdf": d.pdf_path[len(base) :],
            }
            for d in translations
        ],
    }


def _per_school_titles(documents: DocumentSet) -> list[dict[str, str]]:
    """Each per-school document once: its title and its choose-your-school page (from documents/)."""
    found: dict[str, dict[str, str]] = {}
    for document in documents.documents:
        if document.school is not None and document.id not in found:
            found[document.id] = {"title": document.title.split(" \u2014 ")[0], "page": f"{document.id}/index.md"}
    return list(found.values())


def _by_town(district: District) -> list[dict[str, Any]]:
    towns: dict[str, list[Any]] = {}
    for school in district.schools:
        towns.setdefault(school.town, []).append(school)
    return [{"town": town, "schools": schools} for town, schools in towns.items()]


def document_navigation(documents: DocumentSet) -> dict[str, Any]:
    """The Documents section: the picker page and district-wide documents only."""
    entries: list[Any] = [{"Documents": INDEX}]  # every entry titled: a dirty build reads no other page
    entries += [{nav_title(d.title): d.folder + "index.md"} for d in documents.for_school(None)]
    return {"Documents": entries}
