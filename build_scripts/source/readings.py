"""Drafts, readings and the review cycle: what is pending, and what is due for review."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ..errors import Problem, Severity
from .models import PUBLISHED, District, PolicyMeta, Status
from .policies import PolicyFile
from .project import Manual

READINGS = (Status.DRAFT, Status.FIRST_READING, Status.SECOND_READING)


def is_pending(meta: PolicyMeta | None) -> bool:
    return meta is not None and meta.status in READINGS


def declared_pending(policy: PolicyFile) -> bool:
    """The file itself says draft or a reading (what the checks make of a broken file does not count)."""
    data = policy.located.data if policy.located else None
    status = str(data.get("status", "")).strip() if isinstance(data, dict) else ""
    return status in {s.value for s in READINGS}


def demote_unpublished(manual: Manual) -> list[Problem]:
    """Problems in drafts and readings as warnings: an unfinished draft never blocks the manual."""
    pending = {p.path for p in manual.policies if declared_pending(p)}
    return [replace(p, severity=Severity.WARNING) if p.path in pending else p for p in manual.problems]


def previewed(manual: Manual) -> list[PolicyFile]:
    """Every policy a preview shows: published ones, drafts and readings, in code order."""
    chosen = [p for p in manual.policies if p.meta is not None and (p.published or is_pending(p.meta))]
    return sorted(chosen, key=lambda p: p.meta.code if p.meta else "")


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
