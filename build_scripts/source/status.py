"""``policy status``: where every policy stands, and ``--due``: which are due for review."""

from __future__ import annotations

from datetime import date

from ..textfilters import counted
from .models import Status
from .project import Manual
from .readings import READINGS, due_for_review, pending_policies

SOON_DAYS = 90


def status_lines(manual: Manual, today: date) -> list[str]:
    """A summary: counts by status, then each draft and reading with its dates, then reviews due."""
    metas = [p.meta for p in manual.policies if p.meta is not None]
    counts = {status: sum(1 for m in metas if m.status is status) for status in Status}
    lines = [
        f"policy status: {counts[Status.ADOPTED]} adopted, {counts[Status.RETIRED]} retired, "
        + ", ".join(f"{counts[s]} {_stage(s)}" for s in READINGS)
    ]
    for meta in pending_policies(manual):
        dates = [
            f"{label} {day}"
            for label, day in (("first reading", meta.first_reading), ("second reading", meta.second_reading))
            if day
        ]
        when = f" ({', '.join(dates)})" if dates else ""
        lines.append(f"  {_stage(meta.status)}: {meta.code} {meta.title}{when}")
    due = due_for_review(manual, today, SOON_DAYS)
    overdue = sum(1 for item in due if item.overdue)
    lines.append(
        f"review: {overdue} overdue, {len(due) - overdue} due within {SOON_DAYS} days (see 'policy status --due')"
    )
    return lines


def due_lines(manual: Manual, today: date) -> list[str]:
    """Every adopted policy with a review date, overdue first, then by date."""
    due = due_for_review(manual, today)
    overdue = sum(1 for item in due if item.overdue)
    have = "has" if len(due) == 1 else "have"
    lines = [
        f"policy status --due: {counted(len(due), 'policy')} {have} a review date, {overdue} overdue (today is {today})"
    ]
    for item in due:
        mark = "OVERDUE" if item.overdue else "due"
        origin = " (review cycle)" if item.source == "cycle" else ""
        lines.append(f"  {mark:<7} {item.review_by}  {item.meta.code}  {item.meta.title}{origin}")
    return lines


def _stage(status: Status) -> str:
    return status.value.replace("-", " ")
