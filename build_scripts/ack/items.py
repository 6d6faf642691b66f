"""What a staff member is shown for one policy: its current version as text, or the redline since
the version they last acknowledged, and the exact fragment's sha256 (kept with the acknowledgement)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.safestring import SafeString, mark_safe

from ..textfilters import long_date
from .models import Event, Kind, Person, Policy, Redline, Version
from .receipts import statement
from .status import DONE, EXEMPT, Standing
from .texts import redline_html, scoped, shown_sha256


@dataclass(frozen=True)
class Item:
    policy: Policy
    version: Version  # the current version: what the button acknowledges
    since: Version | None  # the version last acknowledged, when the page shows a redline from it
    html: SafeString
    shown: str  # sha256 of ``html``
    due: date | None = None
    overdue: bool = False

    @property
    def changes(self) -> list[str]:
        """The anchors of the redline's changes, in order (empty for a whole text)."""
        return re.findall(r'id="([a-z0-9-]+-change-\d+)"', self.html) if self.since else []

    @property
    def statement(self) -> str:
        return statement(self.policy.code, long_date(self.version.date, "en"))

    @property
    def anchor(self) -> str:
        return self.policy.code.lower()


def last_acknowledged(person: Person, policy: Policy) -> Version | None:
    """The newest version of ``policy`` the person acknowledged (a voided acknowledgement does not count)."""
    voided = Event.objects.filter(kind=Kind.VOID, person=person).values_list("data__voids", flat=True)
    acks = Event.objects.filter(kind=Kind.ACK, person=person, version__policy=policy).exclude(seq__in=list(voided))
    latest = acks.select_related("version").order_by("-version__date").first()
    return latest.version if latest else None


def item_for(person: Person, policy: Policy) -> Item | None:
    """The policy as this person should read it now (None: nothing published yet)."""
    version = policy.versions.order_by("date").last()
    if version is None:
        return None
    since = last_acknowledged(person, policy)
    if since is not None and since.date >= version.date:
        since = None  # they acknowledged this version already: the whole text, not an empty redline
    html, sha = shown(version, since)
    return Item(policy, version, since, html, sha)


def shown(version: Version, since: Version | None) -> tuple[SafeString, str]:
    """The fragment the page shows (the text, or the redline from ``since``) and its sha256."""
    fragment = scoped(redline_of(since, version) if since else version.html, version.policy.code.lower() + "-")
    return mark_safe(fragment), shown_sha256(fragment)


def redline_of(old: Version, new: Version) -> str:
    found = Redline.objects.filter(old=old, new=new).values_list("html", flat=True).first()
    if found is not None:
        return found
    html = redline_html(old.ast, new.ast)
    try:
        with transaction.atomic():
            Redline.objects.create(old=old, new=new, html=html)
    except IntegrityError:
        pass  # another request stored the same redline first
    return html


def open_items(person: Person, rows: list[Standing], today: date) -> list[Item]:
    """One item per policy still to acknowledge (its earliest due date first)."""
    wanted: dict[int, Standing] = {}
    for row in rows:
        if row.status in (DONE, EXEMPT):
            continue
        if row.policy.pk not in wanted or row.due < wanted[row.policy.pk].due:
            wanted[row.policy.pk] = row
    items = []
    for row in sorted(wanted.values(), key=lambda r: (r.due, r.policy.code)):
        item = item_for(person, row.policy)
        if item is not None:
            items.append(replace(item, due=row.due, overdue=row.due < today))
    return items
