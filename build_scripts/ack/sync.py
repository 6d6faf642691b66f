"""``policy ack sync [--site DIR|URL]``: policies and versions from the published site.

It reads ``manifest.json`` and ``api/policies.json``, downloads each new version's exact policy file
(``text``), and keeps it only if its sha256 is the one both files publish. A version already synced
must keep its text: a published version never changes, so a different hash is an error, not an
update. A site built without git history publishes no versions: its current text is then taken as
the version of its adoption or last revision date.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.db import transaction

from ..errors import Problem, UsageError, ValidationFailed, error
from ..textfilters import counted
from .models import Policy, SiteInfo, Version
from .texts import render_text

TIMEOUT = 30


@dataclass(frozen=True)
class Site:
    """A built site: a folder or a web address."""

    where: str

    @property
    def is_url(self) -> bool:
        return urlsplit(self.where).scheme in ("http", "https")

    def read(self, relative: str) -> bytes:
        if self.is_url:
            url = urljoin(self.where.rstrip("/") + "/", relative)
            try:
                with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
                    data: bytes = response.read()
                    return data
            except (urllib.error.URLError, TimeoutError) as exc:
                raise UsageError(f"cannot read {url}: {getattr(exc, 'reason', exc)}") from None
        path = Path(self.where) / relative
        try:
            return path.read_bytes()
        except OSError:
            raise UsageError(f"{path}: not found (is --site a built site? run 'policy build' first)") from None

    def json(self, relative: str) -> Any:
        try:
            return json.loads(self.read(relative))
        except json.JSONDecodeError as exc:
            raise ValidationFailed(
                [error(relative, exc.lineno, f"not valid JSON: {exc.msg}", kind="ack.sync")]
            ) from None


@dataclass(frozen=True)
class Published:
    """One version as the site publishes it."""

    code: str
    day: date
    kind: str
    change: str
    text: str  # relative to the site root
    sha256: str
    page: str


@dataclass
class SyncReport:
    policies: int = 0
    new: list[str] = field(default_factory=list)
    unchanged: int = 0

    def lines(self) -> list[str]:
        new = counted(len(self.new), "new version")
        head = f"policy ack sync: {counted(self.policies, 'policy')}, {new}, {self.unchanged} unchanged"
        return [head, *[f"  new {line}" for line in self.new]]


def sync(site: Site) -> SyncReport:
    manifest, api = site.json("manifest.json"), site.json("api/policies.json")
    if manifest.get("preview"):
        raise UsageError("this site is a preview (drafts and readings): sync from the published site")
    published, problems = published_versions(manifest, api)
    if problems:
        raise ValidationFailed(problems)
    texts = {p: _fetch(site, p) for p in published if not _known(p)}
    report = SyncReport(policies=len(api["policies"]))
    with transaction.atomic():
        schools = {school["id"]: school["name"] for school in api.get("schools", [])}
        SiteInfo.objects.update_or_create(
            pk=1, defaults={"district": api["district"], "site": site.where, "schools": schools}
        )
        for entry in api["policies"]:
            _policy(entry)
        for item in published:
            if item in texts:
                _store(item, texts[item])
                report.new.append(f"{item.code} version of {item.day.isoformat()} ({item.change})")
            else:
                report.unchanged += 1
    return report


def published_versions(manifest: dict[str, Any], api: dict[str, Any]) -> tuple[list[Published], list[Problem]]:
    """Every version of the API, its text and sha256 checked against the manifest's."""
    listed = {p["code"]: p for p in manifest.get("policies", [])}
    found: list[Published] = []
    problems: list[Problem] = []
    for policy in api.get("policies", []):
        entry = listed.get(policy["code"])
        if entry is None:
            problems.append(error("api/policies.json", 1, f"{policy['code']}: not in manifest.json", kind="ack.sync"))
            continue
        for version, listed_version in _pairs(policy, entry):
            if version["text_sha256"] != listed_version["text_sha256"]:
                message = f"{policy['code']} version of {version['date']}: text_sha256 differs from manifest.json's"
                problems.append(error("api/policies.json", 1, message, kind="ack.sync"))
                continue
            day = date.fromisoformat(version["date"])
            found.append(
                Published(
                    policy["code"],
                    day,
                    version["kind"],
                    version["change"],
                    listed_version["text"],
                    version["text_sha256"],
                    version["page"],
                )
            )
    return found, problems


def _pairs(policy: dict[str, Any], entry: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(API version, manifest version) pairs; without history, the current text as one version."""
    if policy["versions"]:
        by_date = {v["date"]: v for v in entry.get("versions", [])}
        return [(v, by_date.get(v["date"], {"text_sha256": None, "text": ""})) for v in policy["versions"]]
    day = (policy["revised"] or [policy["adopted"]])[-1]
    kind = "revised" if policy["revised"] else "adopted"
    current = {
        "date": day,
        "kind": kind,
        "change": policy["change"],
        "text_sha256": policy["text_sha256"],
        "page": policy["page"],
    }
    return [(current, {"text_sha256": entry["text_sha256"], "text": entry["text"]})]


def _known(item: Published) -> bool:
    """True when the version is stored already; ValidationFailed when its published text changed."""
    stored = Version.objects.filter(policy__code=item.code, date=item.day).values_list("text_sha256", flat=True)
    for sha in stored:
        if sha != item.sha256:
            message = (
                f"{item.code} version of {item.day}: the published text changed (sha256 {item.sha256[:12]}…, "
                f"synced as {sha[:12]}…); a published version never changes"
            )
            raise ValidationFailed([error("api/policies.json", 1, message, kind="ack.sync")])
        return True
    return False


def _fetch(site: Site, item: Published) -> str:
    data = site.read(item.text)
    if hashlib.sha256(data).hexdigest() != item.sha256:
        raise ValidationFailed(
            [error(item.text, 1, f"sha256 is not the published {item.sha256[:12]}…: not synced", kind="ack.sync")]
        )
    return data.decode("utf-8")


def _policy(entry: dict[str, Any]) -> None:
    Policy.objects.update_or_create(
        code=entry["code"],
        defaults={
            "title": entry["title"],
            "status": entry["status"],
            "audience": entry["audience"],
            "page": entry["page"],
        },
    )


def _store(item: Published, text: str) -> None:
    rendered = render_text(text, f"{item.code} version of {item.day}")
    Version.objects.create(
        policy=Policy.objects.get(code=item.code),
        date=item.day,
        kind=item.kind,
        change=item.change,
        text=text,
        text_sha256=item.sha256,
        html=rendered.html,
        ast=rendered.ast,
        page=item.page,
    )
