"""A realistic revision of G-170, committed and built, read as a reader reads it (issue 19, item 6).

The shipped manual goes into git; then the committees revise G-170 on June 15, 2026: a reworded
sentence, an added clause with an abbreviation, a removed comma, "i.e." changed to "e.g." and a
citation's punctuation corrected. The tests read the redline page and PDF, the archive and the two
version pages: their words, their "Change N" marks and links, their dates and their banners.
"""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult, build
from tests.conftest import copy_project, git_commit

REVISION = (  # (adopted wording, revised wording)
    ("adopted: 2019-03-20\n", "adopted: 2019-03-20\nrevised: [2026-06-15]\n"),
    ("to the principal or his/her designee immediately", "to the principal or the principal's designee immediately"),
    (
        "personal email addresses to students.",
        "personal email addresses to students, including through messaging apps (e.g., WhatsApp or Snapchat).",
    ),
    ("At all times, and in the use", "At all times and in the use"),
    ("(i.e., the student has not returned", "(e.g., the student has not returned"),
    ("M.G.L. c 4, § 7(26)", "M.G.L. c. 4, § 7(26)"),
)
SENTENCE = (
    "Summary 5 changes, in \u201cExpectations\u201d, \u201cCellular Phones and Text Messaging\u201d and "
    "\u201cPublic Records Law and Copyright Protection\u201d."
)
VERSIONS = "policies/g-170/versions/"
REDLINE = VERSIONS + "2026-06-15/redline/"
REDLINE_PDF = REDLINE + "G-170-2026-06-15-changes.pdf"
SUMMARY = [
    "Change 1: Expectations, item 3 changed: punctuation only",
    "Change 2: Expectations, item 4 changed: 8 words added",
    "Change 3: Cellular Phones and Text Messaging, item 2 changed: 1 word added, 1 word removed",
    "Change 4: Cellular Phones and Text Messaging, item 4 changed: 2 words added, 2 words removed",
    "Change 5: Public Records Law and Copyright Protection, paragraph changed: punctuation only",
]
CHANGED_TEXT = [  # each change as printed, and as a screen reader announces it on the page
    "Change 1 At all [Deleted: times,] [Inserted: times] and in the use of any form of communications",
    "Change 2 District employees are expected",
    "personal email addresses to [Deleted: students.] "
    "[Inserted: students, including through messaging apps (e.g., WhatsApp or Snapchat).]",
    "Change 3 Staff members shall only contact students via their personal cell phones for specific purposes "
    "([Deleted: i.e.] [Inserted: e.g.], the student has not returned to a bus on a field trip).",
    "to the principal or [Deleted: his/her] [Inserted: the principal\u2019s] designee immediately.",
    "Change 5 State law defines",
    "M.G.L. [Deleted: c] [Inserted: c.] 4, § 7(26); 950 CMR 32.03.",
]
INTERNAL = re.compile(r"\b(build|git|commit|MASC|manifest|template|clause id|published each time)\b", re.I)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = copy_project(tmp_path_factory.mktemp("revision") / "project")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, timeout=60)
    git_commit(root, "The shipped manual", "2024-01-02T09:00:00Z")
    policy = root / "source" / "policies" / "G-170.md"
    text = policy.read_text(encoding="utf-8")
    for adopted, revised in REVISION:
        assert text.count(adopted) == 1, adopted
        text = text.replace(adopted, revised)
    policy.write_text(text, encoding="utf-8")
    git_commit(root, "Revise G-170", "2026-06-16T09:00:00Z")
    return build(Project.at(root), root.parent / "site")


LINK = r'<a [^>]*href="([^"]+)"[^>]*>([^<]+)</a>'  # (href, text)
INLINE = r"</?(?:a|span|strong|em|time|code)\b[^>]*>"


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def read(path: Path) -> str:
    return article(path.read_text(encoding="utf-8"))


def as_announced(html: str) -> str:
    """A page's text as a screen reader announces it: the stylesheet reads <del> as "[Deleted: …]" and
    <ins> as "[Inserted: …]" (extra.css), permalink signs are left out, whitespace is collapsed."""
    html = re.sub(r'<a class="headerlink".*?</a>', "", html)
    html = re.sub(r"<del>(.*?)</del>", r"[Deleted: \1]", html, flags=re.S)
    html = re.sub(r"<ins>(.*?)</ins>", r"[Inserted: \1]", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", re.sub(INLINE, "", html))
    return " ".join(unescape(html).split())


def pdf_pages(path: Path) -> list[str]:
    """The text of each page as pdftotext reads it, whitespace collapsed (a line broken after a slash,
    "his/" then "her", joined again)."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60)
    text = done.stdout.replace("/\n", "/")
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def test_redline_page_reads_each_change_whole_with_its_mark(site: BuildResult) -> None:
    page = as_announced(read(site.out / REDLINE / "index.html"))
    assert SENTENCE in page
    assert [line for line in SUMMARY if line not in page] == []
    body = page[page.index("The text with its changes") :]
    assert [text for text in CHANGED_TEXT if text not in body] == []
    assert re.findall(r"Change \d", body) == [f"Change {n}" for n in range(1, 6)]
    assert not re.search(r"\[(Inserted|Deleted): [^\w\]]*\]", page)  # no lone comma or full stop
    assert "i.e]" not in page and "e.g]" not in page


def test_each_summary_item_links_to_its_mark(site: BuildResult) -> None:
    html = read(site.out / REDLINE / "index.html")
    links = re.findall(r'<a href="#(change-\d+)">(Change \d+)</a>', html)
    assert [name for _, name in links] == [f"Change {n}" for n in range(1, 6)]
    for anchor, name in links:  # the element it jumps to opens with the same words
        assert html.count(f'id="{anchor}"') == 1
        assert re.search(rf'id="{anchor}"[^>]*>\s*<span class="redline-mark">{name}</span>', html), anchor


def test_redline_pdf_marks_each_change_on_the_page_its_summary_names(site: BuildResult) -> None:
    pages = pdf_pages(site.out / REDLINE_PDF)
    text = " ".join(pages)
    assert SENTENCE in text
    body = text[text.index("The text with its changes") :]
    assert [line for line in CHANGED_TEXT if line not in body] == []
    assert not re.search(r"\[(Inserted|Deleted): [^\w\]]*\]", body)  # no lone comma or full stop
    for line in SUMMARY:  # the summary's page number is the page that carries the mark
        number, rest = line.split(": ", 1)
        found = re.search(rf"{number} \u2014 {re.escape(rest)} \(page (\d+)\)", text)
        assert found, line
        assert re.search(rf"{number} (?!\u2014)", pages[int(found.group(1)) - 1]), line


def test_archive_lists_each_version_with_its_dates_and_links(site: BuildResult) -> None:
    path = site.out / "archive/index.html"
    items = [row for row in re.findall(r"<li>(.*?)</li>", read(path), re.S) if as_announced(row).startswith("G-170")]
    assert [as_announced(row) for row in items] == [
        "G-170 Employee Social Media Policy, as revised: in effect from June 15, 2026. "
        "Version page · PDF · What changed · What changed (PDF)",
        "G-170 Employee Social Media Policy, as adopted: in effect from March 20, 2019 to June 15, 2026. "
        "Version page · PDF",
    ]
    new, old = ({text: target(site.out, path, href) for href, text in re.findall(LINK, row)} for row in items)
    assert new == {
        "G-170 Employee Social Media Policy": "policies/g-170/index.html",
        "Version page": VERSIONS + "2026-06-15/index.html",
        "PDF": VERSIONS + "2026-06-15/G-170-2026-06-15.pdf",
        "What changed": REDLINE + "index.html",
        "What changed (PDF)": REDLINE_PDF,
    }
    assert old == {
        "G-170 Employee Social Media Policy": "policies/g-170/index.html",
        "Version page": VERSIONS + "2019-03-20/index.html",
        "PDF": VERSIONS + "2019-03-20/G-170-2019-03-20.pdf",
    }
    assert all((site.out / file).is_file() for file in [*new.values(), *old.values()])


def target(site: Path, page: Path, href: str) -> str:
    """The file of ``site`` that a link of ``page`` opens."""
    file = (page.parent / href).resolve()
    return (file / "index.html" if href.endswith("/") else file).relative_to(site.resolve()).as_posix()


def test_the_current_version_informs_and_a_superseded_one_warns(site: BuildResult) -> None:
    old = (site.out / VERSIONS / "2019-03-20/index.html").read_text(encoding="utf-8")
    new = (site.out / VERSIONS / "2026-06-15/index.html").read_text(encoding="utf-8")
    [old_banner] = re.findall(r'<p class="(policy-banner[^"]*)"><strong>Superseded on', old)
    [new_banner] = re.findall(r'<p class="(policy-banner[^"]*)">This is the current version', new)
    assert (old_banner, new_banner) == ("policy-banner policy-banner--warning", "policy-banner policy-banner--info")
    assert "In effect From March 20, 2019 to June 15, 2026" in as_announced(article(old))
    assert "In effect From June 15, 2026 PDF" in as_announced(article(new))


@pytest.mark.parametrize("page", ["archive/", VERSIONS + "2019-03-20/", VERSIONS + "2026-06-15/", REDLINE])
def test_history_pages_speak_to_the_public(site: BuildResult, page: str) -> None:
    text = as_announced(read(site.out / page / "index.html"))
    assert INTERNAL.findall(text) == []
