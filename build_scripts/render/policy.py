"""Render one policy text (current, an old version, or as of a date): its page body and its PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import paths
from ..source.models import District, PolicyMeta
from ..source.policies import Policy
from .context import RenderContext
from .page_body import body_markdown
from .pdf import TypstJob, body_to_typst, compile_pdf
from .transforms import rewrite_images


@dataclass(frozen=True)
class RenderedPolicy:
    """A published policy with its body as MkDocs Markdown and its PDF."""

    meta: PolicyMeta
    body_markdown: str
    pdf: bytes
    images: dict[str, bytes] = field(default_factory=dict)  # images/<hash>.<ext> -> content

    @property
    def folder(self) -> str:
        return paths.policy_folder(self.meta.code)

    @property
    def pdf_name(self) -> str:
        return paths.policy_pdf_name(self.meta.code)

    @property
    def pdf_path(self) -> str:
        return self.folder + self.pdf_name


@dataclass(frozen=True)
class Layout:
    """What every policy PDF shares: the typst layout source and the render context."""

    source: str
    context: RenderContext

    @classmethod
    def load(cls, context: RenderContext) -> Layout:
        return cls(context.layout("policy"), context)

    @property
    def district(self) -> District:
        return self.context.district

    @property
    def timestamp(self) -> int:
        return self.context.timestamp

    @property
    def site_url(self) -> str:
        return self.context.site_url

    @property
    def fonts(self) -> tuple[Path, ...]:
        return self.context.fonts


@dataclass(frozen=True)
class Notice:
    """Why a rendering is not simply the current policy (the templates word it)."""

    superseded: date | None = None  # a later version replaced this one on that date
    as_of: date | None = None  # a point-in-time build


def typst_inputs(meta: PolicyMeta, district: District, notice: Notice, site_url: str = "") -> dict[str, str]:
    """Every value the layout shows, as data (typst never parses them as markup). Lists are one item
    a line; ``current-url`` is the policy's page on the site (where a superseded version points)."""
    return {
        "title": meta.title,
        "code": meta.code,
        "district": district.district.name,
        "lang": district.language,
        "adopted": meta.adopted.isoformat() if meta.adopted else "",
        "revised": meta.last_revised.isoformat() if meta.last_revised else "",
        "revisions": "\n".join(day.isoformat() for day in meta.revised),
        "first-reading": meta.first_reading.isoformat() if meta.first_reading else "",
        "second-reading": meta.second_reading.isoformat() if meta.second_reading else "",
        "retired": meta.retired.isoformat() if meta.retired else "",
        "legal-refs": "\n".join(" ".join(ref.split()) for ref in meta.legal_refs),
        "cross-refs": "\n".join(" ".join(ref.split()) for ref in meta.cross_refs),
        "status": meta.status.value,
        "superseded": notice.superseded.isoformat() if notice.superseded else "",
        "current-url": paths.absolute(site_url, paths.policy_folder(meta.code)),
        "as-of": notice.as_of.isoformat() if notice.as_of else "",
    }


def render_policy(policy: Policy, layout: Layout, notice: Notice = Notice()) -> RenderedPolicy:
    """One policy's MkDocs Markdown and PDF, from its parsed AST (parsed once, at load time)."""
    meta = policy.meta
    images = {image.name: image.source.read_bytes() for image in policy.images.values()}
    ast = rewrite_images(policy.scan.ast, {target: image.name for target, image in policy.images.items()})
    job = TypstJob(
        subject=policy.path,
        layout=layout.source,
        body=body_to_typst(ast, policy.path),
        inputs=typst_inputs(meta, layout.district, notice, layout.site_url),
        fonts=layout.fonts,
        timestamp=layout.timestamp,
        files=images,
    )
    return RenderedPolicy(meta, body_markdown(ast, policy.path), compile_pdf(job), images)
