"""Campaigns, and the entries HR adds to the log: exemptions, due dates, proxy acknowledgements, voids.

Each is one ``chain.append``: nothing here updates or deletes an entry (a mistake is corrected by a
``void`` entry that names it, with a reason).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from ..errors import UsageError
from .chain import Entry, append
from .models import Campaign, Event, Kind, Person, Policy, Version


def create_campaign(
    name: str,
    due: date,
    *,
    codes: list[str],
    audience: str = "",
    schools: list[str] | None = None,
    roles: list[str] | None = None,
    fresh: bool = False,
    actor: str,
) -> Campaign:
    """A campaign for ``codes`` (or every adopted policy for ``audience``); recorded in the log."""
    if bool(codes) == bool(audience):
        raise UsageError("give either --policies CODES or --audience AUDIENCE")
    wanted = {code.strip().upper() for code in codes if code.strip()}
    found = {p.code: p for p in Policy.objects.filter(code__in=wanted)}
    missing = sorted(wanted - set(found))
    if missing:
        raise UsageError(f"no such policy: {', '.join(missing)} (run 'policy ack sync' after building the site)")
    if Campaign.objects.filter(name=name).exists():
        raise UsageError(f"a campaign named {name!r} exists already")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            due=due,
            audience=audience,
            schools=sorted({s.strip().lower() for s in schools or [] if s.strip()}),
            roles=sorted({r.strip().lower() for r in roles or [] if r.strip()}),
            fresh=fresh,
            created_at=timezone.now(),
        )
        campaign.policies.set(found.values())
        data: dict[str, object] = {"due": due.isoformat(), "policies": sorted(found), "audience": audience}
        data.update(schools=campaign.schools, roles=campaign.roles, fresh=fresh)
        append(Entry(Kind.CAMPAIGN, actor, method="cli", campaign=campaign, data=data))
    return campaign


def acknowledge(person: Person, version: Version, how: Entry) -> Event:
    """An acknowledgement of ``version`` by ``person`` (``how``: actor, method, IP, agent, what was shown)."""
    entry = Entry(
        Kind.ACK,
        how.actor,
        how.method,
        person=person,
        version=version,
        ip=how.ip,
        user_agent=how.user_agent,
        data=how.data,
    )
    return append(entry)


def exempt(campaign: Campaign, person: Person, reason: str, by: Entry) -> Event:
    return append(_hr_entry(Kind.EXEMPT, campaign, person, by, {"reason": _required(reason, "a reason")}))


def set_due(campaign: Campaign, person: Person, due: date, by: Entry) -> Event:
    return append(_hr_entry(Kind.DUE, campaign, person, by, {"due": due.isoformat()}))


def void(event: Event, reason: str, by: Entry) -> Event:
    """Withdraw an earlier acknowledgement, exemption or due date; the entry itself stays in the log."""
    if event.kind not in (Kind.ACK, Kind.EXEMPT, Kind.DUE):
        raise UsageError(
            f"entry {event.seq} is a {event.kind} entry: only acknowledgements, exemptions and due dates can be voided"
        )
    if Event.objects.filter(kind=Kind.VOID, data__voids=event.seq).exists():
        raise UsageError(f"entry {event.seq} is void already")
    data = {"voids": event.seq, "reason": _required(reason, "a reason")}
    return append(
        Entry(Kind.VOID, by.actor, by.method, person=event.person, ip=by.ip, user_agent=by.user_agent, data=data)
    )


def _hr_entry(kind: str, campaign: Campaign, person: Person, by: Entry, data: dict[str, object]) -> Entry:
    return Entry(
        kind, by.actor, by.method, person=person, campaign=campaign, ip=by.ip, user_agent=by.user_agent, data=data
    )


def _required(text: str, what: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UsageError(f"give {what}")
    return cleaned[:500]
