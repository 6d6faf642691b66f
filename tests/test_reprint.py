"""`policy reprint` says, for each printed document, what changed in it: a clause, a translation, the
footer, a date or a school's details, in words a school office can act on."""

from __future__ import annotations

import subprocess
from pathlib import Path

from build_scripts.documents.reprint import reprint_lines
from build_scripts.paths.project import Project
from tests.conftest import git_commit
from tests.documents_helpers import SCHOOL_IDS, project_copy

NAMES = {"en": "English", "es": "Español", "pt": "Português"}
FOOTER = {
    "en": "footer 'Implements Policy G-170, revised June 1, 2026' "
    "(was 'Implements Policy G-170, adopted March 20, 2019')",
    "es": "footer 'Aplica la Política G-170, revisada el 1 de junio de 2026' "
    "(was 'Aplica la Política G-170, aprobada el 20 de marzo de 2019')",
    "pt": "footer 'Aplica a Política G-170, revisada em 1 de junho de 2026' "
    "(was 'Aplica a Política G-170, aprovada em 20 de março de 2019')",
}


def committed(folder: Path) -> Project:
    project = project_copy(folder)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project.root, check=True, timeout=60)
    git_commit(project.root, "The shipped manual", "2026-09-01T09:00:00Z")
    return project


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_revision_date_alone_is_said_to_change_the_footer_of_every_document(tmp_path: Path) -> None:
    project = committed(tmp_path / "project")
    replace(project.policies_dir / "G-170.md", "adopted: 2019-03-20\n", "adopted: 2019-03-20\nrevised: [2026-06-01]\n")
    lines = reprint_lines(project, "HEAD")
    assert lines[-1] == "policy reprint: 121 printed documents changed since HEAD"  # bundles in 3 languages
    forms = ("parent-letter", "publication-permission-form", "trip-disclosure-form")
    expected = {
        f"{d}  {s}  {lang} ({NAMES[lang]}): {FOOTER[lang]}" for d in forms for s in SCHOOL_IDS for lang in NAMES
    }
    expected |= {
        f"print-bundle  {s}  {lang} ({NAMES[lang]}): its {', '.join(forms)} changed"
        for s in SCHOOL_IDS
        for lang in NAMES
    }
    expected.add(  # the handbook names no policy in its footer: it binds G-170 whole, with its date
        "staff-handbook  district  en (English): 'Policy G-170, revised June 1, 2026' "
        "(was 'Policy G-170, adopted March 20, 2019')"
    )
    assert set(lines[:-1]) == expected and len(lines) == 122


def test_dates_school_details_and_translations_are_named(tmp_path: Path) -> None:
    project = committed(tmp_path / "project")
    district = project.root / "source" / "district.yml"
    replace(district, 'school_year: "2026-2027"\n', 'school_year: "2026-2027"\nletter_date: 2026-09-08\n')
    replace(
        district, "town: Northborough, grades: K-5}\n  - {id: zeh", "town: Northborough, grades: K-5}\n  - {id: zeh"
    )
    replace(
        district, "{id: zeh, name: Marion E. Zeh School,", "{id: zeh, phone: 508-555-0100, name: Marion E. Zeh School,"
    )
    spanish = project.root / "source" / "translations" / "es.po"
    text = spanish.read_text(encoding="utf-8")
    start = text.index('msgctxt "trip-disclosure-form#title"')
    translated = text.index("msgstr ", start)
    spanish.write_text(
        text[:translated] + 'msgstr "Formulario del celular para excursiones"' + text[text.index("\n", translated) :]
    )
    lines = reprint_lines(project, "HEAD")
    assert "parent-letter  algonquin  en (English): letter date 2026-09-08 (was none)" in lines
    assert (
        "parent-letter  zeh  pt (Português): letter date 2026-09-08 (was none); school phone 508-555-0100 (was none)"
        in lines
    )
    assert "publication-permission-form  zeh  en (English): school phone 508-555-0100 (was none)" in lines
    assert "publication-permission-form  algonquin  en (English)" not in " ".join(lines)  # prints no letter date
    [trip] = [line for line in lines if line.startswith("trip-disclosure-form  algonquin  es ")]
    assert trip == (
        "trip-disclosure-form  algonquin  es (Español): Spanish translation of trip-disclosure-form#title; "
        "title 'Formulario del celular para excursiones — Algonquin Regional High School' "
        "(was 'Formulario de divulgación del celular para excursiones — Algonquin Regional High School'); "
        "footer 'Formulario del celular para excursiones · Algonquin Regional High School' "
        "(was 'Formulario de divulgación del celular para excursiones · Algonquin Regional High School')"
    )
