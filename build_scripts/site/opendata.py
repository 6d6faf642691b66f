"""Open data: ``feed.xml`` (Atom, one entry per adoption or revision) and ``api/policies.json``.

Links are absolute (``site_url`` from ``mkdocs.yml``); every date is a version date, never the
build time, so two builds of one commit write the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from pydantic import BaseModel, ConfigDict, Field

from ..render.policy import RenderedPolicy
from ..source.models import District
from ..source.policies import PolicyFile


@dataclass(frozen=True)
class FeedItem:
    code: str
    title: str
    kind: str  # adopted | revised | retired
    day: date
    page: str  # relative to the site root


class ApiClause(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str = Field(description="Clause id; address a clause as CODE#id.")
    section: str | None = Field(description="Key of the clause's section (its heading id).")
    label: str = Field(description="How a citation names the clause in its section: '2', 'paragraph 1', a term.")
    text: str = Field(description="Plain text, NFC, straight quotes, single spaces.")
    sha256: str = Field(description="SHA-256 of the text.")
    authored: bool = Field(description="False for positional anchors, which may not be quoted.")


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
    clauses: list[ApiClause]


class ApiPolicies(BaseModel):
    model_config = ConfigDict(frozen=True)
    schema_version: Literal[1] = 1
    district: str
    policies: list[ApiPolicy]


def _instant(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def atom_feed(items: list[FeedItem], district: District, site_url: str) -> bytes:
    """Newest first; the feed's own ``updated`` is its newest entry's date."""
    ordered = sorted(items, key=lambda i: (i.day, i.code, i.kind), reverse=True)
    feed = FeedGenerator()
    feed.id(site_url + "feed.xml")
    feed.title(f"{district.district.name}: policy adoptions and revisions")
    feed.link(href=site_url, rel="alternate")
    feed.link(href=site_url + "feed.xml", rel="self")
    feed.language(district.language)
    feed.author({"name": district.district.name})
    feed.updated(_instant(ordered[0].day) if ordered else _instant(date(1970, 1, 1)))
    for item in ordered:
        entry = feed.add_entry(order="append")
        entry.id(f"{site_url}{item.page}#{item.kind}-{item.day.isoformat()}")
        entry.title(f"{item.code} {item.title}: {item.kind} {item.day.isoformat()}")
        entry.link(href=site_url + item.page)
        entry.updated(_instant(item.day))
        entry.published(_instant(item.day))
        entry.summary(f"Policy {item.code} ({item.title}) was {item.kind} on {item.day.isoformat()}.")
    data: bytes = feed.atom_str(pretty=True)
    return data


def api_policies(policies: list[tuple[PolicyFile, RenderedPolicy]], district: District, site_url: str) -> bytes:
    entries = [_api_policy(source, rendered, site_url) for source, rendered in policies]
    return (ApiPolicies(district=district.district.name, policies=entries).model_dump_json(indent=2) + "\n").encode()


def _api_policy(source: PolicyFile, rendered: RenderedPolicy, site_url: str) -> ApiPolicy:
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
        section=meta.section_letter,
        status="retired" if meta.status.value == "retired" else "adopted",
        adopted=meta.adopted,
        revised=list(meta.revised),
        legal_refs=list(meta.legal_refs),
        cross_refs=list(meta.cross_refs),
        audience=[a.value for a in meta.audience],
        page=site_url + rendered.folder,
        pdf=site_url + rendered.pdf_path,
        clauses=clauses,
    )
