"""The four generated documents, as published by a full build of the shipped content."""

from __future__ import annotations

import functools
import json
import re
import zipfile
from datetime import date

import pikepdf
import pytest

from build_scripts.documents.build import prepare_all
from build_scripts.documents.readability import document_grade
from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, check
from build_scripts.source.project import load_manual
from tests.conftest import ROOT
from tests.documents_helpers import PER_SCHOOL, SCHOOL_IDS, pdf_text

BUILD_DAY = "November 14, 2023"  # the commit's day (tests.conftest.FIXED_EPOCH): no document prints it
BUILD_DAY_DATE = date(2023, 11, 14)
FOOTER = "Implements Policy G-170, adopted March 20, 2019"


def entries(result: BuildResult, ident: str, lang: str = "en") -> dict[str | None, dict[str, object]]:
    return {d.school: d.model_dump() for d in result.manifest.documents if d.id == ident and d.lang == lang}


@functools.cache
def clause_text(ident: str) -> str:
    manual = load_manual(Project.at(ROOT))
    policy = manual.policy("G-170")
    assert policy is not None
    clause = policy.clause(ident)
    assert clause is not None
    return clause.text


def test_every_document_for_every_school_is_in_the_manifest(built_site: BuildResult) -> None:
    listed = {(d.id, d.school) for d in built_site.manifest.documents}
    expected = {("staff-handbook", None)} | {(i, s) for i in [*PER_SCHOOL, "print-bundle"] for s in SCHOOL_IDS}
    assert listed == expected
    for document in built_site.manifest.documents:
        assert (built_site.out / document.page / "index.html").is_file(), document.page
        assert (built_site.out / document.pdf).is_file(), document.pdf
        assert document.sources, document.id
        if document.docx:
            assert (built_site.out / document.docx).is_file()


def test_manifest_sources_hash_the_clause_text(built_site: BuildResult) -> None:
    manual, _ = check(Project.at(ROOT))
    policy = manual.policy("G-170")
    assert policy is not None
    for document in built_site.manifest.documents:
        for source in document.sources:
            clause = policy.clause(source.clause)
            assert clause is not None and source.sha256 == clause.sha256


def test_manifest_json_has_the_documented_shape(built_site: BuildResult) -> None:
    data = json.loads((built_site.out / "manifest.json").read_text(encoding="utf-8"))
    letter = next(d for d in data["documents"] if d["id"] == "parent-letter" and d["school"] == "zeh")
    assert set(letter) == {
        "id",
        "title",
        "school",
        "lang",
        "page",
        "pdf",
        "docx",
        "sha256",
        "sources",
        "stale",
        "draft",
    }
    assert letter["docx"].endswith(".docx") and letter["lang"] == "en"
    assert set(letter["sources"][0]) == {"policy", "clause", "sha256"}
    handbook = next(d for d in data["documents"] if d["id"] == "staff-handbook")
    assert handbook["school"] is None and handbook["docx"] is None


def test_pdfs_are_tagged_titled_ua1_us_letter(built_site: BuildResult) -> None:
    for document in built_site.manifest.documents:
        with pikepdf.open(built_site.out / document.pdf) as pdf:
            assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
            with pdf.open_metadata() as xmp:
                assert xmp["dc:title"] == document.title
                assert xmp["pdfuaid:part"] == "1"
            box = [float(v) for v in pdf.pages[0].MediaBox]
            assert box == [0, 0, 612, 792], document.pdf


def test_forms_fit_on_one_page_with_a_footer(built_site: BuildResult) -> None:
    for ident in ("trip-disclosure-form", "publication-permission-form", "parent-letter"):
        for school, entry in entries(built_site, ident).items():
            path = built_site.out / str(entry["pdf"])
            with pikepdf.open(path) as pdf:
                assert len(pdf.pages) == 1, (ident, school)
            text = pdf_text(path)
            assert FOOTER in text and "Page 1 of 1" in text
            assert "Built" not in text and BUILD_DAY not in text, (ident, school)


def test_trip_form_quotes_the_cellular_phone_conditions(built_site: BuildResult) -> None:
    for school, entry in entries(built_site, "trip-disclosure-form").items():
        text = pdf_text(built_site.out / str(entry["pdf"]))
        for ident in ("cellular-phones-1", "cellular-phones-2", "cellular-phones-4"):
            assert clause_text(ident) in text, (school, ident)
        assert "Policy G-170, Cellular Phones, item 1" in text
        for label in (
            "Trip",
            "Destination",
            "Dates",
            "Trip leader",
            "Trip leader's cell phone",
            "Student's name (print)",
            "Parent/guardian's name (print)",
            "Return this form to",
            "by (date)",
            "Parent/guardian signature",
            "Trip leader signature",
            "Date",
        ):
            assert label in text, (school, label)


@pytest.mark.parametrize(
    ("school", "student_signs"),
    [("algonquin", True), ("melican", True), ("zeh", False), ("neary", False), ("finn", False)],
)
def test_trip_form_student_lines_only_from_grade_6(built_site: BuildResult, school: str, student_signs: bool) -> None:
    text = pdf_text(built_site.out / str(entries(built_site, "trip-disclosure-form")[school]["pdf"]))
    assert ("Student signature" in text) is student_signs
    assert ("Student's cell phone (optional)" in text) is student_signs
    assert ("Student's own cell phone, if the student has one (optional)" in text) is not student_signs


def test_publication_form_asks_every_question(built_site: BuildResult) -> None:
    text = pdf_text(built_site.out / str(entries(built_site, "publication-permission-form")["peaslee"]["pdf"]))
    assert clause_text("expectations-7") in text
    for phrase in (
        "Student's name",
        "Grade",
        "Homeroom",
        "district's website",
        "school's website",
        "social media",
        "work (such as writing and art)",
        "Video",
        "media coverage",
        "last name on the district's web tools",
        "(Policy G-170, Web",  # the line breaks at the hyphen: pdftotext drops it
        "Based Communication, item 3)?",
        "left unanswered",
        "No",
        "2026-2027 school year",
        "return this form",
        "Marguerite E. Peaslee School office",
        "Parent/guardian's name (print)",
        "Parent/guardian signature",
    ):
        assert phrase in text, phrase
    assert text.count("Yes No") == 7


def test_parent_letter_has_letterhead_school_year_signer_and_cites_each_clause(built_site: BuildResult) -> None:
    entry = entries(built_site, "parent-letter")["trottier"]
    text = pdf_text(built_site.out / str(entry["pdf"]))
    assert text.startswith(  # the letterhead: the school, then the district with its web address
        "P. Brent Trottier Middle School Southborough, Massachusetts "
        "Public Schools of Northborough and Southborough https://www.nsboro.k12.ma.us/ "
        "School year 2026-2027 How Our Staff Communicate"  # no letter_date: the school year, not a date
    )
    assert "Built" not in text and BUILD_DAY not in text
    assert "Sincerely, Superintendent of Schools Public Schools of Northborough and Southborough" in text
    assert "To reach the district office, visit https://www.nsboro.k12.ma.us/." in text
    assert "write to us at any time" not in text.lower()
    for citation in (
        "Expectations, item 2",
        "Expectations, item 4",
        "Cellular Phones, opening paragraph",
        "Web-Based Communication, item 3",
        "Expectations, item 7",
        "Web-Based Communication, item 4",
    ):
        assert f"(Policy G-170, {citation})" in text, citation
    for idea in (
        '"friend"',
        "school email",
        "Staff will not share their own personal email addresses with your child",  # theirs, not a school account
        "cell number",
        "last name",
        "photos",
        "No internet at home? Please tell us.",
        "question or a worry",
        "Need this in another language or format? Please ask the school office.",  # no contact.language_help
    ):
        assert idea in text, idea
    assert "Do you have no internet" not in text and "give your child a personal email address" not in text
    with zipfile.ZipFile(built_site.out / str(entry["docx"])) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "Dear families," in body and "Superintendent of Schools" in body


def test_parent_letter_reads_at_grade_8_or_below() -> None:
    project = Project.at(ROOT)
    manual, _ = check(project)
    assert manual.district is not None
    prepared, _library, _warnings = prepare_all(
        project, manual, manual.district, manual.district.letter_date or BUILD_DAY_DATE
    )
    letters = [p for p in prepared if p.spec.id == "parent-letter" and p.lang == "en"]
    assert len(letters) == len(SCHOOL_IDS)
    for letter in letters:
        score = document_grade(letter.ast)
        assert score.words > 250, "the letter's own paragraphs were not found"
        assert score.grade <= 8, (letter.school, score)


def test_staff_handbook_has_cover_contents_policies_and_acknowledgement(built_site: BuildResult) -> None:
    entry = entries(built_site, "staff-handbook")[None]
    path = built_site.out / str(entry["pdf"])
    text = pdf_text(path, layout=True)
    assert text.startswith("Staff Handbook Public Schools of Northborough and Southborough School year 2026-2027")
    assert "Contents" in text and "current to" not in text
    manual, _ = check(Project.at(ROOT))
    policy = manual.policy("G-170")
    assert policy is not None and policy.scan is not None
    footers = re.compile(r"Staff Handbook Page \d+ of \d+ ?")
    body = footers.sub("", text).replace(": ", " ")
    for clause in policy.scan.clauses:
        assert clause.text.replace(": ", " ") in body, clause.id
    for phrase in ("Staff acknowledgement", "I have received and read", "Name (print)", "School", "Signature", "Date"):
        assert phrase in text
    with pikepdf.open(path) as pdf:
        titles = [item.title for item in pdf.open_outline().root]
    assert titles[-2:] == ["G-170 Employee Social Media Policy", "Staff acknowledgement"]


def test_print_bundle_holds_every_form_of_the_school(built_site: BuildResult) -> None:
    entry = entries(built_site, "print-bundle")["melican"]
    path = built_site.out / str(entry["pdf"])
    text = pdf_text(path)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == 3
        titles = [item.title for item in pdf.open_outline().root]
    assert titles == [
        "How Our Staff Communicate with Your Child",
        "Internet and Media Publication Permission Form",
        "Trip Cell Phone Disclosure Form",
    ]
    assert text.count("Page 1 of 1") == 3
    for page, title in enumerate(titles, start=1):  # each page's footer names its own form
        footer = pdf_text(path, first=page, last=page).split(f"{title} · Robert E. Melican Middle School")[-1]
        assert "Page 1 of 1" in footer and "Permission" not in footer and "Disclosure" not in footer
    sources = {(s["policy"], s["clause"]) for s in entry["sources"]}  # type: ignore[attr-defined]
    assert ("G-170", "cellular-phones-1") in sources and ("G-170", "web-tools-3") in sources


def test_per_school_pages_stay_out_of_navigation_and_search(built_site: BuildResult) -> None:
    policy_page = (built_site.out / "policies" / "g-170" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../documents/"' in policy_page
    assert "documents/algonquin/" not in policy_page
    index = json.loads((built_site.out / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert not any(loc.startswith("documents/algonquin") for loc in locations)
    assert "documents/staff-handbook/" in locations  # district-wide documents are searchable (issue 9)
    picker = (built_site.out / "documents" / "index.html").read_text(encoding="utf-8")
    for school in SCHOOL_IDS:
        assert f'href="{school}/"' in picker
    school_page = (built_site.out / "documents" / "zeh" / "index.html").read_text(encoding="utf-8")
    for ident in PER_SCHOOL:
        assert f'href="{ident}/"' in school_page
    assert 'href="print-bundle-zeh.pdf"' in school_page


def test_site_form_page_shows_fields_and_downloads(built_site: BuildResult) -> None:
    page = (built_site.out / "documents" / "finn" / "trip-disclosure-form" / "index.html").read_text(encoding="utf-8")
    assert 'href="trip-disclosure-form-finn.pdf"' in page
    assert '<span class="doc-field__label">Destination</span>' in page
    assert '<span class="doc-signature">Parent/guardian signature</span>' in page
    assert "<strong>" not in page.split('class="doc-signature"')[1].split("</p>")[0]
