"""What a family reads on a letter or form: letterhead, date, signer, citations, the policy's address.

The shipped district gives only its web address; a copy with the full contact block shows the
rest (address, phone, the superintendent's name) and a clerk's ``letter_date``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pikepdf
import pytest

from build_scripts.documents.build import render_documents
from build_scripts.documents.render import RenderedDocument
from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, check
from build_scripts.source.catalogs import read_catalog
from build_scripts.source.source_date import resolve_source_date
from tests.conftest import FIXED_EPOCH, ROOT
from tests.documents_helpers import PER_SCHOOL, pdf_text, project_copy

POLICY_URL = "https://nsboro-policy.github.io/policy-manual/policies/g-170/"
CONTACT = """  contact:
    address: [53 Parkerville Road, "Southborough, MA 01772"]
    phone: (508) 555-0100
    website: https://www.nsboro.k12.ma.us/
    superintendent: Pat Example
    accessibility: To ask for this document in another format, call (508) 555-0100.
    language_help: (508) 555-0123
"""


def documents_of(project: Project) -> list[RenderedDocument]:
    manual, _warnings = check(project)
    assert manual.district is not None
    stamp, _ = resolve_source_date(project.root, {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}, None, "source")
    return render_documents(project, manual, manual.district, stamp).documents


@pytest.fixture(scope="module")
def full_contact(tmp_path_factory: pytest.TempPathFactory) -> list[RenderedDocument]:
    """The shipped project with the whole contact block, a letter date and a school's address and phone."""
    project = project_copy(tmp_path_factory.mktemp("contact") / "project")
    district = project.district_file.read_text(encoding="utf-8")
    district = district.replace("  contact:\n    website: https://www.nsboro.k12.ma.us/\n", CONTACT)
    district = district.replace('school_year: "2026-2027"', 'school_year: "2026-2027"\nletter_date: 2026-09-08')
    zeh = "{id: zeh, name: Marion E. Zeh School, town: Northborough, grades: K-5}"
    district = district.replace(zeh, zeh[:-1] + ", address: [33 Hudson Street], phone: (508) 555-0142}")
    project.district_file.write_text(district, encoding="utf-8")
    return documents_of(project)


def written(document: RenderedDocument, folder: Path) -> Path:
    path = folder / f"{document.stem}.pdf"
    path.write_bytes(document.pdf)
    return path


def test_check_gives_one_warning_listing_the_missing_letterhead_fields(tmp_path: Path) -> None:
    """The shipped district silences this kind on purpose; without that, it is one warning."""
    project = project_copy(tmp_path / "project")
    text = project.district_file.read_text(encoding="utf-8")
    project.district_file.write_text(text.replace("suppress_warnings: [cross-ref.text, letterhead.incomplete]", ""))
    _manual, warnings = check(project)
    letterhead = [w.render() for w in warnings if "district.contact" in w.message]
    assert {w.kind for w in warnings if "district.contact" in w.message} == {"letterhead.incomplete"}
    line = text.splitlines().index("  contact:") + 1
    assert letterhead == [
        f"source/district.yml:{line}: warning: district.contact: letters leave out what is not given yet: "
        "address, phone, superintendent (add them to print a full letterhead and a named signer)"
    ]


def test_full_contact_block_prints_letterhead_named_signer_and_clerks_date(
    full_contact: list[RenderedDocument], tmp_path: Path
) -> None:
    letter = next(d for d in full_contact if d.id == "parent-letter" and d.school and d.school.id == "zeh")
    text = pdf_text(written(letter, tmp_path))
    head = text.split("September 8, 2026")[0]
    for part in ("Marion E. Zeh School", "33 Hudson Street", "Phone: (508) 555-0142", "53 Parkerville Road"):
        assert part in head, part
    assert "Southborough, MA 01772" in head and "Phone: (508) 555-0100" in head and "www.nsboro.k12.ma.us" in head
    assert "School year" not in head
    assert "Sincerely, Pat Example Superintendent of Schools" in text
    assert "You can call the school at (508) 555-0142." in text
    assert (  # a line may break the web address after "www."
        "To reach the district office, write to 53 Parkerville Road, Southborough, MA 01772, call (508) 555-0100 "
        "or visit https://www.nsboro.k12.ma.us/." in text.replace("www. ", "www.")
    )
    assert "Page 1 of 1" in text  # the full letterhead and the QR code still fit on one page


def test_the_letter_gives_the_number_to_call_for_another_language_or_format(
    full_contact: list[RenderedDocument], tmp_path: Path
) -> None:
    lines = {  # contact.language_help, printed as is in the tool's words of each language
        "en": "Need this in another language or format? Call (508) 555-0123.",
        "es": "¿Necesita este documento en otro idioma o formato? Llame al (508) 555-0123.",
        "pt": "Precisa deste documento em outro idioma ou formato? Ligue para (508) 555-0123.",
    }
    for lang, line in lines.items():
        letter = next(
            d for d in full_contact if (d.id, d.lang) == ("parent-letter", lang) and d.school and d.school.id == "zeh"
        )
        text = pdf_text(written(letter, tmp_path))
        assert line in text and "Page 1 of 1" in text.replace("Página 1 de 1", "Page 1 of 1"), lang


def test_full_contact_block_silences_the_warning(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    text = project.district_file.read_text(encoding="utf-8")
    project.district_file.write_text(text.replace("  contact:\n    website: https://www.nsboro.k12.ma.us/\n", CONTACT))
    _manual, warnings = check(project)
    assert not [w for w in warnings if "district.contact" in w.message]


def read_on_web(lang: str) -> str:
    """'Read Policy G-170, Employee Social Media Policy, on the web:', in the shipped catalog's words."""
    if lang == "en":
        return "Read Policy G-170, Employee Social Media Policy, on the web:"
    catalog, _problems = read_catalog(Project(ROOT), lang)
    phrase, title = catalog.unit("words:read on web"), catalog.unit("G-170:title")
    assert phrase is not None and title is not None
    return phrase.text.format(code="G-170", title=title.text)


def test_every_letter_and_form_prints_the_policy_address_and_no_build_date(built_site: BuildResult) -> None:
    for entry in built_site.manifest.documents:
        if entry.id not in PER_SCHOOL:
            continue
        path = built_site.out / entry.pdf
        text = pdf_text(path)
        assert f"{read_on_web(entry.lang)} {POLICY_URL}" in text, entry.pdf
        assert "Built" not in text, entry.pdf
        with pikepdf.open(path) as pdf:
            assert str(pdf.docinfo.get("/Keywords", "")) == "Made from the policy texts of March 20, 2019", entry.pdf


def _figures(node: pikepdf.Object, found: list[str]) -> None:
    if isinstance(node, pikepdf.Array):
        for item in node:
            _figures(item, found)
    elif isinstance(node, pikepdf.Dictionary):
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        if "/K" in node:
            _figures(node.K, found)


def test_qr_code_is_a_tagged_figure_with_alt_text(built_site: BuildResult) -> None:
    for ident in PER_SCHOOL:
        entry = next(d for d in built_site.manifest.documents if d.id == ident and d.school == "peaslee")
        with pikepdf.open(built_site.out / entry.pdf) as pdf:
            figures: list[str] = []
            _figures(pdf.Root.StructTreeRoot, figures)
        assert figures == [f"QR code of the web address of Policy G-170: {POLICY_URL}"], ident


def test_citations_link_to_the_clause_on_the_policy_page(built_site: BuildResult) -> None:
    page = (built_site.out / "documents" / "zeh" / "parent-letter" / "index.html").read_text(encoding="utf-8")
    # a citation's closing number stays with its word: a no-break space ("item\u00a02")
    assert '(<a href="../../../policies/g-170/#expectations-2">Policy G-170, Expectations, item\u00a02</a>)' in page
    opening = (
        '<a href="../../../policies/g-170/#cellular-phones-p1">Policy G-170, Cellular Phones, opening paragraph</a>'
    )
    assert opening in page
    form = (built_site.out / "documents" / "zeh" / "trip-disclosure-form" / "index.html").read_text(encoding="utf-8")
    cited = '<a href="../../../policies/g-170/#cellular-phones-1">Policy G-170, Cellular Phones, item\u00a01</a>'
    assert cited in form
    assert f'<a href="{POLICY_URL}">{POLICY_URL}</a>' in form


def test_handbook_contents_page_lists_every_policy_and_no_page_is_nearly_empty(built_site: BuildResult) -> None:
    entry = next(d for d in built_site.manifest.documents if d.id == "staff-handbook")
    path = built_site.out / entry.pdf
    contents = re.sub(r"[ .\u2060]+", " ", pdf_text(path, first=2, last=2))
    assert contents.startswith("Contents G-170 Employee Social Media Policy 3 Staff acknowledgement 6 Staff Handbook")
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    for page in range(3, pages + 1):  # every page after the contents holds more than a few lines
        assert len(pdf_text(path, first=page, last=page).split()) > 60, page
