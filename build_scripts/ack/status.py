"""Who must acknowledge what, and where each person stands: done, due, overdue or exempt.

Everything is derived from the evidence log (``Event``) on each request, never stored beside it:

- the version a person must have acknowledged is the policy's latest *material* version (its first
  version counts as material); an editorial revision after it re-opens nothing;
- an acknowledgement of that version or any later one is done (in a ``fresh`` campaign, only one made
  since the campaign began);
- an exemption (``exempt``) or a person's own due date (``due``) is the latest such entry for the
  campaign and person; a ``void`` entry withdraws any earlier entry (the correction of a mistake).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from .models import Campaign, Event, Kind, Person, Policy, Version

DONE, DUE, OVERDUE, EXEMPT = "done", "due", "overdue", "exempt"
IN_LIMIT = 500  # people filtered by id in SQL; a school or the district is read whole


@dataclass
class Ledger:
    """The log's entries that decide a standing, by person."""

    acks: dict[int, list[Event]] = field(default_factory=lambda: defaultdict(list))  # person -> acks
    exempt: dict[tuple[int, int], Event] = field(default_factory=dict)  # (campaign, person) -> latest
    due: dict[tuple[int, int], Event] = field(default_factory=dict)

    @classmethod
    def load(cls, people: Iterable[int] | None = None) -> Ledger:
        events = Event.objects.filter(kind__in=[Kind.ACK, Kind.EXEMPT, Kind.DUE, Kind.VOID]).order_by("seq")
        chosen = list(people) if people is not None else None
        if chosen is not None and len(chosen) <= IN_LIMIT:  # else all of them: fewer queries than chunks
            events = events.filter(person_id__in=chosen)
        rows = list(events.select_related("version"))
        voided = {int(e.data["voids"]) for e in rows if e.kind == Kind.VOID}
        ledger = cls()
        for event in rows:
            if event.seq in voided or event.person_id is None:
                continue
            if event.kind == Kind.ACK:
                ledger.acks[event.person_id].append(event)
            elif event.kind in (Kind.EXEMPT, Kind.DUE) and event.campaign_id is not None:
                target = ledger.exempt if event.kind == Kind.EXEMPT else ledger.due
                target[(event.campaign_id, event.person_id)] = event
        return ledger


@dataclass(frozen=True)
class Texts:
    """Each policy's versions, oldest first."""

    by_policy: dict[int, list[Version]]

    @classmethod
    def load(cls) -> Texts:
        found: dict[int, list[Version]] = defaultdict(list)
        for version in Version.objects.select_related("policy").defer("text", "html", "ast").order_by("date"):
            found[version.policy_id].append(version)
        return cls(dict(found))

    def current(self, policy: Policy) -> Version | None:
        versions = self.by_policy.get(policy.pk, [])
        return versions[-1] if versions else None

    def required(self, policy: Policy) -> Version | None:
        """The latest material version: acknowledging it, or anything later, is done."""
        versions = self.by_policy.get(policy.pk, [])
        material = [v for i, v in enumerate(versions) if i == 0 or v.change == "material"]
        return material[-1] if material else None


@dataclass(frozen=True)
class Standing:
    campaign: Campaign
    person: Person
    policy: Policy
    status: str
    due: date
    ack: Event | None  # the acknowledgement that makes it done (or the latest one, if re-opened)
    exemption: Event | None


def campaign_policies(campaign: Campaign, policies: list[Policy], listed: set[int]) -> list[Policy]:
    """A list campaign's policies, or every adopted policy for its audience; never a retired one."""
    if campaign.audience:
        return [p for p in policies if p.status == "adopted" and campaign.audience in p.audience]
    return [p for p in policies if p.pk in listed and p.status == "adopted"]


def in_scope(campaign: Campaign, person: Person) -> bool:
    if not person.is_active:
        return False
    return (not campaign.schools or person.school in campaign.schools) and (
        not campaign.roles or person.role in campaign.roles
    )


def standing(campaign: Campaign, person: Person, policy: Policy, ledger: Ledger, texts: Texts, today: date) -> Standing:
    required = texts.required(policy)
    since = campaign.created_at if campaign.fresh else None
    acks = [e for e in ledger.acks.get(person.pk, []) if e.version is not None and e.version.policy_id == policy.pk]
    done = [e for e in acks if _counts(e, required, since)]
    exemption = ledger.exempt.get((campaign.pk, person.pk))
    override = ledger.due.get((campaign.pk, person.pk))
    due = date.fromisoformat(override.data["due"]) if override else campaign.due
    if done:
        return Standing(campaign, person, policy, DONE, due, done[0], exemption)
    status = EXEMPT if exemption else OVERDUE if today > due else DUE
    return Standing(campaign, person, policy, status, due, acks[-1] if acks else None, exemption)


def _counts(ack: Event, required: Version | None, since: datetime | None) -> bool:
    assert ack.version is not None
    if required is not None and ack.version.date < required.date:
        return False
    return since is None or ack.at >= since


def standings(campaigns: list[Campaign], people: list[Person], today: date) -> list[Standing]:
    """Every (campaign, person in its scope, policy) with its standing, in campaign, school, name order."""
    policies = list(Policy.objects.all())
    listed = _listed(campaigns)
    ledger, texts = Ledger.load(p.pk for p in people), Texts.load()
    found = []
    for campaign in campaigns:
        chosen = campaign_policies(campaign, policies, listed.get(campaign.pk, set()))
        for person in (p for p in people if in_scope(campaign, p)):
            found += [standing(campaign, person, policy, ledger, texts, today) for policy in chosen]
    return found


def _listed(campaigns: list[Campaign]) -> dict[int, set[int]]:
    through = Campaign.policies.through.objects.filter(campaign_id__in=[c.pk for c in campaigns])
    found: dict[int, set[int]] = defaultdict(set)
    for campaign_id, policy_id in through.values_list("campaign_id", "policy_id"):
        found[campaign_id].add(policy_id)
    return found
