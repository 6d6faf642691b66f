"""Blank forms made fillable on screen: AcroForm fields over typst's drawn lines and boxes.

typst has no form fields. ``document.typ`` records where every fill-in line and box is (a
``<form-field>`` metadata value: kind, accessible name, page, top-left corner and size in points);
``field_places`` reads them back with ``typst.query`` from the same source and inputs the PDF was
compiled from, and ``add_fields`` adds one widget per place with pikepdf:

- a text field (``/FT /Tx``), a check box, or a yes/no question as one radio group (``/FT /Btn``
  with the radio flag: one field, the question as its ``/TU``, a widget per answer whose on-state is
  ``/Yes`` or ``/No``, ``/Opt`` the printed answers; a drawn check mark, no font), each field with
  its accessible name in ``/TU`` and a unique ``/T``;
- tagged for PDF/UA-1: each widget has a ``/StructParent`` whose parent-tree entry is a ``/Form``
  structure element holding an ``/OBJR`` to the widget; pages with fields get ``/Tabs /S``;
- text typed into a field is drawn with a DejaVu Sans subset (WinAnsi, embedded), so that every font
  of the PDF stays embedded.

Each Form element goes right after the tagged text of its label (``formtags.py``), so that a
screen reader reads a label, then its field.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import typst
from fontTools import subset
from fontTools.ttLib import TTFont

from ..errors import ToolError
from ..render.pdf import TypstJob
from .formtags import insert_after_label, text_spans

FONT_FILE, FONT_NAME = "DejaVuSans.ttf", "PLCYFM+DejaVuSans"  # subset fonts carry a six-letter tag
FIRST, LAST = 32, 255
_typst_query: Any = typst.query


@dataclass(frozen=True)
class FieldPlace:
    """Where typst drew a fill-in line or box: page (from 1), top-left corner and size in points."""

    kind: str  # text | check | radio
    tu: str
    page: int
    x: float
    y: float
    w: float
    h: float
    group: str = ""  # a radio button's question: the buttons of one question are one field
    state: str = ""  # a radio button's on-state name (Yes, No)
    option: str = ""  # a radio button's printed answer, in the form's language


RADIO = 1 << 15  # /Ff bit 16: the buttons of the field are radio buttons (one answer at a time)


def field_groups(places: list[FieldPlace]) -> list[list[FieldPlace]]:
    """The places of each field, in order: one place, or the buttons of one question (a radio group)."""
    groups: list[list[FieldPlace]] = []
    for place in places:
        last = groups[-1] if groups else []
        same = bool(last) and place.kind == "radio" and last[0].kind == "radio" and last[0].group == place.group
        if same and place.state not in {p.state for p in last}:
            last.append(place)
        else:
            groups.append([place])
    return groups


def field_places(job: TypstJob) -> list[FieldPlace]:
    """Every ``<form-field>`` of the document, in document order."""
    source = (job.layout + "\n" + job.body).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="policy-typst-") as root:
        try:
            found = _typst_query(
                source,
                "<form-field>",
                field="value",
                root=root,
                font_paths=[str(folder) for folder in job.fonts],
                ignore_system_fonts=True,
                sys_inputs=job.inputs,
            )
        except Exception as exc:  # typst raises its own error types
            raise ToolError("typst", job.subject, f"query <form-field>: {exc}") from None
    return [
        FieldPlace(**{k: v for k, v in item.items() if k in FieldPlace.__dataclass_fields__})
        for item in json.loads(found)
    ]


def field_font(fonts: tuple[Path, ...]) -> bytes:
    """DejaVu Sans cut down to the WinAnsi characters (a few dozen KB instead of 760 KB)."""
    path = next(folder / FONT_FILE for folder in fonts if (folder / FONT_FILE).is_file())
    font = TTFont(str(path), recalcTimestamp=False)  # same bytes on every build
    options = subset.Options()
    options.name_IDs, options.notdef_outline, options.layout_features = ["*"], True, []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in _winansi() if c])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _winansi() -> list[str]:
    chars = []
    for code in range(FIRST, LAST + 1):
        try:
            chars.append(bytes([code]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append("")
    return chars


def _font_object(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Dictionary:
    font = TTFont(io.BytesIO(data))
    scale = 1000 / font["head"].unitsPerEm
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    widths = [round(metrics[cmap[ord(c)]][0] * scale) if c and ord(c) in cmap else 0 for c in _winansi()]
    head, hhea = font["head"], font["hhea"]
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name("/" + FONT_NAME),
        Flags=32,
        FontBBox=[round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        ItalicAngle=0,
        Ascent=round(hhea.ascent * scale),
        Descent=round(hhea.descent * scale),
        CapHeight=round(getattr(font["OS/2"], "sCapHeight", head.yMax * 0.7) * scale),
        StemV=80,
        FontFile2=pdf.make_stream(data, Length1=len(data)),
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name("/" + FONT_NAME),
            FirstChar=FIRST,
            LastChar=LAST,
            Widths=widths,
            Encoding=pikepdf.Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


def field_names(places: list[FieldPlace]) -> list[str]:
    """A unique partial name (``/T``) per field, from its accessible name: 'students-name', 'grade'."""
    names: list[str] = []
    for place in places:
        base = re.sub(r"[^a-z0-9]+", "-", place.tu.lower().replace("\u2019", "")).strip("-")[:60] or "field"
        name, count = base, 1
        while name in names:
            count += 1
            name = f"{base}-{count}"
        names.append(name)
    return names


def _appearance(pdf: pikepdf.Pdf, w: float, h: float, drawing: bytes) -> pikepdf.Stream:
    stream = pdf.make_stream(drawing, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, w, h])
    stream.Resources = pikepdf.Dictionary()
    return stream


def _check_mark(w: float, h: float) -> bytes:
    points = [(0.2 * w, 0.5 * h), (0.42 * w, 0.22 * h), (0.82 * w, 0.8 * h)]
    path = " ".join(f"{x:.2f} {y:.2f} {op}" for (x, y), op in zip(points, ("m", "l", "l"), strict=True))
    return f"q 0 g 0 G 1.4 w 1 J 1 j {path} S Q".encode()


def _widget(pdf: pikepdf.Pdf, place: FieldPlace, name: str, page: pikepdf.Page, key: int) -> pikepdf.Dictionary:
    """The widget of ``place``; a field of its own (``/T``, ``/TU``, ``/FT``) unless it is a radio button,
    whose field is its group's (``_radio_field``)."""
    top = float(page.mediabox[3])
    rect = [place.x, top - place.y - place.h, place.x + place.w, top - place.y]
    widget = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, Rect=[round(v, 2) for v in rect], F=4, P=page.obj
    )
    widget.StructParent = key
    if place.kind != "radio":
        widget.T, widget.TU = pikepdf.String(name), pikepdf.String(place.tu)
    if place.kind in ("check", "radio"):
        on = "/" + (place.state if place.kind == "radio" else "Yes")
        widget.AS = pikepdf.Name.Off
        if place.kind == "check":
            widget.FT, widget.V = pikepdf.Name.Btn, pikepdf.Name.Off
        states = {on: _appearance(pdf, place.w, place.h, _check_mark(place.w, place.h))}
        states["/Off"] = _appearance(pdf, place.w, place.h, b"")
        widget.AP = pikepdf.Dictionary(N=pikepdf.Dictionary(states))
    else:
        widget.FT, widget.DA = pikepdf.Name.Tx, pikepdf.String("/DejaVuSans 10 Tf 0 g")
        widget.AP = pikepdf.Dictionary(N=_appearance(pdf, place.w, place.h, b"/Tx BMC EMC"))
    return pdf.make_indirect(widget)


def _parent_tree_next_key(tree_root: pikepdf.Object) -> int:
    if "/ParentTreeNextKey" in tree_root:
        return int(tree_root.ParentTreeNextKey)
    keys, pending = [-1], [tree_root.get("/ParentTree")]
    while pending:
        node = pending.pop()
        if node is None:
            continue
        nums = list(node.get("/Nums", []))
        keys += [int(nums[i]) for i in range(0, len(nums), 2)]
        pending += list(node.get("/Kids", []))
    return max(keys) + 1


def _document_element(tree_root: pikepdf.Object) -> pikepdf.Object:
    top = tree_root.K
    element = top[0] if isinstance(top, pikepdf.Array) else top
    if not isinstance(element.get("/K"), pikepdf.Array):
        element.K = pikepdf.Array([element.K] if "/K" in element else [])
    return element


def _add_to_parent_tree(pdf: pikepdf.Pdf, tree_root: pikepdf.Object, entries: list[Any]) -> None:
    """A new leaf holding ``entries`` (key, element, ...), beside or under the existing parent tree."""
    first, last = int(entries[0]), int(entries[-2])
    leaf = pdf.make_indirect(pikepdf.Dictionary(Nums=entries, Limits=[first, last]))
    tree = tree_root.get("/ParentTree")
    if tree is None:
        tree_root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=entries))
    elif "/Kids" in tree:
        tree.Kids.append(leaf)
    else:
        old = pdf.make_indirect(pikepdf.Dictionary(Nums=tree.Nums))
        nums = list(tree.Nums)
        if nums:
            old.Limits = [int(nums[0]), int(nums[-2])]
        del tree["/Nums"]
        tree.Kids = pikepdf.Array([old, leaf]) if nums else pikepdf.Array([leaf])
    tree_root.ParentTreeNextKey = last + 1


def _radio_field(pdf: pikepdf.Pdf, places: list[FieldPlace], name: str, widgets: list[Any]) -> pikepdf.Dictionary:
    """One question's radio group: the field its buttons (``widgets``) are the kids of."""
    field = pdf.make_indirect(
        pikepdf.Dictionary(
            FT=pikepdf.Name.Btn,
            Ff=RADIO,
            T=pikepdf.String(name),
            TU=pikepdf.String(places[0].group),
            V=pikepdf.Name.Off,
            Kids=widgets,
            Opt=[pikepdf.String(place.option or place.state) for place in places],
        )
    )
    for widget in widgets:
        widget.Parent = field
    return field


@dataclass
class _Tagging:
    """The tag tree of the PDF being made fillable: where each widget's Form element goes."""

    pdf: pikepdf.Pdf
    tree_root: Any
    document: Any
    next_key: int
    entries: list[Any]
    spans: dict[int, list[tuple[int, float, float]]]

    def tag(self, widget: Any, place: FieldPlace) -> None:
        """A Form element holding ``widget`` (its ``/StructParent`` is ``next_key``), right after its label."""
        page = self.pdf.pages[place.page - 1]
        objr = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=widget, Pg=page.obj)
        element = self.pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Form, P=self.document, Pg=page.obj, K=objr)
        )
        if place.page not in self.spans:
            self.spans[place.page] = text_spans(page)
        rect = (place.kind, [float(v) for v in widget.Rect])
        if not insert_after_label(self.tree_root, element, page, self.spans[place.page], rect):
            self.document.K.append(element)
        self.entries += [self.next_key, element]
        self.next_key += 1
        page.obj.Annots = self.pdf.make_indirect(pikepdf.Array([*page.obj.get("/Annots", []), widget]))
        page.obj.Tabs = pikepdf.Name.S


def add_fields(pdf_bytes: bytes, places: list[FieldPlace], font: bytes) -> bytes:
    """The PDF with a tagged AcroForm field over every place (unchanged when there is none)."""
    if not places:
        return pdf_bytes
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        tree_root = pdf.Root.StructTreeRoot
        tagging = _Tagging(pdf, tree_root, _document_element(tree_root), _parent_tree_next_key(tree_root), [], {})
        groups = field_groups(places)
        fields = []
        for group, name in zip(groups, field_names([g[0] for g in groups]), strict=True):
            widgets = []
            for place in group:
                widgets.append(_widget(pdf, place, name, pdf.pages[place.page - 1], tagging.next_key))
                tagging.tag(widgets[-1], place)
            radio = group[0].kind == "radio"
            fields.append(_radio_field(pdf, group, name, widgets) if radio else widgets[0])
        _add_to_parent_tree(pdf, tree_root, tagging.entries)
        resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(DejaVuSans=_font_object(pdf, font)))
        pdf.Root.AcroForm = pdf.make_indirect(
            pikepdf.Dictionary(Fields=fields, DA=pikepdf.String("/DejaVuSans 10 Tf 0 g"), DR=resources)
        )
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
