"""Past and present versions of each policy: permanent pages and PDFs, built once and cached."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from ..errors import Problem, warning
from ..render.cache import ContentCache, cache_key, fonts_fingerprint
from ..render.policy import Layout, Notice, RenderedPolicy, render_policy
from ..source.policies import PolicyFile, parse_policy
from ..source.project import Manual, Project
from ..source.source_date import midnight
from .git_versions import History, Version
from .redline_render import RenderedRedline, cached_redline


@dataclass(frozen=True)
class RenderedVersion:
    """One version of a policy as published forever under its code and date."""

    version: Version
    rendered: RenderedPolicy
    superseded_on: date | None
    parsed: PolicyFile
    redline: RenderedRedline | None = None

    @property
    def folder(self) -> str:
        return f"policies/{self.version.code.lower()}/versions/{self.version.date.isoformat()}/"

    @property
    def pdf_name(self) -> str:
        return f"{self.version.code}-{self.version.date.isoformat()}.pdf"

    @property
    def pdf_path(self) -> str:
        return self.folder + self.pdf_name


def read_version(project: Project, version: Version) -> tuple[PolicyFile, list[Problem]]:
    """Parse an old text with today's rules; what fails today's checks is only a warning."""
    display = f"{version.path}@{version.commit[:7]}"
    parsed = parse_policy(version.text, display, project.root / version.path, project.root / "source")
    notes = [warning(p.path, p.line, f"in the version of {version.date}: {p.message}") for p in parsed.problems]
    return parsed, notes


def render_versions(
    project: Project, manual: Manual, history: History, layout: Layout, cache: ContentCache, fingerprint: str
) -> tuple[dict[str, list[RenderedVersion]], list[Problem]]:
    """Every version of every published policy, oldest first; each rendered once per inputs."""
    result: dict[str, list[RenderedVersion]] = {}
    notes: list[Problem] = []
    for policy in manual.published:
        assert policy.meta is not None
        versions = history.of(policy.meta.code)
        rendered: list[RenderedVersion] = []
        for index, version in enumerate(versions):
            superseded = versions[index + 1].date if index + 1 < len(versions) else None
            parsed, found = read_version(project, version)
            notes += found
            if parsed.scan is None or (parsed.meta or parsed.checkable) is None:
                notes.append(warning(parsed.path, 1, f"the version of {version.date} cannot be read; left out"))
                continue
            output = _cached_render(parsed, version, layout, Notice(superseded=superseded), cache, fingerprint)
            rendered.append(RenderedVersion(version, output, superseded, parsed))
        result[policy.meta.code] = _with_redlines(rendered, layout, cache, fingerprint)
    return result, notes


def _with_redlines(
    rendered: list[RenderedVersion], layout: Layout, cache: ContentCache, fingerprint: str
) -> list[RenderedVersion]:
    """Each version after the first gets the changes from the one before it."""
    result = rendered[:1]
    for before, item in pairwise(rendered):
        changes = cached_redline(
            (before.version, before.parsed),
            (item.version, item.parsed),
            layout.templates,
            layout.district,
            midnight(item.version.date),
            cache,
            fingerprint,
        )
        result.append(replace(item, redline=changes))
    return result


def _cached_render(
    parsed: PolicyFile, version: Version, layout: Layout, notice: Notice, cache: ContentCache, fingerprint: str
) -> RenderedPolicy:
    version_layout = replace(layout, timestamp=midnight(version.date))
    images = sorted((image.name, image.source.read_bytes()) for image in parsed.images.values())
    key = cache_key(
        fingerprint,
        layout.source,
        fonts_fingerprint(layout.fonts),
        layout.district.model_dump_json(),
        layout.site_url,
        version.text,
        repr(notice),
        *(name for name, _ in images),
        *(data for _, data in images),
    )
    meta = parsed.meta or parsed.checkable
    assert meta is not None
    stored = cache.get(key)
    if stored is not None:
        names = json.loads(stored["images.json"])
        return RenderedPolicy(
            meta, stored["body.md"].decode(), stored["policy.pdf"], {n: stored[f"img-{i}"] for i, n in enumerate(names)}
        )
    output = render_policy(parsed, version_layout, notice)
    files = {
        "body.md": output.body_markdown.encode(),
        "policy.pdf": output.pdf,
        "images.json": json.dumps(list(output.images)).encode(),
    }
    files.update({f"img-{i}": data for i, data in enumerate(output.images.values())})
    cache.put(key, files)
    return output
