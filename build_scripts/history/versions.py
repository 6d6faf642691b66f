"""Past and present versions of each policy: permanent pages and PDFs, built once and cached."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from .. import paths
from ..cache import ContentCache
from ..errors import Problem, warning
from ..pandoc.jobs import read_markdown_many
from ..pandoc.runner import POLICY_READER
from ..paths.project import Project
from ..render.batch import RenderJob, RenderSettings, render_policies
from ..render.policy import Layout, Notice, RenderedPolicy
from ..source.front_matter import split_front_matter
from ..source.models import PolicyMeta
from ..source.policies import Policy, PolicyFile, parse_policy
from ..source.project import Manual
from ..source.source_date import midnight
from .git_versions import History, Version
from .redline_render import RenderedRedline, cached_redline


class LazyParse:
    """An old text parsed only when something needs its AST (a cache miss), then kept."""

    def __init__(self, project: Project, version: Version, asts: ContentCache, current: PolicyMeta) -> None:
        self._project, self._version, self._asts, self._current = project, version, asts, current
        self._parsed: PolicyFile | None = None

    def __call__(self) -> Policy | None:
        if self._parsed is None:
            parsed = read_version(self._project, self._version, self._asts)[0]
            self._parsed = lenient(parsed, self._version, self._current)
        return self._parsed.lenient()


def lenient(parsed: PolicyFile, version: Version, current: PolicyMeta) -> PolicyFile:
    """An old text that fails today's checks is still published: it was the policy then. Its front
    matter is taken as far as it is valid; the code is the one history files it under, and a title
    that is missing or invalid is today's. It never shows a check's placeholder."""
    if parsed.meta is not None or parsed.checkable is None:
        return parsed
    given = parsed.located.data if parsed.located and isinstance(parsed.located.data, dict) else {}
    valid_title = isinstance(given.get("title"), str) and parsed.checkable.title == given.get("title")
    fixes = {"code": version.code, **({} if valid_title else {"title": current.title})}
    parsed.meta = parsed.checkable.model_copy(update=fixes)
    return parsed


@dataclass(frozen=True)
class RenderedVersion:
    """One version of a policy as published forever under its code and date."""

    version: Version
    rendered: RenderedPolicy
    superseded_on: date | None
    parsed: Callable[[], Policy | None]
    redline: RenderedRedline | None = None

    @property
    def folder(self) -> str:
        return paths.version_folder(self.version.code, self.version.date)

    @property
    def pdf_name(self) -> str:
        return paths.version_pdf_name(self.version.code, self.version.date)

    @property
    def pdf_path(self) -> str:
        return self.folder + self.pdf_name

    @property
    def redline_folder(self) -> str:
        return paths.redline_folder(self.version.code, self.version.date)

    @property
    def redline_pdf_name(self) -> str:
        return paths.redline_pdf_name(self.version.code, self.version.date)

    @property
    def redline_pdf_path(self) -> str:
        return self.redline_folder + self.redline_pdf_name


def read_version(
    project: Project, version: Version, asts: ContentCache | None = None
) -> tuple[PolicyFile, list[Problem]]:
    """Parse an old text with today's rules; what fails today's checks is only a warning."""
    subject = version_subject(version)
    body = read_markdown_many(
        [(subject, split_front_matter(version.text).body)], asts or ContentCache(None), POLICY_READER
    )[0]
    root = project.root
    parsed = parse_policy(version.text, subject, root / version.path, root / "source", body, checked=True)
    return parsed, [as_version_note(p, version) for p in parsed.problems]


def version_subject(version: Version) -> str:
    return f"{version.path}@{version.commit[:7]}"


def as_version_note(problem: Problem, version: Version) -> Problem:
    return warning(
        problem.path, problem.line, f"in the version of {version.date}: {problem.message}", kind="history.version"
    )


def render_versions(
    project: Project,
    manual: Manual,
    history: History,
    layout: Layout,
    cache: ContentCache,
    settings: RenderSettings,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, list[RenderedVersion]], list[Problem]]:
    """Every version of every published policy, oldest first; each rendered once per inputs.

    An old text is parsed only when its page, PDF or redline is not in the cache.
    """
    entries: list[tuple[str, Version, date | None, LazyParse]] = []
    for policy in manual.published:
        versions = versions_of(history, policy.meta)
        for index, version in enumerate(versions):
            superseded = versions[index + 1].date if index + 1 < len(versions) else None
            entries.append(
                (policy.meta.code, version, superseded, LazyParse(project, version, cache.kind("ast"), policy.meta))
            )
    current = {p.meta.code: p.meta.title for p in manual.published}  # a lenient version's title
    jobs = [
        RenderJob(version_subject(v), v.text, Notice(superseded=s), midnight(v.date), parse, _body(v), current[code])
        for code, v, s, parse in entries
    ]
    outcomes = render_policies(jobs, layout, cache, settings, progress)
    result: dict[str, list[RenderedVersion]] = {p.meta.code: [] for p in manual.published}
    notes: list[Problem] = []
    for (code, version, superseded, parse), outcome in zip(entries, outcomes, strict=True):
        notes += [as_version_note(p, version) for p in outcome.problems]
        if outcome.rendered is None:
            continue
        result[code].append(RenderedVersion(version, outcome.rendered, superseded, parse))
    redlined = {code: _with_redlines(items, layout, cache, settings.fingerprint) for code, items in result.items()}
    return redlined, notes


def versions_of(history: History, meta: PolicyMeta) -> list[Version]:
    """A policy's versions, with those it had under its former codes (``policy rename``): filed under
    today's code, oldest first; where two share a date (the rename commit repeats the last one), the
    version under the newer code wins. Each old text still shows the code it had then."""
    by_date: dict[date, Version] = {}
    for code in [*meta.former_codes, meta.code]:  # former codes are older, in the order they were used
        for version in history.of(code):
            by_date[version.date] = replace(version, code=meta.code)
    return [by_date[day] for day in sorted(by_date)]


def _body(version: Version) -> str:
    return split_front_matter(version.text).body


def _with_redlines(
    rendered: list[RenderedVersion], layout: Layout, cache: ContentCache, fingerprint: str
) -> list[RenderedVersion]:
    """Each version after the first gets the changes from the one before it."""
    result = rendered[:1]
    for before, item in pairwise(rendered):
        changes = cached_redline(
            (before.version, before.parsed),
            (item.version, item.parsed),
            layout.context.on(item.version.date),
            cache.kind("redline"),
            fingerprint,
        )
        result.append(replace(item, redline=changes))
    return result
