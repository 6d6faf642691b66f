"""Phone numbers and e-mail addresses in the canon: a warning unless the district publishes them.

A personal number pasted into a policy or template is almost always a mistake; a school office's
number listed in ``source/district.yml`` is not. ``published_contacts`` is the one place that says
which contacts the district publishes: extend it when ``district.yml`` lists more (district phone,
e-mail).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import Problem, warning
from .models import District

PHONE = re.compile(r"(?<![\w+])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def phone_key(text: str) -> str:
    """A phone number as its last ten digits, however it is punctuated."""
    return re.sub(r"\D", "", text)[-10:]


def published_contacts(district: District | None) -> set[str]:
    """Phone numbers (as ``phone_key``) and lower-case e-mail addresses the district publishes."""
    if district is None:
        return set()
    contact = district.district.contact
    texts = [school.phone for school in district.schools if school.phone]
    texts += [text for text in (contact.phone, contact.accessibility) if text]
    found = {phone_key(m.group()) for text in texts for m in PHONE.finditer(text)}
    return found | {m.group().lower() for text in texts for m in EMAIL.finditer(text)}


def contact_warnings(path: str, lines: Iterable[tuple[int, str]], published: set[str]) -> list[Problem]:
    """A warning for each phone number or e-mail address in ``lines`` that the district does not publish."""
    problems: list[Problem] = []
    for line, text in lines:
        for match in PHONE.finditer(text):
            if phone_key(match.group()) not in published:
                message = f"phone number '{match.group()}': not one of the district's published contacts"
                problems.append(
                    warning(path, line, f"{message} (source/district.yml); is it personal?", kind="contact.personal")
                )
        for match in EMAIL.finditer(text):
            if match.group().lower() not in published:
                message = f"e-mail address '{match.group()}': not one of the district's published contacts"
                problems.append(
                    warning(path, line, f"{message} (source/district.yml); is it personal?", kind="contact.personal")
                )
    return problems
