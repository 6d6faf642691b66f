"""Redlines between two versions of a policy: an HTML fragment for the site and a PDF/UA PDF."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..cache import ContentCache, cache_key, fonts_fingerprint
from ..errors import UsageError
from ..render.context import RenderContext
from ..render.pdf import TypstJob, compile_pdf
from ..source.policies import Policy
from ..textfilters import long_date
from .git_versions import Version
from .redline import redline
from .redline_summary import Summary, summarize
from .redline_typst import redline_typst


@dataclass(frozen=True)
class RenderedRedline:
    """What changed from the previous version: an HTML fragment for the site and a PDF."""

    previous_date: date
    html: str
    pdf: bytes
    summary: Summary = field(default_factory=lambda: Summary(()))


def version_name(version: Version, lang: str) -> str:
    """How a version is named in a redline: 'revised June 1, 2021'."""
    return f"{version.kind} {long_date(version.date, lang)}"


def render_redline(old: tuple[Version, Policy], new: tuple[Version, Policy], context: RenderContext) -> RenderedRedline:
    """Compare two parsed versions; the PDF uses the ``redline`` typst layout."""
    (old_version, old_policy), (new_version, new_policy) = old, new
    meta = new_policy.meta
    changes = redline(old_policy.scan.ast, new_policy.scan.ast)
    job = TypstJob(
        subject=f"{new_policy.path} (changes since {old_version.date})",
        layout=context.layout("redline"),
        body=redline_typst(changes),
        inputs={
            "title": meta.title,
            "code": meta.code,
            "district": context.district.district.name,
            "lang": context.lang,
            "from": version_name(old_version, context.lang),
            "to": version_name(new_version, context.lang),
        },
        fonts=context.fonts,
        timestamp=context.timestamp,
    )
    return RenderedRedline(old_version.date, changes.to_html(), compile_pdf(job), summarize(changes))


def cached_redline(
    old: tuple[Version, Callable[[], Policy | None]],
    new: tuple[Version, Callable[[], Policy | None]],
    context: RenderContext,
    cache: ContentCache,
    fingerprint: str,
) -> RenderedRedline | None:
    """The changes between two versions, from the cache or made; None when either text cannot be read."""
    district, timestamp = context.district, context.timestamp
    layout = context.layout("redline")
    key = cache_key(
        "redline-with-summary",
        fingerprint,
        layout,
        fonts_fingerprint(context.fonts),
        district.model_dump_json(),
        old[0].text,
        new[0].text,
        old[0].kind,
        new[0].kind,
        old[0].date.isoformat(),
        new[0].date.isoformat(),
        str(timestamp),
    )
    stored = cache.get(key)
    if stored is not None:
        summary = Summary.from_json(stored["summary.json"].decode())
        return RenderedRedline(old[0].date, stored["redline.html"].decode(), stored["redline.pdf"], summary)
    before, after = old[1](), new[1]()
    if before is None or after is None:
        return None
    result = render_redline((old[0], before), (new[0], after), context)
    summary_json = result.summary.to_json().encode()
    cache.put(key, {"redline.html": result.html.encode(), "redline.pdf": result.pdf, "summary.json": summary_json})
    return result


def find_version(versions: list[Version], wanted: str) -> Version:
    """A version by its date (YYYY-MM-DD) or by (a prefix of) its commit."""
    matches = [
        v for v in versions if v.date.isoformat() == wanted or (len(wanted) >= 4 and v.commit.startswith(wanted))
    ]
    if len(matches) != 1:
        known = ", ".join(f"{v.date} ({v.commit[:7]})" for v in versions) or "none"
        raise UsageError(f"'{wanted}' names {'no' if not matches else 'more than one'} version; versions: {known}")
    return matches[0]


def summary_html(summary: Summary) -> str:
    """The summary of a redline as HTML: the count and sections, then a link to each change."""
    items = "".join(
        f'<li><a href="#{c.anchor}">Change {c.number}</a>: '
        f"{html.escape(c.section or 'before the first section')}, {html.escape(c.description)}</li>\n"
        for c in summary.changes
    )
    listing = f"<ul>\n{items}</ul>\n" if items else ""
    return f"<h2>Summary</h2>\n<p>{html.escape(summary.sentence)}</p>\n{listing}"


def standalone_html(changes: RenderedRedline, title: str, lang: str) -> str:
    """A redline as one self-contained HTML file (for `policy redline --out FILE.html`)."""
    style = (
        "ins{text-decoration:underline double;background:#e6f4ea}del{text-decoration:line-through;background:#fde7e9}"
    )
    return (
        f'<!doctype html>\n<html lang="{html.escape(lang)}">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{style}</style></head>\n"
        f"<body>\n<main>\n<h1>{html.escape(title)}</h1>\n{summary_html(changes.summary)}"
        f"<h2>The text with its changes</h2>\n{changes.html}</main>\n</body>\n</html>\n"
    )
