"""The blank trip and permission forms are fillable PDFs that stay tagged PDF/UA-1; filled trip forms stay flat.

Sizes are read from the PDF's own field rectangles (points: 72 to the inch, 2.835 to the millimetre).
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from build_scripts.documents.fill import FillRequest, fill_document
from build_scripts.pipeline import BuildResult, prepare
from build_scripts.source.source_date import resolve_source_date
from tests.conftest import FIXED_EPOCH
from tests.documents_helpers import project_copy

FORMS = ("trip-disclosure-form", "publication-permission-form")
INCH, MM = 72.0, 72 / 25.4


def form_path(result: BuildResult, ident: str, school: str, lang: str = "en") -> Path:
    entry = next(d for d in result.manifest.documents if (d.id, d.school, d.lang) == (ident, school, lang))
    return result.out / entry.pdf


def fields(path: Path) -> list[dict[str, object]]:
    """Every widget in page order, with its field's type, name and accessible name (a radio button's
    are its group's) and its on-state (a radio button's: Yes or No)."""
    with pikepdf.open(path) as pdf:
        found = []
        for widget in pdf.pages[0].obj.Annots:
            if widget.Subtype != pikepdf.Name.Widget:
                continue  # the link over the policy's address
            field = widget.Parent if "/Parent" in widget else widget
            x0, y0, x1, _top = (float(v) for v in widget.Rect)
            states = [str(k) for k in widget.AP.N if k != "/Off"] if "/AS" in widget else []
            found.append(
                {"type": str(field.FT), "name": str(field.T), "tu": str(field.TU), "w": x1 - x0, "y": y0, "on": states}
            )
        return found


def test_permission_form_fields_have_names_and_sizes_a_parent_can_use(built_site: BuildResult) -> None:
    found = fields(form_path(built_site, "publication-permission-form", "zeh"))
    text = {f["tu"]: f for f in found if f["type"] == "/Tx"}
    assert list(text) == [
        "Student\u2019s name",
        "Grade",
        "Homeroom",
        "Parent/guardian\u2019s name (print)",
        "Parent/guardian signature",
        "Date of the parent/guardian signature",
    ]
    assert float(text["Student\u2019s name"]["w"]) >= 2.5 * INCH  # type: ignore[arg-type]
    assert float(text["Parent/guardian\u2019s name (print)"]["w"]) >= 2.5 * INCH  # type: ignore[arg-type]
    boxes = [f for f in found if f["type"] == "/Btn"]
    assert len(boxes) == 14 and all(float(b["w"]) >= 4 * MM for b in boxes)  # type: ignore[arg-type]
    assert boxes[0]["tu"] == boxes[1]["tu"] == "Photographs of my child on the district\u2019s website?"
    assert [b["on"] for b in boxes[:2]] == [["/Yes"], ["/No"]]
    names = [f["name"] for f in found if f["type"] == "/Tx"] + [b["name"] for b in boxes[::2]]
    assert len(set(names)) == len(names) == 13  # one name per field: a question's two buttons share theirs


RADIO, PUSHBUTTON = 1 << 15, 1 << 16  # /Ff bits 16 and 17 of a button field


@pytest.mark.parametrize(("lang", "answers"), [("en", ["Yes", "No"]), ("es", ["Sí", "No"]), ("pt", ["Sim", "Não"])])
def test_each_yes_no_question_is_one_radio_group(built_site: BuildResult, lang: str, answers: list[str]) -> None:
    """Yes and No of one question are two buttons of one radio field: ticking one clears the other."""
    with pikepdf.open(form_path(built_site, "publication-permission-form", "zeh", lang)) as pdf:
        groups = [field for field in pdf.Root.AcroForm.Fields if str(field.FT) == "/Btn"]
        assert len(groups) == 7  # one per question
        for group in groups:
            flags = int(group.Ff)
            assert flags & RADIO and not flags & PUSHBUTTON, str(group.TU)
            assert str(group.V) == "/Off" and str(group.TU).endswith("?"), str(group.TU)  # the question
            assert [str(answer) for answer in group.Opt] == answers  # the printed answers, in the form's language
            kids = list(group.Kids)
            assert [sorted(str(k) for k in kid.AP.N) for kid in kids] == [["/Off", "/Yes"], ["/No", "/Off"]]
            assert all(str(kid.AS) == "/Off" and kid.Parent.objgen == group.objgen for kid in kids)
            assert all("/T" not in kid and "/FT" not in kid for kid in kids)  # the field is the group


def test_trip_form_rows_are_at_least_9_mm_apart_with_the_new_fields(built_site: BuildResult) -> None:
    found = fields(form_path(built_site, "trip-disclosure-form", "algonquin"))
    labels = [f["tu"] for f in found]
    for label in ("Student\u2019s cell phone (optional)", "Trip leader signature", "Student signature"):
        assert label in labels, label
    rows = sorted({round(float(f["y"]), 1) for f in found}, reverse=True)  # type: ignore[arg-type]
    assert min(a - b for a, b in itertools.pairwise(rows)) >= 9 * MM
    names = {f["tu"]: f for f in found}
    for label in ("Student\u2019s name (print)", "Parent/guardian\u2019s name (print)"):
        assert float(names[label]["w"]) >= 2.5 * INCH, label  # type: ignore[arg-type]


def _form_elements(pdf: pikepdf.Pdf) -> dict[tuple[int, int], pikepdf.Object]:
    """Widget (object id) -> the structure element that the parent tree gives for its /StructParent."""
    tree, found, pending = pdf.Root.StructTreeRoot.ParentTree, {}, []
    pending.append(tree)
    while pending:
        node = pending.pop()
        nums = list(node.get("/Nums", []))
        for key, element in zip(nums[::2], nums[1::2], strict=True):
            found[int(key)] = element
        pending += list(node.get("/Kids", []))
    return found


@pytest.mark.parametrize("ident", FORMS)
def test_every_widget_is_tagged_as_a_form_element(built_site: BuildResult, ident: str) -> None:
    with pikepdf.open(form_path(built_site, ident, "finn")) as pdf:
        parents = _form_elements(pdf)
        page = pdf.pages[0]
        assert page.obj.Tabs == pikepdf.Name.S
        widgets = [a for a in page.obj.Annots if a.Subtype == pikepdf.Name.Widget]
        fields_of = {(w.Parent if "/Parent" in w else w).objgen for w in widgets}
        assert fields_of == {field.objgen for field in pdf.Root.AcroForm.Fields} and len(widgets) > 5
        for widget in widgets:
            element = parents[int(widget.StructParent)]
            assert str(element.S) == "/Form"
            assert str(element.K.Type) == "/OBJR" and element.K.Obj.objgen == widget.objgen
            assert str((widget.Parent if "/Parent" in widget else widget).TU).strip()
        fonts = pdf.Root.AcroForm.DR.Font
        assert all("/FontFile2" in font.FontDescriptor for font in fonts.values())  # typing text uses an embedded font


@pytest.mark.parametrize("tool", ["pdfua", "outloud"])
def test_independent_pdf_ua_checkers_pass_the_fillable_forms(built_site: BuildResult, tool: str) -> None:
    executable = shutil.which(tool, path=str(Path(os.sys.executable).parent))
    assert executable is not None, f"{tool} is a test dependency (pyproject.toml)"
    paths = [str(form_path(built_site, ident, "melican")) for ident in FORMS]
    command = [executable, "check", *paths] if tool == "pdfua" else [executable, *paths]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS" in done.stdout and "FAIL" not in done.stdout


def test_outloud_notices_a_form_whose_widgets_are_untagged(built_site: BuildResult, tmp_path: Path) -> None:
    """The checker is not blind to forms: drop the tab order and the widgets' tags, and it fails."""
    broken = tmp_path / "untagged.pdf"
    with pikepdf.open(form_path(built_site, "publication-permission-form", "melican")) as pdf:
        del pdf.pages[0].obj["/Tabs"]
        for widget in pdf.pages[0].obj.Annots:
            del widget["/StructParent"]
        pdf.save(broken)
    executable = shutil.which("outloud", path=str(Path(os.sys.executable).parent))
    assert executable is not None
    done = subprocess.run([executable, str(broken)], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "FAIL" in done.stdout, done.stdout


def test_letter_handbook_and_bundles_have_no_fields(built_site: BuildResult) -> None:
    for entry in built_site.manifest.documents:
        if entry.id in FORMS:
            continue
        with pikepdf.open(built_site.out / entry.pdf) as pdf:
            assert "/AcroForm" not in pdf.Root, entry.pdf


def test_filled_trip_form_stays_flat(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    checked = prepare(project)
    stamp, _ = resolve_source_date(project.root, {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}, None, "source")
    values = {"trip": "Museum visit", "destination": "Museum of Science", "cell": "508-555-0134"}
    request = FillRequest("trip-disclosure-form", "zeh", values)
    path = fill_document(project, checked.manual, checked.district, request, stamp)
    with pikepdf.open(path) as pdf:
        assert "/AcroForm" not in pdf.Root
        assert not [a for a in pdf.pages[0].obj.get("/Annots", []) if a.Subtype == pikepdf.Name.Widget]


def word_sizes(path: Path) -> dict[str, float]:
    """Each word's height in points as pdftotext measures it (the font size it is set in)."""
    done = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, timeout=60, check=True
    )
    boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', done.stdout)
    return {word: round(float(bottom) - float(top), 2) for top, bottom, word in boxes}


@pytest.mark.parametrize(
    ("ident", "labels"), [(FORMS[0], ["Destination", "Dates", "(optional)"]), (FORMS[1], ["Grade", "Homeroom", "Yes"])]
)
def test_field_labels_are_at_least_9_pt(built_site: BuildResult, ident: str, labels: list[str]) -> None:
    sizes = word_sizes(form_path(built_site, ident, "melican"))
    for label in labels:
        assert sizes[label] >= 9.0, (label, sizes[label])


def _forms_in_tag_order(node: pikepdf.Object, found: list[tuple[str, str]]) -> None:
    """(accessible name, the tag just before it that is not a field) of every Form element, in tag order."""
    kids = node.K if isinstance(node.K, pikepdf.Array) else [node.K]
    before = ""
    for kid in kids:
        if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
            continue
        if str(kid.S) == "/Form":
            widget = kid.K.Obj
            found.append((str((widget.Parent if "/Parent" in widget else widget).TU), before))
            continue
        before = str(kid.S)
        if "/K" in kid:
            _forms_in_tag_order(kid, found)


@pytest.mark.parametrize("ident", FORMS)
def test_each_field_is_read_right_after_its_label(built_site: BuildResult, ident: str) -> None:
    path = form_path(built_site, ident, "trottier")
    with pikepdf.open(path) as pdf:
        document = pdf.Root.StructTreeRoot.K
        found: list[tuple[str, str]] = []
        _forms_in_tag_order(document[0] if isinstance(document, pikepdf.Array) else document, found)
    assert [name for name, _ in found] == [f["tu"] for f in fields(path)]  # the page's order
    assert {before for _, before in found} == {"/Span"}  # each right after the text of its label
