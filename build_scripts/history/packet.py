"""``policy packet``: one document for the committee with every policy changed since a git ref.

A cover lists each item (code, title, kind of change, status, reading dates); then each item's
word-level redline against the base text, a new policy whole as inserted, a removed one whole as
deleted. The PDF is PDF/UA-1 with a bookmark per item (its heading); the HTML has one ``h1`` and
no skipped heading levels."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

from ..cache import ContentCache
from ..errors import UsageError
from ..paths.project import Project
from ..render.pdf import TypstJob, compile_pdf
from ..source.models import District
from ..source.schema_errors import validate_located
from ..source.yamlsource import YamlProblem, load_located
from ..textfilters import long_date
from .packet_base import PacketBase, packet_base
from .packet_items import EMPTY, PacketItem, packet_items
from .redline import Redline, redline
from .redline_render import summary_html
from .redline_summary import summarize
from .redline_typst import redline_typst, typst_string

STYLE = (
    "body{font-family:sans-serif;max-width:50rem;margin:auto;padding:1rem;line-height:1.5}"
    "ins{text-decoration:underline double;background:#e6f4ea}del{text-decoration:line-through;background:#fde7e9}"
    "table{border-collapse:collapse}th,td{border:1px solid #777;padding:.3rem .5rem;text-align:left}"
)


@dataclass(frozen=True)
class Packet:
    path: Path
    items: int
    base: PacketBase


def write_packet(project: Project, base: str | None, out: Path | None) -> Packet:
    """Write the packet (PDF unless ``out`` ends in .html) against ``base`` (default: where the
    proposal's branch left main, or on main the last adoption: ``packet_base``)."""
    district_data = _district(project)
    lang, district = district_data.language, district_data.district.name
    if out is not None and out.suffix.lower() not in (".pdf", ".html"):
        raise UsageError(f"--out must name a .pdf or .html file, not {out.name}")
    since = packet_base(project.root, base, lang)
    target = out or project.packets_dir / f"packet-since-{since.name}.pdf"
    items = packet_items(project, since.ref, ContentCache.for_project(project.root))
    if not items:
        raise UsageError(f"no policy in source/policies/ differs from {since.words} ({since.described})")
    redlines = [_redline(item) for item in items]
    title = f"Committee packet: policy changes since {since.words}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".html":
        target.write_text(packet_html(items, redlines, title, lang, district, since.described), encoding="utf-8")
    else:
        inputs = {"title": title, "district": district, "lang": lang, "base": since.words, "compared": since.described}
        job = TypstJob(
            subject=f"the packet since {since.described}",
            layout=project.layout("packet").read_text(encoding="utf-8"),
            body=packet_typst(items, redlines, lang),
            inputs=inputs,
            fonts=tuple(project.fonts),
            timestamp=int(time.time()),
        )
        target.write_bytes(compile_pdf(job))
    return Packet(target, len(items), since)


def _district(project: Project) -> District:
    """Only ``district.yml`` is needed (not every policy of the manual): its language and name."""
    try:
        located = load_located(project.district_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        located = None
    display = project.display(project.district_file)
    value = validate_located(District, located, display)[0] if located else None
    if not isinstance(value, District):
        raise UsageError(f"{display} has errors; run 'policy check' and fix them first")
    return value


def _redline(item: PacketItem) -> Redline:
    return redline(item.old.ast if item.old else EMPTY, item.new.ast if item.new else EMPTY)


def kind_text(item: PacketItem) -> str:
    if item.kind == "renamed" and item.old and item.old.meta and item.new and item.new.meta:
        return f"renamed from {item.old.meta.code}"
    return item.kind


def status_text(item: PacketItem) -> str:
    if item.kind == "removed" or item.meta is None:
        return "removed" if item.kind == "removed" else "unknown"
    return item.meta.status.value.replace("-", " ")


def readings_text(item: PacketItem, lang: str) -> str:
    meta = item.meta
    if meta is None:
        return ""
    pairs = (("first reading", meta.first_reading), ("second reading", meta.second_reading))
    return "; ".join(f"{label} {long_date(day, lang)}" for label, day in pairs if day) or "none"


def _cover_rows(items: list[PacketItem], lang: str) -> list[tuple[str, str, str, str, str]]:
    return [(i.code, i.title, kind_text(i), status_text(i), readings_text(i, lang)) for i in items]


# --- PDF (typst) --------------------------------------------------------------------------------

HEADERS = ("Code", "Title", "Change", "Status", "Readings")


def packet_typst(items: list[PacketItem], redlines: list[Redline], lang: str) -> str:
    cells = ", ".join(f"[#{typst_string(c)}]" for row in _cover_rows(items, lang) for c in row)
    header = ", ".join(f"[*#{typst_string(h)}*]" for h in HEADERS)
    parts = [
        "#heading(level: 2)[Contents]\n\n",
        f"#table(columns: (auto, 1fr, auto, auto, auto), table.header({header}), {cells})\n\n",
    ]
    for number, (item, changes) in enumerate(zip(items, redlines, strict=True), 1):
        heading = f"{item.code} {item.title} ({kind_text(item)})"
        parts.append(f"#pagebreak(weak: true)\n#heading(level: 2)[#{typst_string(heading)}]\n\n")
        parts.append(_shift_typst(redline_typst(changes), number))
    return "".join(parts)


def _shift_typst(text: str, number: int) -> str:
    """One level deeper (the item's heading is level 2), and labels unique across the packet."""
    text = re.sub(r"#heading\(level: (\d)\)", lambda m: f"#heading(level: {min(int(m[1]) + 1, 6)})", text)
    return re.sub(r'(?<=[<"])change-(\d+)(?=[>"])', rf"item{number}-change-\1", text)


# --- HTML ---------------------------------------------------------------------------------------


def packet_html(
    items: list[PacketItem], redlines: list[Redline], title: str, lang: str, district: str, compared: str
) -> str:
    esc = html.escape
    rows = "".join(
        f'<tr><td><a href="#item-{n}">{esc(row[0])}</a></td>'
        + "".join(f"<td>{esc(c)}</td>" for c in row[1:])
        + "</tr>\n"
        for n, row in enumerate(_cover_rows(items, lang), 1)
    )
    head = "".join(f'<th scope="col">{h}</th>' for h in HEADERS)
    pairs = enumerate(zip(items, redlines, strict=True), 1)
    sections = "".join(_item_html(n, item, changes) for n, (item, changes) in pairs)
    return (
        f'<!doctype html>\n<html lang="{esc(lang)}">\n<head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head>\n<body>\n<main>\n"
        f"<h1>{esc(title)}</h1>\n<p>{esc(district)}. Compared with {esc(compared)}. "
        "Deleted text is struck through, inserted text underlined.</p>\n"
        f"<h2>Contents</h2>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
        f"{sections}</main>\n</body>\n</html>\n"
    )


def _item_html(number: int, item: PacketItem, changes: Redline) -> str:
    heading = html.escape(f"{item.code} {item.title} ({kind_text(item)})")
    body = summary_html(summarize(changes)) + "<h2>The text with its changes</h2>\n" + changes.to_html()
    body = re.sub(r"<(/?)h([2-6])", lambda m: f"<{m[1]}h{min(int(m[2]) + 1, 6)}", body)
    body = re.sub(r'(?<=id=")change-|(?<=href="#)change-', f"item{number}-change-", body)
    return f'<section id="item-{number}">\n<h2>{heading}</h2>\n{body}</section>\n'
