"""Open data: ``feed.xml`` (Atom, one entry per adoption or revision) and ``api/policies.json``.

Links are absolute (``site_url`` from ``mkdocs.yml``); every date is a version date, never the
build time, so two builds of one commit write the same bytes. A version's date is a day in the
district's time zone: the feed stamps it at noon there, so every reader's clock shows that day.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Literal
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from pydantic import BaseModel, ConfigDict, Field

from .. import paths
from ..history.git_versions import change_of
from ..history.redline_summary import changes_sentence
from ..history.versions import RenderedVersion
from ..render.policy import RenderedPolicy
from ..source.models import District
from ..source.policies import Policy
from ..textfilters import long_date
from ..words import words
from .history_pages import DatedEvent, dated_events

ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedItem:
    code: str
    title: str
    kind: str  # adopted | revised | retired
    day: date
    page: str  # relative to the site root
    pdf: str | None = None  # the version's PDF, relative to the site root
    redline: str | None = None  # what changed from the previous version (a page folder)
    sections: tuple[str, ...] = ()  # sections the changes touch
    changes: int = 0


def feed_items(policies: list[RenderedPolicy], versions: dict[str, list[RenderedVersion]]) -> list[FeedItem]:
    """One entry per adoption, revision or retirement, linking its version page (or the policy page)."""
    folders = {p.meta.code: p.folder for p in policies}
    return [_feed_item(e, folders[e.code]) for e in dated_events(policies, versions)]


def _feed_item(event: DatedEvent, policy_folder: str) -> FeedItem:
    page = event.version_folder or policy_folder
    return FeedItem(
        event.code, event.title, event.kind, event.day, page, event.pdf, event.redline, event.sections, event.changes
    )


class ApiClause(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str = Field(description="Clause id; address a clause as CODE#id.")
    section: str | None = Field(description="Key of the clause's section (its heading id).")
    label: str = Field(description="How a citation names the clause in its section: '2', 'paragraph 1', a term.")
    text: str = Field(description="Plain text, NFC, straight quotes, single spaces.")
    sha256: str = Field(description="SHA-256 of the text.")
    authored: bool = Field(description="False for positional anchors, which may not be quoted.")


class ApiVersion(BaseModel):
    model_config = ConfigDict(frozen=True)
    date: date
    kind: str = Field(description="adopted, revised or retired.")
    page: str = Field(description="Absolute URL of the version's permanent page.")
    pdf: str = Field(description="Absolute URL of the version's PDF.")
    redline: str | None = Field(description="Absolute URL of what changed from the previous version, if any.")
    redline_pdf: str | None = Field(description="Absolute URL of the same changes as a PDF, if any.")
    sections: list[str] = Field(description="Headings of the sections the changes touch.")
    change: Literal["material", "editorial"] = Field(
        description="material (staff acknowledge it again) or editorial (wording only): the version's front matter."
    )
    text: str = Field(description="Absolute URL of the version's policy file (Markdown with front matter), exactly.")
    text_sha256: str = Field(description="SHA-256 of that file's bytes (UTF-8): the words staff acknowledge.")


class ApiPolicy(BaseModel):
    model_config = ConfigDict(frozen=True)
    code: str
    title: str
    section: str
    status: Literal["adopted", "retired"]
    adopted: date | None
    revised: list[date]
    legal_refs: list[str]
    cross_refs: list[str]
    audience: list[str]
    page: str = Field(description="Absolute URL of the policy page.")
    pdf: str = Field(description="Absolute URL of the policy PDF.")
    change: Literal["material", "editorial"] = Field(description="The current text's change kind (front matter).")
    text: str = Field(description="Absolute URL of the current policy file (Markdown with front matter), exactly.")
    text_sha256: str = Field(description="SHA-256 of that file's bytes (UTF-8).")
    versions: list[ApiVersion] = Field(description="Every published version, oldest first (empty without history).")
    clauses: list[ApiClause]


class ApiSchool(BaseModel):
    """A school as the roster of the acknowledgement service names it (its id) and as people read it."""

    model_config = ConfigDict(frozen=True)
    id: str
    name: str


class ApiPolicies(BaseModel):
    model_config = ConfigDict(frozen=True)
    schema_version: Literal[1] = 1
    district: str
    schools: list[ApiSchool]
    policies: list[ApiPolicy]


def _instant(day: date, district: District) -> datetime:
    """Noon of ``day`` in the district's time zone: the same calendar day for readers on either coast."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(district.time_zone))


def atom_feed(items: list[FeedItem], district: District, site_url: str) -> bytes:
    """Newest first; the feed's own ``updated`` is its newest entry's date."""
    ordered = sorted(items, key=lambda i: (i.day, i.code, i.kind), reverse=True)
    feed = FeedGenerator()
    feed.id(site_url + "feed.xml")
    say = words(district.language)
    feed.title(say("feed title", district=district.district.name))
    feed.link(href=site_url, rel="alternate")
    feed.link(href=site_url + "feed.xml", rel="self")
    feed.language(district.language)
    feed.author({"name": district.district.name})
    feed.updated(_instant(ordered[0].day, district) if ordered else _instant(date(1970, 1, 1), district))
    for item in ordered:
        entry = feed.add_entry(order="append")
        entry.id(f"{site_url}{item.page}#{item.kind}-{item.day.isoformat()}")
        when = long_date(item.day, district.language)
        entry.title(say("feed entry title", code=item.code, title=item.title, kind=say(item.kind), date=when))
        entry.link(href=site_url + item.page)
        entry.updated(_instant(item.day, district))
        entry.published(_instant(item.day, district))
        entry.summary(_entry_text(item, district.language))
        entry.content(_entry_html(item, district.language, site_url), type="html")
    data: bytes = feed.atom_str(pretty=True)
    redlines = [site_url + i.redline if i.redline else None for i in ordered]
    return _with_related_links(data, redlines, say("what changed"))


def _with_related_links(atom: bytes, redlines: list[str | None], title: str) -> bytes:
    """Each revision's entry links its redline with ``rel="related"`` (feedgen 1.0 drops an entry
    link's ``rel``, which would make it a second "alternate" link)."""
    ET.register_namespace("", ATOM_NS)
    root = ET.fromstring(atom)
    for entry, redline in zip(root.iter(f"{{{ATOM_NS}}}entry"), redlines, strict=True):
        if redline:
            link = ET.SubElement(entry, f"{{{ATOM_NS}}}link", {"href": redline, "rel": "related"})
            link.set("title", title)
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return written + b"\n"


def _entry_text(item: FeedItem, lang: str) -> str:
    """'Policy G-170 (…) was revised on June 1, 2025: 2 changes, in Rules and Definitions.'"""
    say = words(lang)
    text = say("feed entry", code=item.code, title=item.title, kind=say(item.kind), date=long_date(item.day, lang))
    if item.redline and not item.changes:
        return text + say("feed unchanged")
    if item.redline:
        return text + ": " + changes_sentence(item.changes, item.sections, lang)
    return text + "."


def _entry_html(item: FeedItem, lang: str, site_url: str) -> str:
    say = words(lang)
    links = [(say("version text"), item.page), ("PDF", item.pdf), (say("what changed"), item.redline)]
    anchors = " · ".join(f'<a href="{escape(site_url + href)}">{label}</a>' for label, href in links if href)
    return f"<p>{escape(_entry_text(item, lang))}</p><p>{anchors}</p>"


def api_policies(
    policies: list[tuple[Policy, RenderedPolicy]],
    district: District,
    site_url: str,
    versions: dict[str, list[RenderedVersion]] | None = None,
) -> bytes:
    found = versions or {}
    entries = [
        _api_policy(source, rendered, site_url, [_api_version(v, site_url) for v in found.get(rendered.meta.code, [])])
        for source, rendered in policies
    ]
    schools = [ApiSchool(id=school.id, name=school.name) for school in district.schools]
    api = ApiPolicies(district=district.district.name, schools=schools, policies=entries)
    return (api.model_dump_json(indent=2) + "\n").encode()


def text_sha256(text: str) -> str:
    """The hash the API, the manifest and the acknowledgement service give a policy file's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_files(
    policies: list[tuple[Policy, RenderedPolicy]], versions: dict[str, list[RenderedVersion]]
) -> dict[str, bytes]:
    """Each published policy file's exact text, current and of every version: path -> UTF-8 bytes."""
    files = {paths.policy_text(r.meta.code): source.text.encode("utf-8") for source, r in policies}
    for items in versions.values():
        files.update({paths.version_text(v.version.code, v.version.date): v.version.text.encode() for v in items})
    return files


def _api_version(item: RenderedVersion, site_url: str) -> ApiVersion:
    changes = item.redline
    redline = item.redline_folder if changes else None
    return ApiVersion(
        change="editorial" if change_of(item.version.text) == "editorial" else "material",
        text=site_url + paths.version_text(item.version.code, item.version.date),
        text_sha256=text_sha256(item.version.text),
        date=item.version.date,
        kind=item.version.kind,
        page=site_url + item.folder,
        pdf=site_url + item.pdf_path,
        redline=site_url + redline if redline else None,
        redline_pdf=site_url + item.redline_pdf_path if redline else None,
        sections=list(changes.summary.sections) if changes else [],
    )


def _api_policy(source: Policy, rendered: RenderedPolicy, site_url: str, versions: list[ApiVersion]) -> ApiPolicy:
    meta = rendered.meta
    clauses = [
        ApiClause(
            id=c.id,
            section=c.section.id if c.section else None,
            label=c.label,
            text=c.text,
            sha256=c.sha256,
            authored=c.authored,
        )
        for c in (source.scan.clauses if source.scan else [])
    ]
    return ApiPolicy(
        code=meta.code,
        title=meta.title,
        section=meta.section_key,
        status="retired" if meta.status.value == "retired" else "adopted",
        adopted=meta.adopted,
        revised=list(meta.revised),
        legal_refs=list(meta.legal_refs),
        cross_refs=list(meta.cross_refs),
        audience=[a.value for a in meta.audience],
        page=site_url + rendered.folder,
        pdf=site_url + rendered.pdf_path,
        change=meta.change.value,
        text=site_url + paths.policy_text(meta.code),
        text_sha256=text_sha256(source.text),
        versions=versions,
        clauses=clauses,
    )
