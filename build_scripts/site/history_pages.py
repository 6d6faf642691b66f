"""Pages of the history: one permanent page (and PDF) per version, and each policy's History list."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .. import paths
from ..history.versions import RenderedVersion
from ..render.policy import RenderedPolicy
from ..source.models import District, Status


def history_items(versions: list[RenderedVersion]) -> list[dict[str, Any]]:
    """The History list of a policy page, oldest first, links relative to the policy page."""
    items = []
    for item in versions:
        base = f"versions/{item.version.date.isoformat()}/"
        items.append(
            {
                "date": item.version.date,
                "kind": item.version.kind,
                "commit": item.version.commit,
                "superseded_on": item.superseded_on,
                "page": base + "index.md",
                "pdf": base + item.pdf_name,
                "redline": base + "redline/index.md" if item.redline is not None else None,
            }
        )
    return items


def version_page(env: Environment, item: RenderedVersion, district: District) -> str:
    redline = {"previous": item.redline.previous_date} if item.redline else None
    return env.get_template("version.md.j2").render(
        meta=item.rendered.meta,
        version=item.version,
        superseded_on=item.superseded_on,
        lang=district.language,
        pdf={"name": item.pdf_name, "size": len(item.rendered.pdf)},
        redline=redline,
        body=Markup(item.rendered.body_markdown),
    )


def redline_page(env: Environment, item: RenderedVersion, district: District) -> str:
    assert item.redline is not None
    return env.get_template("redline.md.j2").render(
        meta=item.rendered.meta,
        version=item.version,
        previous=item.redline.previous_date,
        lang=district.language,
        pdf={"name": item.redline_pdf_name, "size": len(item.redline.pdf)},
        body=Markup(item.redline.html),
        summary=item.redline.summary,
    )


def version_files(
    env: Environment, versions: dict[str, list[RenderedVersion]], district: District
) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for items in versions.values():
        for item in items:
            files[item.folder + "index.md"] = version_page(env, item, district)
            files[item.pdf_path] = item.rendered.pdf
            files.update({item.folder + name: data for name, data in item.rendered.images.items()})
            if item.redline is not None:
                files[paths.page(item.redline_folder)] = redline_page(env, item, district)
                files[item.redline_pdf_path] = item.redline.pdf
    return files


@dataclass(frozen=True)
class DatedEvent:
    """An adoption, revision or retirement of a policy, with its version page when history has one."""

    code: str
    title: str
    kind: str
    day: date
    version_folder: str | None  # policies/<code>/versions/<date>/, or None without history
    pdf: str | None = None  # the version's PDF, from the site root
    redline: str | None = None  # its changes from the previous version (folder), if any
    redline_pdf: str | None = None
    sections: tuple[str, ...] = ()  # headings of the sections the changes touch
    changes: int = 0  # how many changes the redline shows
    until: date | None = None  # the date of the policy's next event (the text was in effect until then)


def _event(code: str, title: str, item: RenderedVersion) -> DatedEvent:
    folder, changes = item.folder, item.redline
    return DatedEvent(
        code,
        title,
        item.version.kind,
        item.version.date,
        folder,
        item.pdf_path,
        item.redline_folder if changes else None,
        item.redline_pdf_path if changes else None,
        changes.summary.sections if changes else (),
        len(changes.summary.changes) if changes else 0,
    )


def dated_events(policies: list[RenderedPolicy], versions: dict[str, list[RenderedVersion]]) -> list[DatedEvent]:
    """One event per version; without history, one per adoption or revision date of the current text.
    Each is in effect until the policy's next event (the last one, while it is not a retirement, has no end)."""
    events: list[DatedEvent] = []
    for policy in policies:
        meta, found = policy.meta, versions.get(policy.meta.code, [])
        if found:
            own = [_event(meta.code, meta.title, v) for v in found]
        else:
            dated = [("adopted", meta.adopted), *(("revised", d) for d in meta.revised)]
            own = sorted((DatedEvent(meta.code, meta.title, kind, day, None) for kind, day in dated if day), key=_day)
        events += [replace(event, until=after.day) for event, after in pairwise(own)] + own[-1:]
    return events


def _day(event: DatedEvent) -> date:
    return event.day


def archive_page(
    env: Environment, policies: list[RenderedPolicy], versions: dict[str, list[RenderedVersion]], district: District
) -> str:
    """Every published policy's adoption and versions, newest first; retired policies listed apart."""
    folders = {p.meta.code: p.folder for p in policies}
    rows = [
        {
            "code": e.code,
            "title": e.title,
            "href": f"../{folders[e.code]}index.md",
            "date": e.day,
            "kind": e.kind,
            "until": e.until,
            "page": f"../{e.version_folder}index.md" if e.version_folder else None,
            "pdf": f"../{e.pdf}" if e.pdf else None,
            "redline": f"../{e.redline}index.md" if e.redline else None,
            "redline_pdf": f"../{e.redline_pdf}" if e.redline_pdf else None,
        }
        for e in dated_events(policies, versions)
    ]
    rows.sort(key=lambda r: (r["date"], r["code"]), reverse=True)
    retired = [
        {
            "code": p.meta.code,
            "title": p.meta.title,
            "href": f"../{p.folder}index.md",
            "adopted": p.meta.adopted,
            "retired_on": p.meta.retired,
        }
        for p in policies
        if p.meta.status is Status.RETIRED
    ]
    return env.get_template("archive.md.j2").render(rows=rows, retired=retired, lang=district.language)
