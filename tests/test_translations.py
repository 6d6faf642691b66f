"""Spanish and Portuguese documents end to end: what families read, and how a changed English clause
is noticed, reported, approved and reprinted."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from build_scripts.cli import main
from build_scripts.documents.reprint import reprint_lines
from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, prepare
from build_scripts.source.catalogs import read_catalog
from tests.conftest import ROOT, git_commit
from tests.documents_helpers import PER_SCHOOL, SCHOOL_IDS, pdf_text, project_copy

MATERIAL = ROOT / ".venv" / "lib"
CLAUSE_1 = (
    "Staff members shall communicate to students and their parents that the staff member's personal cell phone "
    "number is being provided for educational, informational, or safety purposes only."
)
EXPECTATIONS_2 = "District employees should not connect with currently enrolled students"
SITE_URL = "https://nsboro-policy.github.io/policy-manual/"


def shipped(lang: str, unit: str) -> str:
    """A unit's translation as shipped in source/translations/<lang>.po."""
    catalog, problems = read_catalog(Project(ROOT), lang)
    found = catalog.unit(unit)
    assert not problems and found is not None and found.text, unit
    return found.text


def flat(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def material_string(tag: str, key: str) -> str:
    [partial] = list(MATERIAL.glob(f"python3*/site-packages/material/templates/partials/languages/{tag}.html"))
    match = re.search(rf'"{re.escape(key)}": "([^"]+)"', partial.read_text(encoding="utf-8"))
    assert match is not None
    return match.group(1)


def test_every_school_has_the_parent_documents_in_spanish_and_portuguese(built_site: BuildResult) -> None:
    entries = {(d.id, d.school, d.lang): d for d in built_site.manifest.documents}
    for ident in PER_SCHOOL:
        for school in SCHOOL_IDS:
            for lang in ("es", "pt"):
                entry = entries[(ident, school, lang)]
                assert entry.page == f"documents/{school}/{ident}/{lang}/"
                assert entry.pdf == f"documents/{school}/{ident}/{lang}/{ident}-{school}-{lang}.pdf"
                assert (entry.stale, entry.draft) == (False, True)  # shipped translations await review
                assert (built_site.out / entry.pdf).is_file()
    assert {d.lang for d in built_site.manifest.documents if d.id == "staff-handbook"} == {"en"}


def test_a_spanish_page_is_spanish_down_to_the_sites_own_words(built_site: BuildResult) -> None:
    page = built_site.out / "documents" / "zeh" / "parent-letter" / "es" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<html lang="es"' in html
    assert material_string("es", "action.skip") in html
    portuguese = (built_site.out / "documents" / "zeh" / "parent-letter" / "pt" / "index.html").read_text("utf-8")
    assert '<html lang="pt-BR"' in portuguese and material_string("pt-BR", "action.skip") in portuguese
    text = flat(re.sub(r"<[^>]+>", " ", html))
    for unit in ("parent-letter#dear-families", "words:english governs", "words:draft translation"):
        assert flat(shipped("es", unit)) in text, unit
    assert "Dear families" not in text
    # its other languages, each named and tagged in its own language
    assert '<a href="../" hreflang="en" lang="en">English</a>' in html
    assert '<a href="../pt/" hreflang="pt-BR" lang="pt-BR">Português</a>' in html
    english = (built_site.out / "documents" / "zeh" / "parent-letter" / "index.html").read_text(encoding="utf-8")
    assert '<a href="es/" hreflang="es" lang="es">Español</a>' in english
    index = (built_site.out / "documents" / "index.html").read_text(encoding="utf-8")
    assert (
        'for families are also there in Spanish (<span lang="es">Español</span>) and '
        'Portuguese (<span lang="pt-BR">Português</span>).'
    ) in index


def test_a_portuguese_pdf_is_tagged_and_prints_every_accent(built_site: BuildResult) -> None:
    path = built_site.out / "documents" / "melican" / "trip-disclosure-form" / "pt"
    pdf_path = path / "trip-disclosure-form-melican-pt.pdf"
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.Root.Lang) == "pt-BR"
        assert len(pdf.pages) == 1
    text = pdf_text(pdf_path)
    for unit in ("G-170#cellular-phones-1", "trip-disclosure-form#leader-signature", "words:english governs"):
        assert flat(shipped("pt", unit)) in text, unit
    citation = shipped("pt", "words:policy").format(code="G-170")
    assert f"{citation}, {shipped('pt', 'G-170:section:cellular-phones')}" in text
    fonts = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True, timeout=60)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)  # every font embedded: no missing glyphs


@pytest.fixture
def repo(tmp_path: Path) -> Project:
    """The shipped project in git: one commit, the printed copies' commit."""
    project = project_copy(tmp_path / "project")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project.root, check=True, timeout=60)
    git_commit(project.root, "The shipped manual", "2026-09-01T09:00:00Z")
    return project


def edit_policy(project: Project, old: str, new: str) -> None:
    path = project.policies_dir / "G-170.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def unit_line(project: Project, lang: str, unit: str) -> int:
    catalog, _problems = read_catalog(Project(project.root), lang)
    found = catalog.unit(unit)
    assert found is not None
    return found.line


def test_a_changed_quoted_clause_makes_exactly_its_translations_stale(repo: Project) -> None:
    edit_policy(repo, "safety purposes only.", "safety purposes only, and only for the trip.")
    checked = prepare(repo)
    found = [p.render() for p in checked.warnings if "translation" in p.message or "paraphrases" in p.message]
    assert found == [
        f"source/translations/{lang}.po:{unit_line(repo, lang, 'G-170#cellular-phones-1')}: warning: "
        "translation of G-170#cellular-phones-1 is out of date (used by trip-disclosure-form)"
        for lang in ("es", "pt")
    ]
    stale = {(d.id, d.lang) for d in checked.documents.documents if d.stale}
    assert stale == {("trip-disclosure-form", "es"), ("trip-disclosure-form", "pt")}
    trip = next(d for d in checked.documents.documents if d.id == "trip-disclosure-form" and d.lang == "es")
    page = " ".join(trip.page_markdown.split())
    english = f"{SITE_URL}documents/{trip.school.id if trip.school else ''}/trip-disclosure-form/"
    assert f"**{shipped('es', 'words:update pending')}** [{english}](../index.md)" in page
    # the clause's current English governs; its old translation is never printed as the policy
    assert "safety purposes only, and only for the trip." in page
    assert flat(shipped("es", "G-170#cellular-phones-1")) not in page


def test_under_strict_a_stale_translation_is_an_error(repo: Project, capsys: pytest.CaptureFixture[str]) -> None:
    edit_policy(repo, "safety purposes only.", "safety purposes only, and only for the trip.")
    assert main(["check", "--strict", "--project", str(repo.root)]) == 1
    line = unit_line(repo, "es", "G-170#cellular-phones-1")
    err = capsys.readouterr().err.splitlines()
    assert (
        f"source/translations/es.po:{line}: translation of G-170#cellular-phones-1 is out of date "
        "(used by trip-disclosure-form)"
    ) in err


def test_a_changed_paraphrased_clause_waits_for_approval_then_clears(
    repo: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit_policy(repo, EXPECTATIONS_2, EXPECTATIONS_2.replace("should not", "must not"))
    checked = prepare(repo)
    letter = repo.root / "templates" / "documents" / "parent-letter.md.j2"
    line = letter.read_text(encoding="utf-8").splitlines().index("  - G-170#expectations-2") + 1
    found = [p.render() for p in checked.warnings if "translation" in p.message or "paraphrases" in p.message]
    assert found == [
        f"templates/documents/parent-letter.md.j2:{line}: warning: parent-letter paraphrases G-170#expectations-2, "
        "which has changed since Letters engineer (issue 19 paraphrase review) approved it on 2026-12-07: "
        "review it, then run: policy approve parent-letter --by NAME"
    ]
    stale = {(d.id, d.lang) for d in checked.documents.documents if d.stale}
    assert stale == {("parent-letter", "es"), ("parent-letter", "pt")}  # its translations wait too
    assert main(["approve", "parent-letter", "--by", "Dana Clerk", "--project", str(repo.root)]) == 0
    assert capsys.readouterr().out == (
        "policy approve: parent-letter approved by Dana Clerk against 6 paraphrased clauses (source/reviews.yml)\n"
    )
    after = prepare(repo)
    assert not [p for p in after.warnings if "paraphrases" in p.message]
    assert not [d for d in after.documents.documents if d.stale]


def test_approving_a_translation_records_its_reviewer_and_refuses_stale_units(
    repo: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["approve", "trip-disclosure-form", "--lang", "es", "--by", "Rosa Lima", "--project", str(repo.root)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(
        r"policy approve: \d+ units of trip-disclosure-form \(es\) marked reviewed by Rosa Lima "
        r"\(source/translations/es\.po\)\n",
        out,
    )
    catalog, _problems = read_catalog(Project(repo.root), "es")
    clause = catalog.unit("G-170#cellular-phones-1")
    assert clause is not None and clause.review is not None and clause.review.by == "Rosa Lima"
    drafts = {(d.id, d.lang) for d in prepare(repo).documents.documents if d.draft}
    assert ("trip-disclosure-form", "es") not in drafts and ("trip-disclosure-form", "pt") in drafts
    edit_policy(repo, "safety purposes only.", "safety purposes only, and only for the trip.")
    assert main(args) == 1
    line = unit_line(repo, "es", "G-170#cellular-phones-1")
    assert capsys.readouterr().err == (
        f"source/translations/es.po:{line}: translation of G-170#cellular-phones-1 is out of date "
        "(used by trip-disclosure-form)\npolicy approve: 1 error\n"
    )


def test_translations_update_keeps_a_changed_units_translation_as_fuzzy(
    repo: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translations", "--project", str(repo.root)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("source/translations/es.po: unchanged; ")
    edit_policy(repo, "safety purposes only.", "safety purposes only, and only for the trip.")
    assert main(["translations", "--project", str(repo.root)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("source/translations/es.po: updated; ")
    catalog, _problems = read_catalog(Project(repo.root), "es")
    clause = catalog.unit("G-170#cellular-phones-1")
    assert clause is not None and clause.fuzzy and clause.english.endswith("and only for the trip.")
    assert clause.text == shipped("es", "G-170#cellular-phones-1")  # kept for the translator to revise
    assert catalog.previous == {"G-170#cellular-phones-1": CLAUSE_1}  # as '#| msgid', which PO editors diff
    assert main(["translations", "--project", str(repo.root)]) == 0  # kept through the next update
    assert read_catalog(Project(repo.root), "es")[0].previous == {"G-170#cellular-phones-1": CLAUSE_1}


def test_reprint_lists_exactly_the_printed_documents_a_change_reaches(repo: Project) -> None:
    assert reprint_lines(repo, "HEAD") == ["policy reprint: nothing printed has changed since HEAD"]
    edit_policy(repo, "safety purposes only.", "safety purposes only, and only for the trip.")
    names = {"en": "English", "es": "Español", "pt": "Português"}
    expected = [
        f"trip-disclosure-form  {school}  {lang} ({names[lang]}): clause G-170#cellular-phones-1"
        for school in sorted(SCHOOL_IDS)
        for lang in ("en", "es", "pt")
    ]
    bundles = [  # each school's print bundle in each language holds its trip form
        f"print-bundle  {school}  {lang} ({names[lang]}): its trip-disclosure-form changed"
        for school in sorted(SCHOOL_IDS)
        for lang in ("en", "es", "pt")
    ]
    lines = reprint_lines(repo, "HEAD")
    assert lines == [
        *bundles,
        "staff-handbook  district  en (English): clause G-170#cellular-phones-1",
        *expected,
        "policy reprint: 61 printed documents changed since HEAD",
    ]


def test_the_trip_form_is_filled_in_spanish(repo: Project, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["fill", "trip-disclosure-form", "--project", str(repo.root), "--school", "zeh"]
    base += ["--set", "trip=Museo de Ciencias", "--set", "destination=Boston", "--set", "dates=4 de mayo"]
    base += ["--set", "leader=Ana Ruiz", "--set", "cell=508-555-0134"]
    assert main([*base, "--lang", "es"]) == 0
    path = repo.root / "private" / "trip-disclosure-form-zeh-museo-de-ciencias-es.pdf"
    assert capsys.readouterr().out == f"policy fill: wrote {path.relative_to(repo.root)} (private: do not publish)\n"
    text = pdf_text(path)
    assert "(508) 555-0134" in text and "Museo de Ciencias" in text
    assert flat(shipped("es", "trip-disclosure-form#leader-cell")) in text
    assert main([*base, "--lang", "fr"]) == 1
    assert capsys.readouterr().err == "error: --lang: trip-disclosure-form is made in en, es, pt, not 'fr'\n"


def test_a_translation_that_drops_a_placeholder_is_a_located_error(
    repo: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repo.root / "source" / "translations" / "es.po"
    text = path.read_text(encoding="utf-8")
    translated = shipped("es", "words:item")
    assert f'msgstr "{translated}"' in text
    path.write_text(text.replace(f'msgstr "{translated}"', 'msgstr "punto"'), encoding="utf-8")
    assert main(["check", "--project", str(repo.root)]) == 1
    line = unit_line(repo, "es", "words:item")
    err = capsys.readouterr().err
    assert f"source/translations/es.po:{line}: translation of words:item leaves out number\n" in err
    assert "Traceback" not in err


def test_an_untranslated_title_is_printed_in_english_marked_and_reported(repo: Project) -> None:
    path = repo.root / "source" / "translations" / "es.po"
    text = path.read_text(encoding="utf-8")
    for unit in ("G-170:title", "district:sections.G"):
        translated = shipped("es", unit)
        assert text.count(f'msgstr "{translated}"') == 1
        text = text.replace(f'msgstr "{translated}"', 'msgstr ""')
    path.write_text(text, encoding="utf-8")
    checked = prepare(repo)
    found = [p.render() for p in checked.warnings if "no translation" in p.message]
    assert found == [
        f"source/translations/es.po:{unit_line(repo, 'es', 'G-170:title')}: warning: no translation of G-170:title "
        "yet: the English text is printed (used by parent-letter, publication-permission-form, trip-disclosure-form)",
        f"source/translations/es.po:{unit_line(repo, 'es', 'district:sections.G')}: warning: no translation of "
        "district:sections.G yet: the English text is printed (used by site pages)",
    ]
    trip = next(d for d in checked.documents.documents if d.id == "trip-disclosure-form" and d.lang == "es")
    assert '<span lang="en">Employee Social Media Policy</span>' in trip.page_markdown
    assert trip.stale
    assert checked.documents.chrome["es"]["nav"].get("G: Personnel") is None  # the theme marks it English
    assert checked.documents.chrome["pt-BR"]["nav"]["G: Personnel"] == "G: Pessoal"  # by language tag
