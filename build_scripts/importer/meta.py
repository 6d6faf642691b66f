"""What a policy says about itself: code and title, dates, legal and cross references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_TEXT = re.compile(
    rf"(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})"
    rf"|(?P<us>\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
    rf"|(?P<long>(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?P<euro>\d{{1,2}}\s+(?:{_MONTH})\.?,?\s+\d{{4}})",
    re.I,
)
DATE_FIELDS = {
    "adopted": "adopted",
    "approved": "adopted",
    "revised": "revised",
    "amended": "revised",
    "reviewed": "revised",
    "first reading": "first_reading",
    "second reading": "second_reading",
}
# 'Adopted:', 'Date adopted:', 'Policy adopted', 'Last revised:', 'Adopted by the Board of Education on ...'
DATE_LABEL = re.compile(
    rf"^\s*(?:(?:date|policy|last|originally)\s+)?(?P<label>{'|'.join(DATE_FIELDS)})"
    r"(?:\s+(?:by\s+[^:]*?\s+on\b|by\b[^:]*:|on\b))?\s*:?\s*(?P<rest>.*)$",
    re.I,
)
SEPARATORS = re.compile(r"^[\s,;&]*(?:and)?[\s,;&]*$", re.I)
REFS_LABEL = re.compile(r"^\s*(?P<kind>legal|cross)\s+ref(?:erence)?s?\.?\s*:?\s*(?P<rest>.*)$", re.I)


@dataclass
class Meta:
    """Front matter found in the text; ``consumed`` are the origins of lines moved into it."""

    code: str | None = None
    title: str | None = None
    dates: dict[str, list[date]] = field(default_factory=dict)
    legal_refs: list[str] = field(default_factory=list)
    cross_refs: list[tuple[str, str]] = field(default_factory=list)  # (value, the text it came from)
    consumed: set[int] = field(default_factory=set)


def parse_date(text: str) -> date | None:
    """A date as districts write it: 'March 20, 2019', '6/15/21', '5/10/2011', '2019-03-20', '20 March 2019'."""
    match = DATE_TEXT.fullmatch(text.strip().rstrip("."))
    if not match:
        return None
    try:
        if match["iso"]:
            year, month, day = (int(p) for p in match["iso"].split("-"))
        elif match["us"]:
            month, day, year = (int(p) for p in match["us"].split("/"))
            year += 2000 if year < 100 and year < 70 else (1900 if year < 100 else 0)
        else:
            parts = re.findall(r"[A-Za-z]+|\d+", match["long"] or match["euro"])
            name = next(p for p in parts if p.isalpha() and p.lower() in MONTHS)
            numbers = [int(p) for p in parts if p.isdigit()]
            month, day, year = MONTHS[name.lower()], min(numbers), max(numbers)
        return date(year, month, day)
    except ValueError:
        return None


def date_line(text: str) -> tuple[str, list[date]] | None:
    """('adopted', [dates]) for a line holding only a date label and its dates."""
    match = DATE_LABEL.match(text)
    if not match:
        return None
    found = list(DATE_TEXT.finditer(match["rest"]))
    leftover = DATE_TEXT.sub(" ", match["rest"])
    if not found or not SEPARATORS.match(leftover):
        return None
    dates = [parse_date(m.group(0)) for m in found]
    if any(d is None for d in dates):
        return None
    label = " ".join(match["label"].lower().split())
    return DATE_FIELDS[label], [d for d in dates if d is not None]


def split_refs(text: str) -> list[str]:
    """References written on one line, separated by semicolons."""
    return [part.strip().rstrip(";").strip() for part in text.split(";") if part.strip().strip(";").strip()]
