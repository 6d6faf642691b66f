"""Reports per campaign, school and person: the same rows in the service and in ``policy ack report``."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from ..errors import UsageError
from .models import Campaign, Person
from .status import DONE, DUE, EXEMPT, OVERDUE, Standing, standings

STATUSES = (DONE, DUE, OVERDUE, EXEMPT)
CSV_COLUMNS = (
    "campaign", "school", "name", "email", "role", "policy", "status", "due", "acknowledged_version",
    "acknowledged_at", "method", "text_sha256", "entry", "exemption",
)  # fmt: skip


@dataclass(frozen=True)
class Scope:
    """What a report covers: one campaign or all, one school or all, one person or all."""

    campaign: Campaign | None = None
    school: str | None = None
    person: Person | None = None


def report(scope: Scope, today: date) -> list[Standing]:
    campaigns = [scope.campaign] if scope.campaign else list(Campaign.objects.all())
    people = Person.objects.filter(is_active=True)
    if scope.school:
        people = people.filter(school=scope.school)
    if scope.person:
        people = people.filter(pk=scope.person.pk)
    return standings(campaigns, list(people), today)


def counts(rows: list[Standing]) -> dict[str, int]:
    found = Counter(row.status for row in rows)
    return {status: found.get(status, 0) for status in STATUSES}


def by_school(rows: list[Standing]) -> list[tuple[str, dict[str, int]]]:
    schools = sorted({row.person.school for row in rows})
    return [(school, counts([r for r in rows if r.person.school == school])) for school in schools]


def csv_row(row: Standing) -> list[str]:
    ack = row.ack if row.status == DONE else None
    at = timezone.localtime(ack.at).isoformat(timespec="seconds") if ack else ""
    return [
        row.campaign.name,
        row.person.school,
        row.person.name,
        row.person.email,
        row.person.role,
        row.policy.code,
        row.status,
        row.due.isoformat(),
        ack.version.date.isoformat() if ack and ack.version else "",
        at,
        ack.method if ack else "",
        ack.text_sha256 if ack else "",
        str(ack.seq) if ack else "",
        str(row.exemption.data.get("reason", "")) if row.exemption and row.status == EXEMPT else "",
    ]


def to_csv(rows: list[Standing]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_row(row) for row in rows)
    return out.getvalue()


def find_campaign(name: str | None) -> Campaign | None:
    if name is None:
        return None
    campaign = Campaign.objects.filter(name=name).first()
    if campaign is None:
        known = ", ".join(Campaign.objects.values_list("name", flat=True)) or "none yet"
        raise UsageError(f"no campaign named {name!r} (campaigns: {known})")
    return campaign
