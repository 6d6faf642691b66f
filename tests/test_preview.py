"""Readings: drafts and readings never reach the public build, and appear, marked, in the preview."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from build_scripts.paths.project import Project
from build_scripts.pipeline import build
from tests.clerkutil import policy
from tests.conftest import FIXED_EPOCH, copy_project
from tests.test_pdf_accessibility import pdf_problems

SENTENCE = "Zanzibar marmalade governs every bully"
DRAFT = f"""---
code: JICFB
title: Bullying Prevention
status: first-reading
first_reading: 2026-09-01
---

## Purpose {{#purpose}}

[]{{#purpose-p1}} {SENTENCE}.
"""
BROKEN_DRAFT = "---\ncode: JICFC\ntitle: Hazing\nstatus: draft\nrevised: [2019-13-01]\n---\n\nText.\n"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shipped project plus a policy at its first reading: public build, then preview build."""
    root = copy_project(tmp_path_factory.mktemp("preview") / "project")
    (root / "source" / "policies" / "JICFB.md").write_text(DRAFT, encoding="utf-8")
    district = root / "source" / "district.yml"
    district.write_text(district.read_text(encoding="utf-8") + "review_cycle_years: 3\n", encoding="utf-8")
    environ = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    build(Project.at(root), environ=environ)
    build(Project.at(root), environ=environ, preview=True)
    return root / "site", root / "preview"


def readable_text(path: Path) -> str:
    """A file as text a search would see: PDFs through pdftotext, gzip and DOCX unpacked."""
    if path.suffix == ".pdf":
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60, check=True)
        return done.stdout
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return " ".join(archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist())
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace")


def test_a_reading_leaves_no_trace_in_the_public_site(builds: tuple[Path, Path]) -> None:
    site, _preview = builds
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) > 20 and {".pdf", ".docx", ".gz", ".json", ".html", ".xml"} <= {p.suffix for p in files}
    traces = [str(p.relative_to(site)) for p in files if SENTENCE in readable_text(p) or "JICFB" in readable_text(p)]
    assert traces == []
    manifest = json.loads((site / "manifest.json").read_text())
    assert manifest["preview"] is False and [p["code"] for p in manifest["policies"]] == ["G-170"]


def test_the_preview_shows_the_reading_with_a_banner(builds: tuple[Path, Path]) -> None:
    _site, preview = builds
    page = (preview / "policies" / "jicfb" / "index.html").read_text()
    assert SENTENCE in page
    assert (
        '<p class="policy-banner policy-banner--draft"><strong>DRAFT — not adopted.</strong> This policy is at the '
        "stage “first reading”; its text is not district policy.</p>"
    ) in page
    manifest = json.loads((preview / "manifest.json").read_text())
    assert manifest["preview"] is True
    assert [(p["code"], p["status"]) for p in manifest["policies"]] == [
        ("G-170", "adopted"),
        ("JICFB", "first-reading"),
    ]
    adopted = (preview / "policies" / "g-170" / "index.html").read_text()
    assert "policy-banner--draft" not in adopted


def test_the_preview_pdf_says_draft_in_text_and_watermark(builds: tuple[Path, Path]) -> None:
    _site, preview = builds
    pdf = preview / "policies" / "jicfb" / "JICFB.pdf"
    text = readable_text(pdf)
    assert "DRAFT — not adopted. Status: first reading. This text is not district policy." in text
    assert SENTENCE in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
    assert "Tagged:          yes" in info
    assert pdf_problems(pdf) == []  # the site's PDF checks: tagged, language, title, fonts, PDF/UA id
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    for number in range(1, pages + 1):
        assert watermark_pixels(pdf, number) > 200, f"page {number} has no watermark"
    assert watermark_pixels(preview / "policies" / "g-170" / "G-170.pdf", 1) == 0


def watermark_pixels(pdf: Path, page: int) -> int:
    """Pink pixels (the red watermark at low opacity) in the middle band of a page, below any banner."""
    done = subprocess.run(
        ["pdftoppm", "-r", "30", "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True,
        timeout=60,
        check=True,
    )
    header, pixels = parse_ppm(done.stdout)
    width, height = header
    count = 0
    for row in range(int(height * 0.45), int(height * 0.7)):
        for col in range(width):
            r, g, b = pixels[(row * width + col) * 3 : (row * width + col) * 3 + 3]
            count += r > 200 and r - g > 15 and abs(g - b) < 12
    return count


def parse_ppm(data: bytes) -> tuple[tuple[int, int], bytes]:
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P6" and fields[3] == b"255"
    return (int(fields[1]), int(fields[2])), fields[4]


def test_pending_and_due_pages_list_readings_and_reviews(builds: tuple[Path, Path]) -> None:
    site, preview = builds
    pending = (preview / "pending" / "index.html").read_text()
    assert '<a href="../policies/jicfb/">JICFB</a>' in pending
    assert "<td>First reading</td>\n<td>September 1, 2026</td>\n<td>—</td>" in pending
    due = (preview / "due" / "index.html").read_text()
    assert '<a href="../policies/g-170/">G-170</a>' in due and "<td>March 20, 2022</td>\n<td>Overdue</td>" in due
    assert not (site / "pending").exists() and not (site / "due").exists()


def test_preview_refuses_to_write_into_site(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    assert policy(capsys, root, "build", "--preview", "--out", str(root / "site")) == (
        2,
        "",
        "error: a preview is never written into site/ (the published manual); use --out another folder\n",
    )
    assert not (root / "site").exists()


def test_a_broken_draft_warns_publicly_and_fails_strict_and_preview(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = copy_project(tmp_path / "project")
    (root / "source" / "policies" / "JICFC.md").write_text(BROKEN_DRAFT, encoding="utf-8")
    line = (
        "source/policies/JICFC.md:5: revised, entry 1: not a valid date ('2019-13-01'): 2019 has no month 13; "
        "did you mean 2019-01-13?"
    )
    code, out, err = policy(capsys, root, "check")
    assert (code, out) == (0, "policy check: no errors (1 warning: 1 field)\n")
    assert line.replace(":5: ", ":5: warning: ") in err.splitlines()
    code, _out, err = policy(capsys, root, "check", "--strict")
    assert code == 1 and line in err.splitlines()
    code, _out, err = policy(capsys, root, "build", "--preview")
    assert code == 1 and err.splitlines()[-1] == "policy build: 1 error(s); nothing was built"
    assert line in err.splitlines() and not (root / "preview").exists()
