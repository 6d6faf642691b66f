"""The evidence log: append-only, each entry hashed with the one before it.

An entry's hash is the sha256 of a canonical JSON record of every column (and of the previous
entry's hash), so editing any value, deleting or inserting a row breaks the chain from there on.
``ChainHead`` holds the last entry's number and hash: appends lock it (one writer at a time, on
SQLite and PostgreSQL alike), and a deleted last entry shows. ``verify`` recomputes everything and
also checks that each entry's references (person, policy version) still say what the entry says.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Campaign, ChainHead, Event, Person, Version

GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    """What a caller appends; ``chain.append`` adds the number, time and hashes."""

    kind: str
    actor: str
    method: str = ""
    person: Person | None = None
    campaign: Campaign | None = None
    version: Version | None = None
    ip: str = ""
    user_agent: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def record(event: Event) -> dict[str, Any]:
    """The hashed content of an entry: every column but its own hash."""
    return {
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "kind": event.kind,
        "actor": event.actor,
        "method": event.method,
        "person": event.person_id,
        "campaign": event.campaign_id,
        "version": event.version_id,
        "ip": event.ip,
        "user_agent": event.user_agent,
        "text_sha256": event.text_sha256,
        "data": event.data,
        "prev": event.prev,
    }


def entry_hash(event: Event) -> str:
    canonical = json.dumps(record(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def identity(entry: Entry) -> dict[str, Any]:
    """What the entry is about, in words that survive any id: the person's address, the version."""
    found: dict[str, Any] = {}
    if entry.person is not None:
        found["person"] = entry.person.email
    if entry.version is not None:
        found["policy"] = entry.version.policy.code
        found["version"] = entry.version.date.isoformat()
    if entry.campaign is not None:
        found["campaign"] = entry.campaign.name
    return found


def append(entry: Entry) -> Event:
    """Add one entry at the end of the chain, inside the caller's transaction (or its own)."""
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().get(pk=1)  # made by the first migration
        event = Event(
            seq=head.seq + 1,
            at=timezone.now(),
            kind=entry.kind,
            actor=entry.actor,
            method=entry.method,
            person=entry.person,
            campaign=entry.campaign,
            version=entry.version,
            ip=entry.ip,
            user_agent=entry.user_agent[:500],
            text_sha256=entry.version.text_sha256 if entry.version else "",
            data={**entry.data, **identity(entry)},
            prev=head.hash,
        )
        event.hash = entry_hash(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class Verified:
    entries: int
    head: str
    problems: list[str]


def verify() -> Verified:
    """Recompute the chain; every broken link, altered entry, missing entry and stale reference."""
    problems: list[str] = []
    previous, expected = GENESIS, 1
    events = Event.objects.select_related("person", "version__policy", "campaign").order_by("seq")
    for event in events.iterator(chunk_size=2000):
        if event.seq != expected:
            problems.append(f"entry {expected}: missing (the next entry is {event.seq})")
        if event.prev != previous:
            problems.append(f"entry {event.seq}: does not follow entry {event.seq - 1} (its previous hash differs)")
        if entry_hash(event) != event.hash:
            problems.append(f"entry {event.seq}: its content was changed after it was written")
        problems += _stale_references(event)
        previous, expected = event.hash, event.seq + 1
    head = ChainHead.objects.filter(pk=1).first()
    last = (head.seq, head.hash) if head else (0, GENESIS)
    if last != (expected - 1, previous):
        problems.append(f"the log ends at entry {expected - 1}, but entry {last[0]} was the last one written")
    problems += _altered_versions()
    return Verified(expected - 1, previous, problems)


def _stale_references(event: Event) -> list[str]:
    found: list[str] = []
    data = event.data
    if event.person is not None and data.get("person") != event.person.email:
        found.append(f"entry {event.seq}: its person is now {event.person.email}, not {data.get('person')}")
    version = event.version
    if version is not None:
        said = (data.get("policy"), data.get("version"), event.text_sha256)
        now = (version.policy.code, version.date.isoformat(), version.text_sha256)
        if said != now:
            found.append(f"entry {event.seq}: its version is now {now[0]} {now[1]} ({now[2][:12]}…), not {said}")
    return found


def _altered_versions() -> list[str]:
    found = []
    for version in Version.objects.select_related("policy").only("text", "text_sha256", "date", "policy__code"):
        if hashlib.sha256(version.text.encode("utf-8")).hexdigest() != version.text_sha256:
            found.append(f"{version.policy.code} version of {version.date}: its text no longer has its sha256")
    return found
