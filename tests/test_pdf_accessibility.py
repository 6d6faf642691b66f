"""Every PDF the manifest lists is tagged PDF/UA-1 with real, ordered text.

The checks are structural (what pikepdf and pdftotext can see); they cannot judge whether the reading
order, alt text or table markup make sense to a person.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from build_scripts.pipeline import BuildResult

Check = Callable[[pikepdf.Pdf], list[str]]
EMBEDDED = ("/FontFile", "/FontFile2", "/FontFile3")
G170_HEADINGS = [
    "Scope",
    "Purpose",
    "Definitions",
    "Expectations",
    "Cellular Phones and Text Messaging",
    "Web-Based Communication, Instructional, and Collaboration Tools",
    "Public Records Law and Copyright Protection",
    "Statement to Staff",
]


def xmp(pdf: pikepdf.Pdf, key: str) -> Any:
    """One XMP property by its prefixed name, e.g. ``dc:title``; None when absent."""
    with pdf.open_metadata() as meta:
        return meta.get(key)


def check_marked(pdf: pikepdf.Pdf) -> list[str]:
    mark_info = pdf.Root.get("/MarkInfo")
    marked = mark_info is not None and bool(mark_info.get("/Marked", False))
    return [] if marked else ["/MarkInfo /Marked is not true"]


def check_structure_tree(pdf: pikepdf.Pdf) -> list[str]:
    root = pdf.Root.get("/StructTreeRoot")
    return [] if root is not None and "/K" in root else ["no /StructTreeRoot with content"]


def check_language(pdf: pikepdf.Pdf) -> list[str]:
    return [] if str(pdf.Root.get("/Lang", "")).strip() else ["no /Lang on the catalog"]


def check_title(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    if not str(xmp(pdf, "dc:title") or "").strip():
        problems.append("XMP dc:title is empty")
    prefs = pdf.Root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true")
    return problems


def check_pdfua_identifier(pdf: pikepdf.Pdf) -> list[str]:
    part = xmp(pdf, "pdfuaid:part")
    return [] if str(part) == "1" else [f"XMP pdfuaid:part is {part!r}, not 1"]


def check_fonts_embedded(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if obj.get("/Subtype") in ("/Type0", "/Type3"):  # Type0: its descendant is checked; Type3: glyphs are drawings
            continue
        descriptor = obj.get("/FontDescriptor")
        if descriptor is None or not any(key in descriptor for key in EMBEDDED):
            problems.append(f"font {obj.get('/BaseFont')} is not embedded")
    return problems


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element of the tag tree, depth first."""
    root = pdf.Root.get("/StructTreeRoot")
    pending = [root.get("/K")] if root is not None else []
    while pending:
        kid = pending.pop()
        if isinstance(kid, pikepdf.Array):
            pending.extend(reversed(list(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            if "/K" in kid:
                pending.append(kid.K)


def check_figures_have_alt(pdf: pikepdf.Pdf) -> list[str]:
    root = pdf.Root.get("/StructTreeRoot")
    role_map: dict[str, str] = {}
    if root is not None and "/RoleMap" in root:
        role_map = {str(key): str(value) for key, value in root.RoleMap.items()}
    problems = []
    for element in structure_elements(pdf):
        role = str(element.S)
        standard = role_map.get(role, role)
        if standard == "/Figure" and not str(element.get("/Alt", "")).strip():
            problems.append(f"{role} structure element without /Alt")
    return problems


CHECKS: list[Check] = [
    check_marked,
    check_structure_tree,
    check_language,
    check_title,
    check_pdfua_identifier,
    check_fonts_embedded,
    check_figures_have_alt,
]


def pdf_problems(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [problem for check in CHECKS for problem in check(pdf)]


def manifest_entries(site: Path) -> list[dict[str, Any]]:
    """Every PDF of ``site/manifest.json`` with its page: policies, their versions and redlines, documents."""
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    entries = [entry for kind in ("policies", "documents") for entry in manifest.get(kind, [])]
    for policy in manifest.get("policies", []):
        for version in policy.get("versions", []):
            entries.append({"pdf": version["pdf"], "page": version["page"]})
            if version.get("redline_pdf"):
                entries.append({"pdf": version["redline_pdf"], "page": version["redline"]})
    return entries


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, f"pdftotext failed on {path}: {result.stderr}"
    return " ".join(result.stdout.split())


PAGE_ONLY_SECTIONS = {"policy-history"}


class SectionHeadings(HTMLParser):
    """The text of every h2 inside the page's article, without Material's permalink.

    The History section (``#policy-history``) lists the page's versions and is not in the PDF.
    """

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self._in_article = 0
        self._in_h2 = False
        self._in_permalink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._in_article += 1
        elif tag == "h2" and self._in_article and dict(attrs).get("id") not in PAGE_ONLY_SECTIONS:
            self._in_h2 = True
            self.headings.append("")
        elif tag == "a" and self._in_h2 and "headerlink" in (dict(attrs).get("class") or ""):
            self._in_permalink = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        elif tag == "h2" and self._in_h2:
            self._in_h2 = False
            self.headings[-1] = " ".join(self.headings[-1].split())
        elif tag == "a":
            self._in_permalink = False

    def handle_data(self, data: str) -> None:
        if self._in_h2 and not self._in_permalink:
            self.headings[-1] += data


def page_headings(site: Path, page: str) -> list[str]:
    parser = SectionHeadings()
    html = site / page if page.endswith(".html") else site / page / "index.html"
    parser.feed(html.read_text(encoding="utf-8"))
    return parser.headings


def missing_in_order(text: str, phrases: list[str]) -> list[str]:
    """The phrases that do not appear in ``text`` one after the other, in the given order."""
    missing, position = [], 0
    for phrase in phrases:
        found = text.find(phrase, position)
        if found < 0:
            missing.append(phrase)
        else:
            position = found + len(phrase)
    return missing


@pytest.fixture(scope="module")
def site(history_site: BuildResult) -> Path:
    """A build with history: version and redline PDFs are checked as well as the current ones."""
    return history_site.out


def test_every_pdf_in_the_manifest_is_tagged_pdf_ua(site: Path) -> None:
    entries = manifest_entries(site)
    assert [entry["pdf"] for entry in entries if entry.get("code") == "G-170"] == ["policies/g-170/G-170.pdf"]
    problems = {entry["pdf"]: pdf_problems(site / entry["pdf"]) for entry in entries}
    assert problems == {entry["pdf"]: [] for entry in entries}


def test_the_checks_catch_an_untagged_pdf_with_a_bare_figure_and_a_system_font(tmp_path: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    pdf.pages[0].Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    figure = pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name("/Image"))
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot,
            K=pikepdf.Array([figure]),
            RoleMap=pikepdf.Dictionary(Image=pikepdf.Name.Figure),
        )
    )
    pdf.save(tmp_path / "bare.pdf")
    assert pdf_problems(tmp_path / "bare.pdf") == [
        "/MarkInfo /Marked is not true",
        "no /Lang on the catalog",
        "XMP dc:title is empty",
        "/ViewerPreferences /DisplayDocTitle is not true",
        "XMP pdfuaid:part is None, not 1",
        "font /Helvetica is not embedded",
        "/Image structure element without /Alt",
    ]


def test_pdf_text_follows_the_section_order_of_the_page(site: Path) -> None:
    failures = {}
    for entry in manifest_entries(site):
        headings = page_headings(site, entry["page"])
        text = pdf_text(site / entry["pdf"])
        if len(text.split()) < 40 or missing_in_order(text, headings):
            failures[entry["pdf"]] = (len(text.split()), missing_in_order(text, headings), headings)
    assert failures == {}


def test_missing_in_order_notices_swapped_sections() -> None:
    assert missing_in_order("Scope … Purpose … Definitions", ["Scope", "Definitions"]) == []
    assert missing_in_order("Scope … Purpose … Definitions", ["Purpose", "Scope"]) == ["Scope"]


def test_g170_pdf_reads_its_sections_in_order(site: Path) -> None:
    assert page_headings(site, "policies/g-170/") == G170_HEADINGS
    text = pdf_text(site / "policies/g-170/G-170.pdf")
    assert text.startswith("Public Schools of Northborough and Southborough Policy G-170 Employee Social Media Policy")
    assert missing_in_order(text, G170_HEADINGS) == []
