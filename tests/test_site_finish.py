"""What a reader of the site meets (issue 9): the footer, the feed and the API, the archive, a redline's
summary, the policy PDF's references and history, an old version's PDF, the search index and the
choose-your-school pages. One build of the shipped manual in git, with the district's contact filled in
and G-170 revised once, so G-170 has an old, superseded version and a redline."""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, datetime
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, build
from build_scripts.site.chrome import site_extra
from build_scripts.source.models import District
from build_scripts.source.project import load_manual
from tests.conftest import FIXED_EPOCH, ROOT, copy_project, git_commit
from tests.textutil import html_text

SITE_URL = "https://nsboro-policy.github.io/policy-manual/"
CONTACT = """  contact:
    address: [1 Example Road, "Exampletown, MA 01000"]
    phone: 508-555-0100
    website: https://www.nsboro.k12.ma.us/
    accessibility: For any document in another format, call the Example Office at 508-555-0199.
"""
SUPERSEDED = "Superseded on June 1, 2025 \u2014 see https://nsboro-policy.github.io/policy-manual/policies/g-170/"
ATOM = "{http://www.w3.org/2005/Atom}"
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = copy_project(tmp_path_factory.mktemp("finish") / "project")
    district = root / "source" / "district.yml"
    text = district.read_text(encoding="utf-8")
    shipped = "  contact:\n    website: https://www.nsboro.k12.ma.us/\n"
    assert shipped in text
    district.write_text(text.replace(shipped, CONTACT, 1))
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, timeout=60)
    git_commit(root, "The shipped manual", "2024-01-02T09:00:00Z")
    policy = root / "source" / "policies" / "G-170.md"
    text = policy.read_text(encoding="utf-8")
    revised = text.replace("adopted: 2019-03-20\n", "adopted: 2019-03-20\nrevised: [2025-06-01]\n").replace(
        "to the principal or his/her designee", "to the principal or the principal's designee"
    )
    policy.write_text(revised, encoding="utf-8")
    git_commit(root, "Revise G-170", "2025-06-02T09:00:00Z")
    return build(Project.at(root), root.parent / "site", environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, whitespace collapsed (pdftotext separates pages with a form feed)."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60)
    return [" ".join(page.split()) for page in done.stdout.split("\f") if page.strip()]


def shown_text(html: str) -> str:
    """The text of an HTML fragment as a reader sees it: line breaks as spaces, permalink signs left out."""
    text = re.sub(r'<a class="headerlink".*?</a>|<[^>]+>', " ", html.replace("<br>", " "))
    return " ".join(unescape(text).split())


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def local(site: Path, url: str) -> Path:
    """The file a published URL of this site is served from."""
    assert url.startswith(SITE_URL), url
    path = site / url[len(SITE_URL) :]
    return path / "index.html" if url.endswith("/") else path


# --- Policy PDFs ----------------------------------------------------------------------------------


def test_policy_pdf_has_references_cross_references_and_full_history(site: BuildResult) -> None:
    text = " ".join(pdf_pages(site.out / "policies/g-170/G-170.pdf"))
    assert "Legal references M.G.L. c. 4, § 7(26) 950 CMR 32.03" in text.replace("• ", "")
    assert "Cross references" in text and "Staff Ethics/Conflict of Interest" in text
    assert "History Adopted: March 20, 2019 Revised: June 1, 2025" in text
    assert "Superseded" not in text


def test_every_page_of_an_old_version_says_superseded_and_where_to_look(site: BuildResult) -> None:
    old = pdf_pages(site.out / "policies/g-170/versions/2019-03-20/G-170-2019-03-20.pdf")
    assert len(old) >= 3
    assert [n for n, page in enumerate(old, 1) if SUPERSEDED not in page] == []
    assert "History Adopted: March 20, 2019 Superseded: June 1, 2025" in old[-1]


# --- Redline ----------------------------------------------------------------------------------------


def test_redline_page_opens_with_a_summary_linking_each_change(site: BuildResult) -> None:
    path = site.out / "policies/g-170/versions/2025-06-01/redline/index.html"
    text = html_text(path)
    assert "Summary 1 change, in Cellular Phones and Text Messaging." in text
    assert "Change 1: Cellular Phones and Text Messaging, item 4 changed: 2 words added, 2 words removed" in text
    assert text.index("Summary") < text.index("The text with its changes") < text.index("principal's designee")
    html = path.read_text(encoding="utf-8")
    targets = re.findall(r'href="#(change-\d+)"', html)
    assert targets == ["change-1"] and html.count(' id="change-1"') == 1
    unlinked = re.sub(r'<a class="headerlink".*?</a>', "", html)
    headings = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", unlinked, re.DOTALL)
    outline = [(int(level), " ".join(re.sub(r"<[^>]+>", "", words).split())) for level, words in headings]
    sections = outline[outline.index((2, "The text with its changes")) + 1 :]
    assert sections[:2] == [(3, "Scope"), (3, "Purpose")]  # the policy's sections, under that heading
    changes_pdf = path.parent / "G-170-2025-06-01-changes.pdf"
    assert "clause id" not in text and "clause id" not in " ".join(pdf_pages(changes_pdf))


def test_redline_pdf_summary_names_the_change_and_its_page(site: BuildResult) -> None:
    text = " ".join(pdf_pages(site.out / "policies/g-170/versions/2025-06-01/redline/G-170-2025-06-01-changes.pdf"))
    assert "Summary 1 change, in Cellular Phones and Text Messaging." in text
    assert re.search(r"Change 1 \u2014 Cellular Phones and Text Messaging, item 4 changed: .* \(page \d\)", text)
    assert "\u201cfriend\u201d" in text  # the adopted text, curly quotes and all


# --- Feed and API -----------------------------------------------------------------------------------


def test_feed_entries_fall_on_the_version_day_in_massachusetts_and_say_what_changed(site: BuildResult) -> None:
    feed = ET.parse(site.out / "feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.iter(f"{ATOM}entry")}
    revised = entries["G-170 Employee Social Media Policy: revised June 1, 2025"]
    for entry, day in (
        (revised, date(2025, 6, 1)),
        (entries["G-170 Employee Social Media Policy: adopted March 20, 2019"], date(2019, 3, 20)),
    ):
        for field in ("published", "updated"):
            instant = datetime.fromisoformat(entry.findtext(f"{ATOM}{field}") or "")
            assert instant.astimezone(NEW_YORK).date() == day
    assert revised.findtext(f"{ATOM}summary") == (
        "Policy G-170 (Employee Social Media Policy) was revised on June 1, 2025: "
        "1 change, in Cellular Phones and Text Messaging."
    )
    links = {link.get("rel", "alternate"): link.get("href") for link in revised.iter(f"{ATOM}link")}
    assert links == {
        "alternate": SITE_URL + "policies/g-170/versions/2025-06-01/",
        "related": SITE_URL + "policies/g-170/versions/2025-06-01/redline/",
    }
    assert 'G-170-2025-06-01.pdf">PDF</a>' in (revised.findtext(f"{ATOM}content") or "")


def test_api_links_each_versions_page_pdf_and_redline(site: BuildResult) -> None:
    api = json.loads((site.out / "api/policies.json").read_text(encoding="utf-8"))
    [g170] = api["policies"]
    versions = g170["versions"]
    assert [(v["date"], v["kind"], v["sections"]) for v in versions] == [
        ("2019-03-20", "adopted", []),
        ("2025-06-01", "revised", ["Cellular Phones and Text Messaging"]),
    ]
    assert versions[0]["redline"] is None
    assert versions[1]["redline"] == SITE_URL + "policies/g-170/versions/2025-06-01/redline/"
    for version in versions:
        for key in ("page", "pdf", "redline", "redline_pdf"):
            if version[key]:
                assert local(site.out, version[key]).is_file(), version[key]


# --- Site chrome --------------------------------------------------------------------------------------


def test_every_page_links_the_feed_and_shows_the_district_footer(site: BuildResult) -> None:
    found = pages(site.out)
    assert len(found) > 20
    for path in found:
        html = path.read_text(encoding="utf-8")
        [feed] = re.findall(r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"', html)
        if feed.startswith("/"):  # 404.html links from the site's root path: it is served at any depth
            assert feed == "/policy-manual/feed.xml", path
        else:
            assert (path.parent / feed).resolve() == (site.out / "feed.xml").resolve(), path
        footer = html[html.index("<footer") : html.index("</footer>")]
        lang = path.parent.name if path.parent.name in FOOTERS else "en"
        assert FOOTERS[lang] in shown_text(footer), path
        if lang != "en":  # the district's own sentence, which the catalog does not translate, is marked English
            assert '<span lang="en">For any document in another format, call' in footer, path
    assert 'href="tel:508-555-0100"' not in html and 'href="tel:5085550100"' in html


OWN_SENTENCE = "For any document in another format, call the Example Office at 508-555-0199."
FOOTERS = {
    "en": (
        "Public Schools of Northborough and Southborough 1 Example Road, Exampletown, MA 01000 "
        f"Telephone 508-555-0100 nsboro.k12.ma.us Accessibility: {OWN_SENTENCE} Follow changes: feed of adoptions "
        "and revisions (Atom) · every policy as open data (JSON)"
    ),
    "es": (
        "Escuelas Públicas de Northborough y Southborough 1 Example Road, Exampletown, MA 01000 "
        f"Teléfono 508-555-0100 nsboro.k12.ma.us Accesibilidad: {OWN_SENTENCE} Siga los cambios: fuente de "
        "aprobaciones y revisiones (Atom) · todas las políticas como datos abiertos (JSON)"
    ),
    "pt": (
        "Escolas Públicas de Northborough e Southborough 1 Example Road, Exampletown, MA 01000 "
        f"Telefone 508-555-0100 nsboro.k12.ma.us Acessibilidade: {OWN_SENTENCE} Acompanhe as mudanças: feed de "
        "aprovações e revisões (Atom) · todas as políticas como dados abertos (JSON)"
    ),
}


def test_footer_without_contact_details_shows_a_generic_accessibility_line() -> None:
    manual = load_manual(Project.at(ROOT))
    assert manual.district is not None
    data = manual.district.model_dump()
    data["district"]["contact"] = {"address": ["1 Example Road"]}
    extra = site_extra(District.model_validate(data), None)
    assert extra["accessibility"] == (
        "To ask for a document on this site in another format (large print, Braille, audio, an accessible "
        "electronic file or a translation), contact the office of the Superintendent of Schools."
    )
    assert (extra["contact_address"], extra["contact_phone"], extra["contact_website"]) == ("1 Example Road", "", "")


def test_no_page_shows_a_commit_hash(site: BuildResult) -> None:
    commits = [v.commit for p in site.manifest.policies for v in p.versions]
    assert commits
    for path in pages(site.out):
        text = html_text(path, "html")
        assert not [c for c in commits if c[:7] in text], path


def test_policy_heading_carries_the_code(site: BuildResult) -> None:
    html = (site.out / "policies/g-170/index.html").read_text(encoding="utf-8")
    [heading] = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert shown_text(heading) == "G-170 Employee Social Media Policy"


def test_archive_links_every_versions_page_pdf_and_changes(site: BuildResult) -> None:
    path = site.out / "archive/index.html"
    hrefs = re.findall(r'href="([^"#]+)"', html_section(path))
    wanted = {
        "policies/g-170/versions/2019-03-20/",
        "policies/g-170/versions/2019-03-20/G-170-2019-03-20.pdf",
        "policies/g-170/versions/2025-06-01/",
        "policies/g-170/versions/2025-06-01/G-170-2025-06-01.pdf",
        "policies/g-170/versions/2025-06-01/redline/",
    }
    resolved = {
        (path.parent / h).resolve().relative_to(site.out.resolve()).as_posix() + ("/" if h.endswith("/") else "")
        for h in hrefs
    }
    assert wanted <= resolved
    for href in hrefs:
        target = (path.parent / href).resolve()
        assert (target / "index.html" if href.endswith("/") else target).is_file(), href
    assert "<table" not in html_section(path)  # a list reads on a phone; a four-column table was clipped


def html_section(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


# --- Search and the documents pages ----------------------------------------------------------------


def test_search_index_has_no_clause_sign_and_finds_codes_and_quoted_words(site: BuildResult) -> None:
    index = json.loads((site.out / "search/search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    signs = [d["location"] for d in docs if re.search(r"§(?!\s?\d)", d["text"])]
    assert signs == []  # only a legal citation's "§ 7(26)" keeps its sign
    assert "documents/staff-handbook/" in {d["location"] for d in docs}
    g170 = [d for d in docs if d["location"] == "policies/g-170/"]
    assert "g170" in g170[0]["keywords"].split()  # the code without its hyphen: indexed, never shown
    assert "G170" not in g170[0]["text"]
    separator = re.compile(index["config"]["separator"])  # the same pattern Material's search splits on
    words = [w for w in separator.split("as a \u201cfriend\u201d or \u2018follower\u2019 (G-170).") if w]
    assert words == ["friend", "follower", "G", "170"]  # stop words and lone letters are separators too


def test_choose_your_school_pages_are_lists_linked_from_documents(site: BuildResult) -> None:
    chooser = html_section(site.out / "documents/parent-letter/index.html")
    items = re.findall(r"<li>(.*?)</li>", chooser, re.S)
    assert len(items) == 10
    assert all(len(re.findall(r"School", re.sub(r"<[^>]+>", "", i))) == 1 for i in items)
    documents = html_section(site.out / "documents/index.html")
    for ident in ("parent-letter", "trip-disclosure-form", "publication-permission-form"):
        assert f'href="{ident}/"' in documents


# --- Words for the public ---------------------------------------------------------------------------

# How the tool and the policy office work, which staff and families reading the site have no use for.
INTERNAL = re.compile(r"manual is published|offices that adapt|clause id|front matter|pipeline|catalog", re.I)


def test_public_pages_use_no_internal_vocabulary(site: BuildResult) -> None:
    pages = [p for p in site.out.rglob("*.html") if "assets" not in p.parts]
    found = [(str(p.relative_to(site.out)), m[0]) for p in pages for m in INTERNAL.finditer(html_text(p))]
    assert len(pages) > 100 and found == []


def test_a_file_size_never_breaks_between_its_number_and_unit(site: BuildResult) -> None:
    """'(58 KB)' stays on one line on a phone: a no-break space, on every page that gives a size."""
    texts = [p.read_text(encoding="utf-8") for p in site.out.rglob("*.html") if "assets" not in p.parts]
    joined = [size for text in texts for size in re.findall(r"\d+\u00a0KB", text)]
    broken = [size for text in texts for size in re.findall(r"\d+[ \t\n]KB\b", text)]
    assert len(joined) > 100 and broken == []


def test_each_quoted_clause_is_its_own_quotation_with_no_markdown_attribute_left(site: BuildResult) -> None:
    """A document's page quotes each clause in a blockquote of its own, as its PDF does, and no
    ``markdown="1"`` (an instruction to Python-Markdown) is left in any page's HTML."""
    left = [str(p.relative_to(site.out)) for p in site.out.rglob("*.html") if 'markdown="1"' in p.read_text()]
    assert left == []
    page = (site.out / "documents" / "algonquin" / "trip-disclosure-form" / "index.html").read_text(encoding="utf-8")
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", page, re.DOTALL)
    ends = [" ".join(re.sub(r"<[^>]+>", "", quote).split()).rsplit(". ", 1)[-1] for quote in quotes]
    assert ends == [
        "— Policy G-170, Cellular Phones, item 1",
        "— Policy G-170, Cellular Phones, item 2",
        "— Policy G-170, Cellular Phones, item 4",
    ]
