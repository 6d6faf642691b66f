"""``policy ack remind``: e-mail reminders, and escalation to principals. Idempotent per day.

A person with an open item is reminded one week before its due date, the day before, on the day,
and then every seven days; from the first weekly reminder after the date, their principal gets one
message listing the school's overdue staff. A row in ``ReminderSent`` (recipient, day, kind) is
written in the transaction that sends, so a second run on the same day sends nothing again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from ..textfilters import counted, long_date
from .models import Person, ReminderSent, SiteInfo
from .reports import Scope, report
from .status import DUE, OVERDUE, Standing

STAFF, PRINCIPAL = "staff", "principal"


def reminder_day(due: date, today: date) -> bool:
    days = (due - today).days
    return days in (7, 1, 0) or (days < 0 and -days % 7 == 0)


def escalation_day(due: date, today: date) -> bool:
    late = (today - due).days
    return late > 0 and late % 7 == 0


@dataclass
class RemindReport:
    day: date
    staff: list[str] = field(default_factory=list)
    principals: list[str] = field(default_factory=list)
    unescalated: list[str] = field(default_factory=list)  # schools without a principal on the roster

    def lines(self) -> list[str]:
        head = (
            f"policy ack remind: {counted(len(self.staff), 'reminder')} to staff, "
            f"{counted(len(self.principals), 'escalation')} to principals ({self.day.isoformat()})"
        )
        missing = [f"  no principal on the roster for {school}: not escalated" for school in self.unescalated]
        return [head, *missing]


def remind(today: date) -> RemindReport:
    rows = [r for r in report(Scope(), today) if r.status in (DUE, OVERDUE)]
    done = RemindReport(today)
    per_person: dict[Person, list[Standing]] = defaultdict(list)
    for row in rows:
        per_person[row.person].append(row)
    for person, items in per_person.items():
        if any(reminder_day(item.due, today) for item in items) and _send_once(
            person.email, today, STAFF, *_staff_message(person, items)
        ):
            done.staff.append(person.email)
    _escalate([r for r in rows if escalation_day(r.due, today)], today, done)
    return done


def _escalate(late: list[Standing], today: date, done: RemindReport) -> None:
    per_school: dict[str, list[Standing]] = defaultdict(list)
    for row in late:
        per_school[row.person.school].append(row)
    principals = Person.objects.filter(is_active=True, role__in=settings.ACK_PRINCIPAL_ROLES)
    names = SiteInfo.school_names()
    for school, items in sorted(per_school.items()):
        heads = [p for p in principals if p.school == school]
        if not heads:
            done.unescalated.append(school)
        for head in heads:
            if _send_once(head.email, today, PRINCIPAL, *_principal_message(school, names.get(school, school), items)):
                done.principals.append(head.email)


def _send_once(recipient: str, today: date, kind: str, subject: str, body: str) -> bool:
    """Send unless sent today; a failed send leaves no row, so the next run tries again."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(recipient=recipient, day=today, kind=kind)
            send_mail(subject, body, None, [recipient])
    except IntegrityError:
        return False
    return True


def _staff_message(person: Person, items: list[Standing]) -> tuple[str, str]:
    lines = [f"Dear {person.name},", "", "Please read and acknowledge:"]
    seen: set[str] = set()
    for item in sorted(items, key=lambda i: (i.due, i.policy.code)):
        if item.policy.code not in seen:
            seen.add(item.policy.code)
            state = "overdue since" if item.status == OVERDUE else "due"
            lines.append(f"- Policy {item.policy.code}, {item.policy.title} ({state} {long_date(item.due, 'en')})")
    lines += ["", f"Sign in here: {settings.BASE_URL}", ""]
    return "Policies to acknowledge", "\n".join(lines)


def _principal_message(school: str, called: str, items: list[Standing]) -> tuple[str, str]:
    """The overdue staff of ``school`` (its id, in the report's address), ``called`` by its name."""
    people = sorted({(i.person.name, i.person.email) for i in items})
    lines = [f"These staff of {called} have overdue policy acknowledgements:", ""]
    for name, email in people:
        codes = sorted({i.policy.code for i in items if i.person.email == email})
        lines.append(f"- {name} <{email}>: {', '.join(codes)}")
    lines += ["", f"The school's report: {settings.BASE_URL}reports/school/{school}/", ""]
    return f"Overdue policy acknowledgements at {called}", "\n".join(lines)
