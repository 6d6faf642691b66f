"""``policy ack roster FILE.csv``: staff from the CSV every SIS and HR system exports.

Columns ``email, name, school, role`` (a header row, any order, other columns ignored). Every row is
checked first and every problem reported as ``FILE:LINE: message``; then people are added, changed,
and those the file no longer lists are marked inactive (kept, with their evidence, never deleted).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from ..errors import Problem, ValidationFailed, error
from .models import Person

COLUMNS = ("email", "name", "school", "role")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Row:
    email: str
    name: str
    school: str
    role: str


@dataclass
class RosterReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = f"policy ack roster: {len(self.added)} added, {len(self.changed)} changed, {len(self.left)} left"
        return [
            head + (" (marked inactive, kept)" if self.left else ""),
            *[f"  added   {line}" for line in self.added],
            *[f"  changed {line}" for line in self.changed],
            *[f"  left    {line}" for line in self.left],
        ]


def read_roster(path: Path, shown: str) -> list[Row]:
    """Every row of the file, or ValidationFailed with every problem at its line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ValidationFailed(
            [error(shown, 1, f"cannot read the roster: {exc.strerror}", kind="ack.roster")]
        ) from None
    except UnicodeDecodeError:
        raise ValidationFailed(
            [error(shown, 1, "not UTF-8 text: export the roster as CSV UTF-8", kind="ack.roster")]
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ValidationFailed(
            [error(shown, 1, f"missing column(s): {', '.join(missing)} (need {', '.join(COLUMNS)})", kind="ack.roster")]
        )
    reader.fieldnames = header
    rows: list[Row] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for values in reader:
        line = reader.line_num
        row, found = _row(values, line, shown, seen)
        problems += found
        if row is not None:
            rows.append(row)
    if problems:
        raise ValidationFailed(problems)
    return rows


def _row(
    values: dict[str, str | None], line: int, shown: str, seen: dict[str, int]
) -> tuple[Row | None, list[Problem]]:
    cells = {name: " ".join((values.get(name) or "").split()) for name in COLUMNS}
    problems = [error(shown, line, f"{name}: empty", kind="ack.roster") for name in COLUMNS if not cells[name]]
    email = cells["email"].lower()
    if email and not EMAIL.match(email):
        problems.append(error(shown, line, f"email: not an e-mail address ({cells['email']!r})", kind="ack.roster"))
    elif email in seen:
        problems.append(error(shown, line, f"email: {email} is also on line {seen[email]}", kind="ack.roster"))
    seen.setdefault(email, line)
    if problems:
        return None, problems
    return Row(email, cells["name"], cells["school"].lower(), cells["role"].lower()), []


def apply_roster(rows: list[Row], today: date) -> RosterReport:
    """Add, change and mark as left, in one transaction."""
    report = RosterReport()
    listed = {row.email for row in rows}
    with transaction.atomic():
        existing = {p.email: p for p in Person.objects.select_for_update()}
        for row in rows:
            person = existing.get(row.email)
            if person is None:
                Person.objects.create(email=row.email, name=row.name, school=row.school, role=row.role)
                report.added.append(_who(row.name, row.email, row.school, row.role))
            else:
                _update(person, row, report)
        for person in existing.values():
            if person.is_active and person.email not in listed:
                person.is_active, person.left_on = False, today
                person.save(update_fields=["is_active", "left_on"])
                report.left.append(_who(person.name, person.email, person.school, person.role))
    return report


def _update(person: Person, row: Row, report: RosterReport) -> None:
    before = {"name": person.name, "school": person.school, "role": person.role}
    after = {"name": row.name, "school": row.school, "role": row.role}
    changes = [f"{key} {before[key]} -> {after[key]}" for key in before if before[key] != after[key]]
    if not person.is_active:
        changes.append("returned")
    if not changes:
        return
    person.name, person.school, person.role = row.name, row.school, row.role
    person.is_active, person.left_on = True, None
    person.save(update_fields=["name", "school", "role", "is_active", "left_on"])
    report.changed.append(f"{row.name} <{row.email}>: {', '.join(changes)}")


def _who(name: str, email: str, school: str, role: str) -> str:
    return f"{name} <{email}> ({school}, {role})"
