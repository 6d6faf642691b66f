"""Drafts, readings and the review cycle: what is pending, and what is due for review."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePosixPath

from ..errors import Problem, Severity
from .front_matter import split_front_matter
from .models import CODE_PATTERN, PUBLISHED, District, PolicyMeta, Status
from .policies import PLACEHOLDER_CODE, Policy, PolicyFile
from .project import Manual

READINGS = (Status.DRAFT, Status.FIRST_READING, Status.SECOND_READING)


def is_pending(meta: PolicyMeta | None) -> bool:
    return meta is not None and meta.status in READINGS


DECLARED_DRAFT = re.compile(r"^\s*status\s*:\s*[\"']?draft[\"']?\s*(?:#.*)?$", re.IGNORECASE | re.MULTILINE)
TITLE_LINE = re.compile(r"^\s*title\s*:\s*(.+?)\s*$", re.MULTILINE)


def declared_draft(policy: PolicyFile) -> bool:
    """The file says it is a draft, however it is written (``status: Draft``, or inside front matter
    that does not parse): what the checks make of a broken file does not count."""
    front = split_front_matter(policy.text)
    return bool(DECLARED_DRAFT.search(front.front if front.front is not None else policy.text[:2000]))


def lenient_drafts(manual: Manual) -> list[Problem]:
    """A draft's mistakes are warnings in every command: a draft never blocks the manual, and its
    preview still shows it. A reading or an adopted policy is held to every rule."""
    drafts = {p.path for p in manual.policies if declared_draft(p)}
    return [replace(p, severity=Severity.WARNING) if p.path in drafts else p for p in manual.problems]


def previewed(manual: Manual) -> list[Policy]:
    """Every policy a preview shows, in code order: published ones, readings, and every draft, a
    broken one too (under what can be read of its front matter)."""
    shown = [p for p in manual.policies if p.meta is not None and (p.published or is_pending(p.meta))]
    shown += [previewable(p) for p in manual.policies if p.meta is None and declared_draft(p)]
    chosen = [policy for p in shown if (policy := p.valid()) is not None]
    return sorted(chosen, key=lambda p: p.meta.code)


def previewable(policy: PolicyFile) -> PolicyFile:
    """A draft whose front matter has mistakes, with what can be read of it: its valid fields, else its
    file's name as code and title, and ``status: draft``."""
    stem = PurePosixPath(policy.path).name.removesuffix(".md")
    meta = policy.checkable
    if meta is None or meta.code == PLACEHOLDER_CODE:
        title = TITLE_LINE.search(policy.text)
        fields = {"code": stem if CODE_PATTERN.match(stem) else "DRAFT", "title": title.group(1) if title else stem}
        meta = PolicyMeta.model_validate({**(meta.model_dump() if meta else {}), **fields, "status": "draft"})
    return replace(policy, meta=replace_status(meta))


def replace_status(meta: PolicyMeta) -> PolicyMeta:
    return meta.model_copy(update={"status": Status.DRAFT})


def pending_policies(manual: Manual) -> list[PolicyMeta]:
    """Drafts and readings, furthest along first, then by code."""
    order = {status: index for index, status in enumerate(reversed(READINGS))}
    metas = [p.meta for p in manual.policies if p.meta is not None and is_pending(p.meta)]
    return sorted(metas, key=lambda m: (order[m.status], m.code))


@dataclass(frozen=True)
class Due:
    """A published policy's review date and whether it is past."""

    meta: PolicyMeta
    review_by: date
    overdue: bool
    source: str  # "review_by" or "cycle"


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def review_date(meta: PolicyMeta, district: District | None) -> tuple[date, str] | None:
    if meta.review_by is not None:
        return meta.review_by, "review_by"
    cycle = district.review_cycle_years if district else None
    if cycle and meta.effective_date:
        return _add_years(meta.effective_date, cycle), "cycle"
    return None


def due_for_review(manual: Manual, today: date, horizon_days: int | None = None) -> list[Due]:
    """Adopted policies with a review date: overdue first, then by date and code. With a horizon,
    only those due within that many days of ``today``."""
    found = []
    for policy in manual.policies:
        meta = policy.meta
        if meta is None or meta.status is not Status.ADOPTED or meta.status not in PUBLISHED:
            continue
        when = review_date(meta, manual.district)
        if when is None or (horizon_days is not None and (when[0] - today).days > horizon_days):
            continue
        found.append(Due(meta, when[0], when[0] < today, when[1]))
    return sorted(found, key=lambda d: (not d.overdue, d.review_by, d.meta.code))
