"""Where a form field's tag goes in the reading order: right after the text of its label.

typst writes each run of text as a marked span (``/Span <</MCID n>> BDC``) that starts by moving
to its baseline (``1 0 0 -1 x y cm``, page coordinates). A field's label is the text just under its
line (a fill-in line) or just right of it (a box's "Yes" or "No"); the page's parent-tree entry
maps that span's MCID to its structure element, and the field's ``/Form`` element is placed right
after it, so that a screen reader reads the label, then the field. A field whose label cannot be
found keeps its place at the end of the document's tags.
"""

from __future__ import annotations

from typing import Any

import pikepdf

LABEL_GAP = 20.0  # points: how far under a fill-in line its label's baseline may be


def text_spans(page: pikepdf.Page) -> list[tuple[int, float, float]]:
    """(MCID, x, baseline y) of every marked span of the page, in content order."""
    spans, current, placed = [], None, False
    for instruction in pikepdf.parse_content_stream(page):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image
        operands, name = instruction.operands, str(instruction.operator)
        if name == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary):
            current, placed = (int(operands[1].MCID), False) if "/MCID" in operands[1] else (None, False)
        elif name == "cm" and current is not None and not placed:
            spans.append((current, float(operands[4]), float(operands[5])))
            placed = True
        elif name == "EMC":
            current = None
    return spans


def label_span(kind: str, rect: list[float], spans: list[tuple[int, float, float]]) -> int | None:
    """The MCID of the last span of a field's label, or None."""
    x0, y0, x1, y1 = rect
    if kind in ("check", "radio"):
        right = [(x, mcid) for mcid, x, y in spans if x >= x1 - 1 and y0 - 4 <= y <= y1 + 4]
        return min(right)[1] if right else None
    below = [(y, x, mcid) for mcid, x, y in spans if x0 - 1 <= x <= x1 and y0 - LABEL_GAP <= y < y0]
    if not below:
        return None
    line = max(y for y, _x, _mcid in below)
    return max((x, mcid) for y, x, mcid in below if abs(y - line) < 0.5)[1]


def parent_tree_entry(tree_root: pikepdf.Object, key: int) -> Any:
    """The parent-tree value for ``key`` (a page's array of elements by MCID), or None."""
    pending = [tree_root.get("/ParentTree")]
    while pending:
        node = pending.pop()
        if node is None:
            continue
        nums = list(node.get("/Nums", []))
        for number, value in zip(nums[::2], nums[1::2], strict=True):
            if int(number) == key:
                return value
        pending += list(node.get("/Kids", []))
    return None


def insert_after_label(
    tree_root: pikepdf.Object,
    element: pikepdf.Object,
    page: pikepdf.Page,
    spans: list[tuple[int, float, float]],
    field: tuple[str, list[float]],
) -> bool:
    """Put the Form ``element`` of ``field`` (kind, rectangle) right after its label's span in the
    tag tree; ``spans`` are the page's ``text_spans``. False if no label is found."""
    if "/StructParents" not in page.obj:
        return False
    mcid = label_span(*field, spans)
    by_mcid = parent_tree_entry(tree_root, int(page.obj.StructParents))
    if mcid is None or not isinstance(by_mcid, pikepdf.Array) or mcid >= len(by_mcid):
        return False
    span = by_mcid[mcid]
    parent = span.get("/P") if isinstance(span, pikepdf.Dictionary) else None
    if parent is None or "/K" not in parent:
        return False
    kids = parent.K if isinstance(parent.K, pikepdf.Array) else pikepdf.Array([parent.K])
    index = next((i for i, kid in enumerate(kids) if kid.is_indirect and kid.objgen == span.objgen), None)
    if index is None:
        return False
    index += 1
    while index < len(kids) and isinstance(kids[index], pikepdf.Dictionary) and str(kids[index].get("/S")) == "/Form":
        index += 1  # a box's "Yes No" text is one span: its fields follow it in page order
    kids.insert(index, element)
    parent.K, element.P = kids, parent
    return True
