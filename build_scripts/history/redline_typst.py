"""A redline as typst markup: every piece of policy text is a typst string literal, and every change
is marked in words (``[Inserted: …]``/``[Deleted: …]``) as well as by underline, strike-through and colour.
Each changed unit opens with a visible "Change N" mark, as the summary names it, and carries a label
(``<change-N>``) that the summary at the top of the PDF links to."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .redline import ATOMIC, MARKER, OP_OF, Cell, Entry, Outline, Redline, Table, groups, note
from .redline_summary import Change, Summary, summarize
from .redline_words import Op, Segment

DASH = " \u2014 "
TYPST_STYLE: dict[Op, str] = {
    "delete": 'strike(text(fill: rgb("#9b1c1c"), {}))',
    "insert": 'underline(text(fill: rgb("#17613a"), {}))',
}
TYPST_BLOCK = {"paragraph": "{}\n\n", "quote": "#quote(block: true)[{}]\n\n"}
TYPST_MARK = (  # "Change N" in a thin frame: text a reader (and a screen reader) reads, not a drawing
    'box(stroke: 0.5pt + rgb("#303f9f"), inset: (x: 2.5pt, y: 1pt), outset: (y: 1.5pt), radius: 2pt, '
    'text(font: "DejaVu Sans", size: 7.5pt, weight: "bold", fill: rgb("#1a237e"), {}))'
)


def redline_typst(result: Redline) -> str:
    """The summary (what changed, with a link and page number for each change), then the text."""
    outline = Outline()
    body = "".join(_typst_group(group, outline) for group in groups(result.entries))
    return summary_typst(summarize(result)) + body


def summary_typst(summary: Summary) -> str:
    items = (
        f"list.item[#link(<{c.anchor}>)[{_typst_text(f'Change {c.number}')}]"
        f"{_typst_text(f'{DASH}{_where(c)}, {c.description} (page ')}"
        f"#context counter(page).at(<{c.anchor}>).first(){_typst_text(')')}]"
        for c in summary.changes
    )
    listing = "#list(" + ", ".join(items) + ")\n\n" if summary.changes else ""
    return (
        f"#heading(level: 2)[Summary]\n\n{_typst_text(summary.sentence)}\n\n{listing}"
        "#heading(level: 2)[The text with its changes]\n\n"
    )


def _where(change: Change) -> str:
    return change.section or "before the first section"


def typst_string(text: str) -> str:
    """A typst string literal holding ``text`` exactly: policy text never becomes typst code."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


def _typst_text(text: str, op: Op = "equal") -> str:
    """``text`` as an embedded typst expression, styled for ``op``; ``;`` ends the expression."""
    literal = typst_string(text)
    return f"#{literal};" if op == "equal" else f"#{TYPST_STYLE[op].format(literal)};"


def _typst_inline(segments: Sequence[Segment]) -> str:
    """Runs of plain text (markers included) become one literal each; changed words are styled."""
    out, plain = [], ""
    for n, segment in enumerate(segments):
        plain += " " if n and segment.space else ""
        if segment.op == "equal":
            plain += segment.text
            continue
        out.append(_typst_text(plain + f"[{MARKER[segment.op]}: ") + _typst_text(segment.text, segment.op))
        plain = "]"
    return "".join(out) + (_typst_text(plain) if plain else "")


def _label(entry: Entry) -> str:
    """A change's locatable label (``<change-N>``) for the summary's links, then its visible mark."""
    if not entry.number:
        return ""
    return f'#metadata("{entry.anchor}")<{entry.anchor}>#{TYPST_MARK.format(typst_string(entry.mark))} '


def _typst_group(group: list[Entry], outline: Outline) -> str:
    first = group[0]
    kind = first.unit.kind
    if kind == "item":
        return _typst_list(group)
    if kind == "definition":
        terms = (f"terms.item[{_label(e)}{_typst_inline(e.parts[0])}][{_typst_inline(e.parts[1])}]" for e in group)
        return "#terms(" + ", ".join(terms) + ")\n\n"
    if kind == "heading":
        return f"#heading(level: {outline.level(first.unit.level)})[{_label(first)}{_typst_inline(first.parts[0])}]\n\n"
    if kind in ATOMIC:
        return _typst_atomic(first)
    return TYPST_BLOCK[kind].format(_label(first) + _typst_inline(first.parts[0]))


def _typst_list(group: list[Entry]) -> str:
    numbering = group[0].unit.numbering
    if not numbering:
        return "#list(" + ", ".join(f"list.item[{_label(e)}{_typst_inline(e.parts[0])}]" for e in group) + ")\n\n"
    items = (f"enum.item({e.unit.number})[{_label(e)}{_typst_inline(e.parts[0])}]" for e in group)
    return f"#enum(numbering: {typst_string(numbering)}, " + ", ".join(items) + ")\n\n"


def _typst_atomic(entry: Entry) -> str:
    unit = entry.unit
    if unit.table is not None:
        body = _typst_table(unit.table, lambda text: _typst_text(text, OP_OF[entry.status]))
    else:
        body = f"#raw(block: true, {typst_string(unit.parts[0])})\n\n"
    if entry.status == "same":
        return body
    before, after = (_typst_text(note(entry.status, unit, end)) + "\n\n" for end in (False, True))
    return _label(entry) + before + body + after


def _typst_table(table: Table, cell_text: Callable[[str], str]) -> str:
    def cell(c: Cell) -> str:
        spans = ", ".join(f"{k}: {v}" for k, v in (("rowspan", c.rowspan), ("colspan", c.colspan)) if v > 1)
        return f"table.cell({spans})[{cell_text(c.text)}]" if spans else f"[{cell_text(c.text)}]"

    head = [f"table.header({', '.join(cell(c) for row in table.head for c in row)})"] if table.head else []
    cells = [cell(c) for row in table.body for c in row]
    caption = cell_text(table.caption) + "\n\n" if table.caption else ""
    return caption + f"#table(columns: {table.columns}, " + ", ".join([*head, *cells]) + ")\n\n"
