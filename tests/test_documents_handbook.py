"""What staff read in the handbook: its cover line, footers without an "Implements" line, and each policy's
legal references, cross references and history, as the policy's own PDF has them (issue 19)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf

from build_scripts.pipeline import BuildResult
from tests.documents_helpers import pdf_text


def handbook_pdf(result: BuildResult) -> Path:
    entry = next(d for d in result.manifest.documents if d.id == "staff-handbook")
    return result.out / entry.pdf


def test_the_handbook_cover_gives_the_content_date_on_one_line_and_no_footer(built_site: BuildResult) -> None:
    path = handbook_pdf(built_site)
    cover = [" ".join(line.split()) for line in layout_lines(path, 1)]
    assert cover == [
        "Staff Handbook",
        "Public Schools of Northborough and Southborough",
        "School year 2026-2027",
        "Policies in effect on March 20, 2019",  # the newest policy text's date, the date not split
    ]


def test_no_handbook_page_says_it_implements_a_policy(built_site: BuildResult) -> None:
    path = handbook_pdf(built_site)
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    footers = []
    for page in range(1, pages + 1):
        lines = layout_lines(path, page)
        assert not any("Implements" in line for line in lines), page
        footers.append(" ".join(lines[-1].split()) if page > 1 else "")
    assert footers == ["", *(f"Staff Handbook Page {page} of {pages}" for page in range(2, pages + 1))]


def test_the_handbooks_policy_keeps_its_references_and_history(built_site: BuildResult) -> None:
    text = pdf_text(handbook_pdf(built_site))
    policy = text.split("G-170 Employee Social Media Policy Policy G-170, adopted March 20, 2019.")[1]
    end = policy.split("in the appropriate cases.")[1].split("Staff acknowledgement")[0]
    assert re.sub(r" Staff Handbook Page \d+ of \d+", "", end).strip() == (
        "Legal references • M.G.L. c. 4, § 7(26) • 950 CMR 32.03 "
        "Cross references • Technology Responsible Use Policy • Staff Ethics/Conflict of Interest • Staff Conduct "
        "History Adopted: March 20, 2019"
    )


def layout_lines(path: Path, page: int) -> list[str]:
    """The non-empty lines of one page as ``pdftotext -layout`` prints them (as a reader sees them)."""
    command = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"]
    text = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout
    return [line for line in text.splitlines() if line.strip()]
