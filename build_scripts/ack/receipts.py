"""A PDF receipt of one acknowledgement (typst, PDF/UA-1), dated by the acknowledgement itself."""

from __future__ import annotations

from importlib import resources

import typst
from django.utils import timezone

from ..errors import ToolError
from ..textfilters import long_date
from .models import Event, SiteInfo

METHODS = {
    "sso": "signed in with the district account",
    "email": "signed in with a one-time e-mail link",
    "proxy": "recorded by HR from a signed paper form",
}
EXPLAIN = (
    "The text SHA-256 is the fingerprint of the exact policy text acknowledged: it is the text_sha256 that the "
    "published site's manifest.json and api/policies.json give for this version. The log entry's hash ties this "
    "acknowledgement into the service's tamper-evident log."
)


def statement(code: str, day_text: str) -> str:
    """The words of the button, and of the receipt."""
    return f"I have read and understood Policy {code}, version of {day_text}."


def receipt_pdf(event: Event) -> bytes:
    assert event.person is not None and event.version is not None
    version, person = event.version, event.person
    when = timezone.localtime(event.at)
    site = SiteInfo.objects.filter(pk=1).first()
    method = METHODS.get(event.method, event.method)
    if event.method == "proxy":
        method += f" ({event.actor})"
    inputs = {
        "district": site.district if site else "",
        "name": person.name,
        "email": person.email,
        "code": version.policy.code,
        "title": version.policy.title,
        "version": f"{version.kind} {long_date(version.date, 'en')}",
        "statement": statement(version.policy.code, long_date(version.date, "en")),
        "when": f"{long_date(when.date(), 'en')}, {when:%H:%M:%S} ({when.tzname()})",
        "method": method,
        "sha256": event.text_sha256,
        "seq": str(event.seq),
        "hash": event.hash,
        "explain": EXPLAIN,
    }
    layout = (resources.files(__package__) / "receipt.typ").read_bytes()
    try:
        pdf: bytes = typst.compile(
            layout, sys_inputs=inputs, pdf_standards=["ua-1"], timestamp=int(event.at.timestamp())
        )
    except RuntimeError as exc:
        raise ToolError("typst", f"receipt of log entry {event.seq}", str(exc)) from None
    return pdf
