"""After a realistic revision of G-170 is committed and built, the Spanish and Portuguese trip and
permission forms read as a parent reads them (pdftotext; the page's shown text): no English tool
words, never the old translation of a changed clause presented as policy, the current English clause
with a translated note where its translation is stale, the notice with the English document's printed
address only on a document whose own units changed. Then a translator works through the reviewer's
list, and an approval removes the "draft translation" line."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from build_scripts.cli import main
from build_scripts.documents.catalog_tasks import render_all
from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, prepare
from build_scripts.source.catalogs import read_catalog, tool_catalog, with_tool_words
from build_scripts.source.project import load_manual
from build_scripts.textfilters import long_date
from tests.conftest import NEW_EXPECTATION, NEW_ITEM_2, OLD_ITEM_2, REVISED_ON, ROOT
from tests.documents_helpers import SCHOOL_IDS, pdf_text
from tests.test_pdf_accessibility import pdf_problems, structure_elements
from tests.translation_helpers import EnglishWords, shown_text

SITE_URL = "https://nsboro-policy.github.io/policy-manual/"
TAGS = {"es": "es", "pt": "pt-BR"}
TRIP, PERMISSION, LETTER = "trip-disclosure-form", "publication-permission-form", "parent-letter"
SCREENSHOTS = ROOT / "screenshots" / "translations"


def said(lang: str, unit: str, **values: str) -> str:
    """A unit as printed in ``lang`` (the district's catalog, then the tool's words), one line."""
    catalog, _problems = read_catalog(Project(ROOT), lang)
    found = with_tool_words(catalog, tool_catalog(lang)).unit(unit)
    assert found is not None and found.text, unit
    return " ".join(found.text.format(**values).split())


def flat(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def document(site: BuildResult, ident: str, school: str, lang: str) -> tuple[str, str]:
    """The PDF's text and the page's shown text of a document for a school in a language."""
    folder = site.out / "documents" / school / ident / lang
    return pdf_text(folder / f"{ident}-{school}-{lang}.pdf"), shown_text((folder / "index.html").read_text("utf-8"))


@pytest.fixture(scope="module")
def english(revised_site: BuildResult) -> dict[str, EnglishWords]:
    project = Project.at(revised_site.out.parent / "project")
    manual = load_manual(project)
    assert manual.district is not None
    rendering = render_all(project, manual)
    return {lang: EnglishWords(project, rendering, manual.district, lang, tag) for lang, tag in TAGS.items()}


def footer_line(lang: str) -> str:
    version = said(
        lang, "words:policy revised", code="G-170", date=long_date(date.fromisoformat(REVISED_ON), TAGS[lang])
    )
    return said(lang, "words:implements", versions=version)


@pytest.mark.parametrize("lang", TAGS)
def test_the_trip_form_quotes_the_current_english_clause_under_a_translated_note(
    revised_site: BuildResult, english: dict[str, EnglishWords], lang: str
) -> None:
    old_translation = said(lang, "G-170#cellular-phones-2")
    for school in SCHOOL_IDS:
        pdf, page = document(revised_site, TRIP, school, lang)
        assert f"{said(lang, 'words:clause being updated')} {NEW_ITEM_2}" in pdf, school
        assert said(lang, "words:clause being updated") in page and NEW_ITEM_2 not in page  # marked lang="en"
        for text in (pdf, page):
            assert old_translation not in text, school  # the old wording is never printed as the policy
            notice = f"{said(lang, 'words:update pending')} {SITE_URL}documents/{school}/{TRIP}/"
            assert notice in flat(text), school
            assert said(lang, "G-170#cellular-phones-1") in text  # unchanged clauses stay translated
            assert english[lang].found_in(text.replace(NEW_ITEM_2, "")) == [], school
        assert footer_line(lang) in pdf, school
        assert OLD_ITEM_2 not in pdf


@pytest.mark.parametrize("lang", TAGS)
def test_the_permission_form_whose_clauses_did_not_change_has_no_notice(
    revised_site: BuildResult, english: dict[str, EnglishWords], lang: str
) -> None:
    for school in SCHOOL_IDS:
        for text in document(revised_site, PERMISSION, school, lang):
            assert said(lang, "words:update pending") not in flat(text), school
            assert f"{SITE_URL}documents/" not in text
            assert said(lang, "words:clause being updated") not in text
            assert said(lang, "G-170#expectations-7") in text
            assert english[lang].found_in(text) == [], school
        assert footer_line(lang) in document(revised_site, PERMISSION, school, lang)[0]


def test_the_pages_mark_the_english_clause_and_link_the_english_page(revised_site: BuildResult) -> None:
    folder = revised_site.out / "documents" / "zeh" / TRIP / "es"
    html = (folder / "index.html").read_text(encoding="utf-8")
    clause = re.search(r'<div class="english-clause"[^>]* lang="en">\s*<p>(.*?)</p>', html, re.S)
    assert clause is not None and " ".join(clause.group(1).split()) == NEW_ITEM_2
    address = f"{SITE_URL}documents/zeh/{TRIP}/"
    assert f'<a href="../">{address}</a>' in html
    assert NEW_EXPECTATION not in html  # the new clause is quoted by no document


def test_the_letter_that_leaves_the_changed_clause_to_the_trip_form_is_neither_stale_nor_noticed(
    revised_site: BuildResult,
) -> None:
    entries = {(d.id, d.school, d.lang): d for d in revised_site.manifest.documents}
    for lang in TAGS:
        letter = entries[(LETTER, "zeh", lang)]
        assert "cellular-phones-2" not in {s.clause for s in letter.sources}  # the trip form quotes it
        assert not letter.stale
        pdf, page = document(revised_site, LETTER, "zeh", lang)
        assert said(lang, "words:update pending") not in flat(pdf) and said(lang, "words:update pending") not in page
        assert footer_line(lang) in pdf
        assert not entries[(PERMISSION, "zeh", lang)].stale


def test_the_changed_pdf_pages_as_pictures(revised_site: BuildResult) -> None:
    """The pages a reviewer looks at: the changed trip forms and the unchanged permission forms."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for ident in (TRIP, PERMISSION):
        for lang in TAGS:
            pdf = revised_site.out / "documents" / "zeh" / ident / lang / f"{ident}-zeh-{lang}.pdf"
            stem = SCREENSHOTS / f"{ident}-zeh-{lang}"
            subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(stem)], check=True, timeout=60)
            assert Path(f"{stem}-1.png").is_file() and not Path(f"{stem}-2.png").exists()  # one page


TODO_ES = """\
source/translations/es.po:{line}: G-170#cellular-phones-2: out of date (printed by trip-disclosure-form)
    English now:    {new}
    English before: {old}
    Translation:    {translation}
policy translations --todo: 1 unit(s) to translate or update (es)
"""
NEW_ES = (
    "El personal deberá contactar a los estudiantes por su celular personal solo por una necesidad concreta "
    "de seguridad o del viaje durante la excursión (por ejemplo, un estudiante que no volvió al autobús a la "
    "hora acordada)."
)


def test_a_translator_works_through_the_list_then_a_reviewer_approves(
    revised_site: BuildResult, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "project"
    shutil.copytree(revised_site.out.parent / "project", root, ignore=shutil.ignore_patterns(".cache"))
    project = Project.at(root)
    line = read_catalog(project, "es")[0].unit("G-170#cellular-phones-2")
    assert line is not None
    todo = TODO_ES.format(line=line.line, new=NEW_ITEM_2, old=OLD_ITEM_2, translation=line.text)
    assert main(["translations", "--todo", "--lang", "es", "--project", str(root)]) == 0
    assert capsys.readouterr().out == todo
    assert main(["translations", "--project", str(root)]) == 0  # the merge: the old English becomes '#| msgid'
    capsys.readouterr()
    merged = read_catalog(project, "es")[0].unit("G-170#cellular-phones-2")
    assert merged is not None and merged.fuzzy and merged.english == NEW_ITEM_2
    assert main(["translations", "--todo", "--lang", "es", "--project", str(root)]) == 0
    assert capsys.readouterr().out == TODO_ES.format(
        line=merged.line, new=NEW_ITEM_2, old=OLD_ITEM_2, translation=line.text
    )
    translate_in_po_editor(root / "source" / "translations" / "es.po", "G-170#cellular-phones-2", NEW_ES)
    assert main(["translations", "--todo", "--lang", "es", "--project", str(root)]) == 0
    assert capsys.readouterr().out == (
        "policy translations --todo: nothing to do in es: every unit is translated from today's English\n"
    )
    draft = said("es", "words:draft translation")
    pdf = tmp_path / "trip.pdf"
    pdf.write_bytes(trip_pdf(project, "es"))
    assert NEW_ES in pdf_text(pdf) and draft in flat(pdf_text(pdf))
    args = ["approve", TRIP, "--lang", "es", "--by", "Rosa Lima", "--project", str(root)]
    assert main(args) == 0
    pdf.write_bytes(trip_pdf(project, "es"))
    text = flat(pdf_text(pdf))
    assert NEW_ES in text and draft not in text and said("es", "words:update pending") not in text
    assert said("es", "words:english governs") in text  # the English still governs


def translate_in_po_editor(path: Path, unit: str, translation: str) -> None:
    """What Poedit does when a translator fixes a 'needs work' entry and saves: the new msgstr, and the
    fuzzy flag and previous msgid gone."""
    entries = path.read_text(encoding="utf-8").split("\n\n")
    for index, entry in enumerate(entries):
        if f'msgctxt "{unit}"' in entry:
            lines = [ln for ln in entry.split("\n") if not ln.startswith("#|")]
            lines = [ln.replace(", fuzzy", "") for ln in lines if ln != "#, fuzzy"]
            head = lines[: next(i for i, ln in enumerate(lines) if ln.startswith("msgstr"))]
            entries[index] = "\n".join([*head, f'msgstr "{translation}"'])
    path.write_text("\n\n".join(entries), encoding="utf-8")


def trip_pdf(project: Project, lang: str) -> bytes:
    checked = prepare(project)
    assert checked.documents is not None
    found = [d for d in checked.documents.documents if d.id == TRIP and d.lang == lang and d.school]
    return next(d.pdf for d in found if d.school is not None and d.school.id == "zeh")


def test_the_translated_forms_with_an_english_clause_stay_pdf_ua(revised_site: BuildResult) -> None:
    pdfua = shutil.which("pdfua", path=str(Path(sys.executable).parent))
    assert pdfua is not None
    for lang, tag in TAGS.items():
        path = revised_site.out / "documents" / "zeh" / TRIP / lang / f"{TRIP}-zeh-{lang}.pdf"
        assert pdf_problems(path) == []
        done = subprocess.run([pdfua, "check", str(path)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "result: PASS" in done.stdout, done.stdout
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == tag
            languages = {str(e.Lang) for e in structure_elements(pdf) if "/Lang" in e}
        assert languages == {tag, "en"}  # the English clause is tagged as English (never "en-BR")
