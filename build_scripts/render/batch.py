"""Render many policy texts at once: the cache first, then one batch of pandoc writes, then typst.

Each text's page body and PDF are keyed on the raw inputs before any parsing (the file's text, the
layout, fonts, district data, images, engine versions); a hit costs two file reads. The misses are
parsed (only now), written by pandoc in one batch of jobs, and typeset by typst on every core.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import ContentCache, cache_key, fonts_fingerprint
from ..errors import Problem, warning
from ..pandoc.jobs import read_markdown_many, write_many
from ..pandoc.runner import POLICY_READER, Ast, Node
from ..source.models import PolicyMeta
from ..source.policies import Policy
from .page_body import html_parts, join_headings
from .pdf import TypstJob, compile_pdfs
from .policy import Layout, Notice, RenderedPolicy, typst_inputs
from .transforms import for_typst, rewrite_images

SOURCE_TEXTS = {".md", ".yml", ".yaml"}


@dataclass(frozen=True)
class RenderJob:
    """One policy text to render; ``parse`` is called only when the cache has no output for it."""

    subject: str
    text: str
    notice: Notice
    timestamp: int
    parse: Callable[[], Policy | None]  # None: the text cannot be read
    body: str | None = None  # the Markdown body, when ``parse`` reads it through the AST cache
    also: str = ""  # anything else ``parse`` depends on (part of the cache key)


@dataclass(frozen=True)
class RenderSettings:
    """What every render of one build shares: the engines' fingerprint and the images' content."""

    fingerprint: str
    assets: str


@dataclass(frozen=True)
class RenderOutcome:
    """The rendering (None when the text cannot be read) and the problems found reading it."""

    rendered: RenderedPolicy | None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Miss:
    index: int
    key: str
    parsed: Policy
    meta: PolicyMeta
    images: dict[str, bytes]
    typst_ast: Ast
    html_ast: Ast
    headings: list[Node]


def assets_fingerprint(source: Path) -> str:
    """The content of every file under ``source/`` that is not a text source (images a policy shows)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in source.rglob("*") if p.is_file() and p.suffix.lower() not in SOURCE_TEXTS):
        digest.update(path.relative_to(source).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def job_key(job: RenderJob, layout: Layout, settings: RenderSettings) -> str:
    return cache_key(
        "policy",
        settings.fingerprint,
        layout.source,
        fonts_fingerprint(layout.fonts),
        layout.district.model_dump_json(),
        layout.site_url,
        settings.assets,
        job.text,
        job.also,
        repr(job.notice),
        str(job.timestamp),
    )


def render_policies(
    jobs: list[RenderJob],
    layout: Layout,
    cache: ContentCache,
    settings: RenderSettings,
    progress: Callable[[int, int], None] | None = None,
) -> list[RenderOutcome]:
    """Every job's page body and PDF, in order (``cache`` is the whole cache: kinds are chosen here)."""
    keys = [job_key(job, layout, settings) for job in jobs]
    outcomes: list[RenderOutcome | None] = [_from_cache(cache.kind("policy").get(key)) for key in keys]
    bodies = [(j.subject, j.body) for j, o in zip(jobs, outcomes, strict=True) if o is None and j.body is not None]
    read_markdown_many(bodies, cache.kind("ast"), POLICY_READER)  # every missing text in one batch: parse() finds them
    misses = []
    for index, job in enumerate(jobs):
        if outcomes[index] is None:
            miss, problems = _prepare(index, keys[index], job)
            if miss is None:
                outcomes[index] = RenderOutcome(None, problems)
            else:
                misses.append(miss)
    for miss, outcome in zip(misses, _render_misses(misses, jobs, layout, progress), strict=True):
        _store(cache.kind("policy"), miss.key, outcome)
        outcomes[miss.index] = outcome
    return [o if o is not None else RenderOutcome(None) for o in outcomes]


def _prepare(index: int, key: str, job: RenderJob) -> tuple[_Miss | None, list[Problem]]:
    parsed = job.parse()
    if parsed is None:
        return None, [warning(job.subject, 1, "this text cannot be read; left out", kind="render")]
    meta = parsed.meta
    images = {image.name: image.source.read_bytes() for image in parsed.images.values()}
    ast = rewrite_images(parsed.scan.ast, {target: image.name for target, image in parsed.images.items()})
    html_ast, headings = html_parts(ast)
    return _Miss(index, key, parsed, meta, images, for_typst(ast), html_ast, headings), []


def _render_misses(
    misses: list[_Miss], jobs: list[RenderJob], layout: Layout, progress: Callable[[int, int], None] | None
) -> list[RenderOutcome]:
    written = write_many(
        [(m.parsed.path, m.typst_ast, "typst") for m in misses] + [(m.parsed.path, m.html_ast, "html5") for m in misses]
    )
    typst_bodies, htmls = written[: len(misses)], written[len(misses) :]

    typst_jobs = [
        TypstJob(
            m.parsed.path,
            layout.source,
            body,
            typst_inputs(m.meta, layout.district, jobs[m.index].notice, layout.site_url),
            layout.fonts,
            jobs[m.index].timestamp,
            m.images,
        )
        for m, body in zip(misses, typst_bodies, strict=True)
    ]
    count = [0]

    def one_done() -> None:
        count[0] += 1
        if progress is not None:
            progress(count[0], len(misses))

    pdfs = compile_pdfs(typst_jobs, one_done)
    return [
        RenderOutcome(RenderedPolicy(m.meta, join_headings(html, m.headings), pdf, m.images), m.parsed.problems)
        for m, html, pdf in zip(misses, htmls, pdfs, strict=True)
    ]


def _store(cache: ContentCache, key: str, outcome: RenderOutcome) -> None:
    rendered = outcome.rendered
    assert rendered is not None
    problems = [p.to_row() for p in outcome.problems]
    files = {
        "meta.json": rendered.meta.model_dump_json().encode(),
        "body.md": rendered.body_markdown.encode(),
        "policy.pdf": rendered.pdf,
        "images.json": json.dumps(list(rendered.images)).encode(),
        "problems.json": json.dumps(problems).encode(),
    }
    files.update({f"img-{i}": data for i, data in enumerate(rendered.images.values())})
    cache.put(key, files)


def _from_cache(stored: dict[str, bytes] | None) -> RenderOutcome | None:
    if stored is None:
        return None
    names = json.loads(stored["images.json"])
    rendered = RenderedPolicy(
        PolicyMeta.model_validate_json(stored["meta.json"]),
        stored["body.md"].decode(),
        stored["policy.pdf"],
        {name: stored[f"img-{i}"] for i, name in enumerate(names)},
    )
    problems = [Problem.from_row(row) for row in json.loads(stored["problems.json"])]
    return RenderOutcome(rendered, problems)
