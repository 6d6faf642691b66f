"""`policy trip-form`: filled values print literally, stay private, and bad values are errors."""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest

from build_scripts.documents.tripform import TripFormError, phone_number, slug
from build_scripts.paths.project import Project
from build_scripts.pipeline import build
from tests.conftest import FIXED_EPOCH, run_cli
from tests.documents_helpers import pdf_text, project_copy

INJECTION = '#read("/etc/passwd") <b>x</b>'
CELL = "508-555-0199"
EVIL_SCHOOL = """\
  - id: evil
    name: 'Evil <b>x</b> #read("/etc/passwd") *y* [z](http://e.invalid) $m$ {#id}'
    town: Northborough
    grades: 6-8
    address: ['1 Main St. <script>alert(1)</script>', 'Northborough, MA 01532']
    phone: '508-555-0100 #x'
    principal_title: 'Principal <i>'
"""


def trip_args(**values: str) -> list[str]:
    base = {
        "school": "algonquin",
        "trip": INJECTION,
        "destination": "Boston [MA] *Museum*",
        "dates": "May 4\u20136, 2027",
        "leader": "Ms. O'Brien",
        "cell": CELL,
    }
    base.update(values)
    return ["trip-form", *[item for key, value in base.items() for item in (f"--{key}", value)]]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, subprocess.CompletedProcess[str]]:
    """A project with a school whose data is hostile: one trip form filled, then the site built."""
    project = project_copy(tmp_path_factory.mktemp("trip") / "project")
    district = project.district_file.read_text(encoding="utf-8")
    project.district_file.write_text(district + EVIL_SCHOOL, encoding="utf-8")
    done = run_cli(*trip_args(), cwd=project.root, env={"SOURCE_DATE_EPOCH": FIXED_EPOCH})
    build(project, environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    return project, done


Published = tuple[Project, subprocess.CompletedProcess[str]]


def test_filled_form_prints_values_literally_in_private(published: Published) -> None:
    project, done = published
    assert done.returncode == 0, done.stderr
    [pdf] = (project.root / "private").glob("*.pdf")
    assert pdf.name == "trip-disclosure-form-algonquin-read-etc-passwd-b-x-b.pdf"
    assert done.stdout == f"policy trip-form: wrote private/{pdf.name} (private: do not publish)\n"
    text = pdf_text(pdf)
    for value in (INJECTION, "Boston [MA] *Museum*", "May 4\u20136, 2027", "Ms. O'Brien", "(508) 555-0199"):
        assert value in text
    assert "root:" not in text  # nothing was read from /etc/passwd
    git_ignore = (Path(__file__).resolve().parent.parent / ".gitignore").read_text(encoding="utf-8")
    assert "/private/" in git_ignore.split()


def test_site_never_holds_the_cell_number(published: Published) -> None:
    project, _ = published
    site = project.root / "site"
    assert (site / "manifest.json").is_file()
    needles = [b"555-0199", b"5550199", b"555 0199", INJECTION.encode(), b"private/"]
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(needle in data for needle in needles), path
            if path.suffix == ".pdf":
                assert "555-0199" not in pdf_text(path), path


def test_district_values_are_escaped_everywhere(published: Published) -> None:
    project, _ = published
    site = project.root / "site" / "documents" / "evil"
    name = 'Evil <b>x</b> #read("/etc/passwd") *y* [z](http://e.invalid) $m$ {#id}'
    letter_pdf = pdf_text(site / "parent-letter" / "parent-letter-evil.pdf")
    for value in (name, "1 Main St. <script>alert(1)</script>", "Phone: 508-555-0100 #x", "the Principal <i>"):
        assert value in letter_pdf, value
    page = (site / "parent-letter" / "index.html").read_text(encoding="utf-8")
    assert "<b>x</b>" not in page and "<script>alert" not in page and "<i>" not in page
    assert 'href="http://e.invalid"' not in page
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert name in shown
    picker = (project.root / "site" / "documents" / "index.html").read_text(encoding="utf-8")
    assert "<b>x</b>" not in picker


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"cell": "555-01"}, "error: --cell: '555-01' is not a phone number; write 10 digits, e.g. 508-555-0134\n"),
        (
            {"cell": "508-555-0134; rm"},
            "error: --cell: '508-555-0134; rm' is not a phone number; write 10 digits, e.g. 508-555-0134\n",
        ),
        (
            {"school": "hogwarts"},
            "error: --school: no school has the id 'hogwarts' (known: algonquin, melican,"
            " lincoln-street, peaslee, proctor, zeh, trottier, neary, woodward, finn)\n",
        ),
        ({"trip": "W" * 80}, "error: --trip: a word in it is wider than its field on the form; shorten it\n"),
        ({"leader": "x" * 201}, "error: --leader: 201 characters is too long for the form (at most 200)\n"),
        ({"destination": "  "}, "error: --destination: must not be empty\n"),
        (
            {
                "trip": "MWMWM WMWMW " * 16,
                "destination": "MWMWM WMWMW " * 16,
                "dates": "MWMWM WMWMW " * 16,
                "leader": "MWMWM WMWMW " * 16,
            },
            "error: the filled form does not fit on one page; shorten the longest value (--trip, 191 characters)\n",
        ),
    ],
)
def test_bad_values_are_errors_with_exit_1(tmp_path: Path, values: dict[str, str], message: str) -> None:
    project = project_copy(tmp_path / "project")
    done = run_cli(*trip_args(**values), cwd=project.root)
    assert (done.returncode, done.stderr) == (1, message)
    assert not (project.root / "private").exists()


def test_output_inside_the_site_is_refused(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    done = run_cli(*trip_args(), "--out", "site/trips", cwd=project.root)
    assert done.returncode == 1
    assert "is inside the published site; filled forms are private (default private/)" in done.stderr
    assert not (project.root / "site").exists()


def test_phone_numbers_are_normalised() -> None:
    assert phone_number("508.555.0134") == "(508) 555-0134"
    assert phone_number("+1 (508) 555-0134") == "(508) 555-0134"
    with pytest.raises(TripFormError):
        phone_number("22345678901")
    with pytest.raises(TripFormError):
        phone_number("(123) 555-0134")
    assert slug(INJECTION) == "read-etc-passwd-b-x-b" and slug("!!!") == "trip"
