"""Complete catalogs: every unit any document (or a translated page's chrome) prints in any language is
in a catalog, the tool's own words included, and no translated PDF or page prints an English word
that is not a name or a citation."""

from __future__ import annotations

import re

import pytest

from build_scripts.cli import main
from build_scripts.documents.catalog_tasks import Rendering, render_all
from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult
from build_scripts.source.catalogs import State, placeholders, tool_catalog
from build_scripts.source.models import District
from build_scripts.source.project import load_manual
from build_scripts.words import ENGLISH
from tests.conftest import ROOT
from tests.documents_helpers import pdf_text
from tests.translation_helpers import EnglishWords, shown_text

TAGS = {"es": "es", "pt": "pt-BR"}


@pytest.fixture(scope="module")
def shipped() -> tuple[Project, Rendering, District]:
    project = Project.at(ROOT)
    manual = load_manual(project)
    assert manual.district is not None
    return project, render_all(project, manual), manual.district


@pytest.mark.parametrize("lang", TAGS)
def test_the_tool_translates_each_of_its_own_phrases(lang: str) -> None:
    catalog = tool_catalog(lang)
    for key, english in ENGLISH.items():
        unit = catalog.unit(f"words:{key}")
        assert unit is not None and unit.text and not unit.fuzzy, key
        assert unit.english == english, key  # translated from today's English
        assert placeholders(unit.text) == placeholders(english), key


def test_every_unit_printed_in_every_language_is_in_a_catalog(shipped: tuple[Project, Rendering, District]) -> None:
    _project, rendering, _district = shipped
    for lang in TAGS:
        usages = rendering.usages(lang)
        assert {document for document, _usage in usages} >= {"parent-letter", "trip-disclosure-form", "site pages"}
        out_of_date = [
            (document, unit, state.value)
            for document, usage in usages
            for unit, state in usage.states.items()
            if state in (State.MISSING, State.STALE)
        ]
        assert out_of_date == [], lang


def test_after_the_revision_only_the_changed_clause_is_out_of_date(revised_site: BuildResult) -> None:
    project = Project.at(revised_site.out.parent / "project")
    manual = load_manual(project)
    rendering = render_all(project, manual)
    for lang in TAGS:
        states = {(unit, state) for _doc, usage in rendering.usages(lang) for unit, state in usage.states.items()}
        assert {(unit, state) for unit, state in states if state is not State.DRAFT} == {
            ("G-170#cellular-phones-2", State.STALE)
        }
        assert ("words:policy revised", State.DRAFT) in states  # the tool's words for a revised policy


@pytest.mark.parametrize("lang", TAGS)
def test_no_translated_pdf_or_page_prints_english(
    built_site: BuildResult, shipped: tuple[Project, Rendering, District], lang: str
) -> None:
    project, rendering, district = shipped
    english = EnglishWords(project, rendering, district, lang, TAGS[lang])
    translated = [d for d in built_site.manifest.documents if d.lang == lang]
    assert len(translated) == 40  # 3 documents and the print bundle, for each of 10 schools
    found = []
    for entry in translated:
        page = (built_site.out / entry.page / "index.html").read_text(encoding="utf-8")
        for where, text in ((entry.pdf, pdf_text(built_site.out / entry.pdf)), (entry.page, shown_text(page))):
            found += [f"{where}: {word}" for word in english.found_in(text)]
    assert found == []


def test_the_english_word_check_finds_english() -> None:
    project = Project.at(ROOT)
    manual = load_manual(project)
    assert manual.district is not None
    english = EnglishWords(project, render_all(project, manual), manual.district, "es", "es")
    text = "Firma del padre ____ Date ____ ☐ Sí ☐ No · Marion E. Zeh School, Northborough · Policy G-170, revised"
    assert english.found_in(text) == ["Date", "Policy", "revised"]


def test_web_forms_print_their_choices_and_signature_lines_translated(built_site: BuildResult) -> None:
    for lang, (yes, no, day) in {"es": ("Sí", "No", "Fecha"), "pt": ("Sim", "Não", "Data")}.items():
        for ident in ("publication-permission-form", "trip-disclosure-form"):
            html = (built_site.out / "documents" / "zeh" / ident / lang / "index.html").read_text(encoding="utf-8")
            assert " Yes " not in html and " Date " not in html
            assert f"</span> {day} <span" in html  # the signature line's date
            if ident == "publication-permission-form":
                assert f"</span> {yes} &emsp;" in html and f"</span> {no}</span>" in html


def test_the_chrome_of_a_translated_page_is_in_its_language(built_site: BuildResult) -> None:
    html = (built_site.out / "documents" / "zeh" / "parent-letter" / "pt" / "index.html").read_text(encoding="utf-8")
    nav = html[
        html.index('<nav class="md-nav md-nav--primary"') : html.index('<div class="md-sidebar md-sidebar--secondary"')
    ]
    marked = {" ".join(m.split()) for m in re.findall(r'<span lang="en">(.*?)</span>', nav, re.S)}
    assert marked == {"Policy Manual — Public Schools of Northborough and Southborough", "Staff Handbook"}
    for label in ("Início", "Políticas por seção", "G: Pessoal", "Documentos", "Arquivo"):
        assert f"{label}\n" in nav or f"{label}<" in nav, label
    assert "Sobre" not in nav  # the clerk's guide ("About") is in the preview only
    assert "<title>Como nossa equipe se comunica com seu filho — Marion E. Zeh School - Escolas Públicas" in html
    assert 'title="Escolas Públicas de Northborough e Southborough: aprovações e revisões de políticas"' in html
    english = (built_site.out / "documents" / "zeh" / "parent-letter" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="en">' not in english and "Home" in english and "Accessibility:" in english


def test_the_reviewers_list_of_the_shipped_catalogs_is_empty(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translations", "--todo", "--project", str(ROOT)]) == 0
    assert capsys.readouterr().out == (
        "policy translations --todo: nothing to do in es, pt: every unit is translated from today's English\n"
    )
    assert main(["translations", "--todo", "--lang", "fr", "--project", str(ROOT)]) == 2
    assert capsys.readouterr().err == "error: policy translations: no document is made in 'fr' (languages: es, pt)\n"
