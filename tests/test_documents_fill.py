"""`policy fill`: filled values print literally, stay private, and bad values are errors."""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import pytest

from build_scripts.documents.fill import FillError, file_words, phone_number
from build_scripts.paths.project import Project
from build_scripts.pipeline import build
from build_scripts.source.models import PhoneFormat
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


def trip_args(school: str = "algonquin", **values: str) -> list[str]:
    base = {
        "trip": INJECTION,
        "destination": "Boston [MA] *Museum*",
        "dates": "May 4\u20136, 2027",
        "leader": "Ms. O'Brien",
        "cell": CELL,
    }
    base.update(values)
    pairs = [item for key, value in base.items() for item in ("--set", f"{key}={value}")]
    return ["fill", "trip-disclosure-form", "--school", school, *pairs]


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
    assert done.stdout == f"policy fill: wrote private/{pdf.name} (private: do not publish)\n"
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
        ({"cell": "555-01"}, "error: --set cell: '555-01' is not a phone number; write 10 digits, e.g. 508-555-0134\n"),
        (
            {"cell": "508-555-0134; rm"},
            "error: --set cell: '508-555-0134; rm' is not a phone number; write 10 digits, e.g. 508-555-0134\n",
        ),
        (
            {"school": "hogwarts"},
            "error: --school: no school has the id 'hogwarts' (known: algonquin, melican,"
            " lincoln-street, peaslee, proctor, zeh, trottier, neary, woodward, finn)\n",
        ),
        ({"trip": "W" * 80}, "error: --set trip: a word in it is wider than its field on the form; shorten it\n"),
        ({"leader": "x" * 201}, "error: --set leader: 201 characters is too long for the form (at most 200)\n"),
        (
            {"destination": "  "},
            "error: --set destination: must not be empty (leave the field out to print it blank)\n",
        ),
        (
            {"leeder": "Ms. Ruiz"},
            "error: --set leeder: the form has no such field (did you mean 'leader'? fields: trip, destination, "
            "dates, leader, cell, return-to, return-by, student-name, parent-name, student-cell)\n",
        ),
        (
            {
                "trip": "MWMWM WMWMW " * 16,
                "destination": "MWMWM WMWMW " * 16,
                "dates": "MWMWM WMWMW " * 16,
                "leader": "MWMWM WMWMW " * 16,
            },
            "error: the filled form does not fit on one page; shorten the longest value (trip, 191 characters)\n",
        ),
    ],
)
def test_bad_values_are_errors_with_exit_1(tmp_path: Path, values: dict[str, str], message: str) -> None:
    project = project_copy(tmp_path / "project")
    done = run_cli(*trip_args(**values), cwd=project.root)  # school= picks the school, the rest are fields
    assert (done.returncode, done.stderr) == (1, message)
    assert not (project.root / "private").exists()


def test_output_inside_the_site_is_refused(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    done = run_cli(*trip_args(), "--out", "site/trips", cwd=project.root)
    assert done.returncode == 1
    assert "is inside the published site; filled forms are private (default private/)" in done.stderr
    assert not (project.root / "site").exists()


def test_phone_numbers_are_normalised() -> None:
    assert phone_number("508.555.0134", PhoneFormat.US) == "(508) 555-0134"
    assert phone_number("+1 (508) 555-0134", PhoneFormat.US) == "(508) 555-0134"
    with pytest.raises(FillError):
        phone_number("22345678901", PhoneFormat.US)
    with pytest.raises(FillError):
        phone_number("(123) 555-0134", PhoneFormat.US)
    assert phone_number("+351 21 555 0134", PhoneFormat.INTERNATIONAL) == "+351 21 555 0134"
    with pytest.raises(FillError, match="write \\+ and the country code"):
        phone_number("21 555 0134", PhoneFormat.INTERNATIONAL)


def test_file_names_are_whole_words() -> None:
    assert file_words({"trip": INJECTION}) == "read-etc-passwd-b-x-b"
    assert file_words({"trip": "A very long trip name that goes on and on"}) == "a-very-long-trip-name-that"
    assert file_words({"trip": "!!!"}) == "filled"


def test_every_field_of_the_trip_form_can_be_filled(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    values = {"return-to": "Main office, Room 4", "return-by": "April 20, 2027", "student-name": "Sam Lee"}
    done = run_cli(*trip_args(school="zeh", **values), cwd=project.root)
    assert done.returncode == 0, done.stderr
    [pdf] = (project.root / "private").glob("*.pdf")
    text = pdf_text(pdf)
    for value in values.values():
        assert value in text, value


def words_at(path: Path) -> list[tuple[float, float, float, str]]:
    """Every printed word with its left, right and bottom edges (points from the page's top)."""
    command = ["pdftotext", "-bbox", str(path), "-"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    found = re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>', done.stdout)
    return [(float(x0), float(x1), float(y1), html.unescape(word)) for x0, x1, y1, word in found]


def test_long_values_wrap_inside_their_column_and_the_lines_of_a_row_stay_level(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    values = {
        "trip": "Science museum and aquarium visit with the whole eighth grade",
        "return-to": "Main office, Algonquin Regional High School, Room 104",
        "return-by": "April 20",
    }
    done = run_cli(*trip_args(school="algonquin", **values), cwd=project.root)
    assert done.returncode == 0, done.stderr
    [pdf] = (project.root / "private").glob("*.pdf")
    found = words_at(pdf)
    bottom = {word: y for _x0, _x1, y, word in reversed(found)}  # each word's first place on the page
    row = bottom["Return"]  # the label "Return this form to", under a value of three lines

    def on_row(label: str, row: float) -> bool:
        return any(word == label and abs(y - row) < 0.5 for _x0, _x1, y, word in found)

    # the labels under one row's lines sit on one baseline, however many lines a value above them takes
    assert on_row("phone", row) and on_row("(date)", row)
    assert on_row("Trip", bottom["Destination"])
    # a long value wraps inside its own column, between its neighbours' columns
    left = next(x0 for x0, _x1, y, word in found if word == "Return" and y == row)
    right = next(x0 for x0, _x1, y, word in found if word == "by" and abs(y - row) < 0.5)
    value = [(x0, x1) for x0, x1, y, word in found if word in values["return-to"].split() and row - 60 < y < row]
    assert len(value) == len(values["return-to"].split())
    assert all(left - 3 <= x0 and x1 <= right - 5 for x0, x1 in value), value
