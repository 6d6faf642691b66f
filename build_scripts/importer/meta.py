"""What a policy says about itself: code and title, dates, legal and cross references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

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
DATE_LABEL = re.compile(rf"^\s*(?P<label>{'|'.join(DATE_FIELDS)})(?:\s+(?:on|by\b[^:]*))?\s*:?\s*(?P<rest>.*)$", re.I)
SEPARATORS = re.compile(r"^[\s,;&]*(?:and)?[\s,;&]*$", re.I)
REFS_LABEL = re.compile(r"^\s*(?P<kind>legal|cross)\s+ref(?:erence)?s?\.?\s*:?\s*(?P<rest>.*)$", re.I)
FILE_LABEL = re.compile(r"^\s*(?i:file|policy(?:\s+code)?|code)\s*:\s*(?P<code>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)\s*$")
CODE = r"(?:[A-Z]{1,6}(?:-[A-Z0-9]{1,5})*|[A-Z]-\d{1,4}(?:-[A-Z0-9]+)*)"
TITLE_THEN_CODE = re.compile(rf"^(?P<title>.*[a-z].*\S)\s+[-\u2013\u2014:|]\s+(?:[Pp]olicy\s+)?(?P<code>{CODE})$")
CODE_THEN_TITLE = re.compile(rf"^(?:[Pp]olicy\s+)?(?P<code>{CODE})\s*[-\u2013\u2014:|]\s+(?P<title>.*[a-z].*\S)$")
CODE_IN_TEXT = re.compile(rf"\b(?P<code>{CODE})\b")
CODE_ONLY = re.compile(rf"^{CODE}$")


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


def title_and_code(text: str) -> tuple[str, str] | None:
    """('Employee Social Media Policy', 'G-170') from a title line that names its code."""
    clean = " ".join(text.split())
    for pattern in (TITLE_THEN_CODE, CODE_THEN_TITLE):
        match = pattern.match(clean)
        if match and len(match["title"].split()) <= 15:
            return match["title"].strip(), match["code"]
    return None


def from_file_name(path: Path) -> tuple[str | None, str | None]:
    """(code, title) from a name like 'G-170-employee-social-media-policy.txt' or 'JICFB.pdf'."""
    parts = [p for p in re.split(r"[-_\s]+", path.stem) if p]
    taken = 0
    for part in parts:
        if not re.fullmatch(r"[A-Z][A-Z0-9]*", part) and not (taken and re.fullmatch(r"\d+", part)):
            break
        taken += 1
    code = "-".join(parts[:taken]) or None
    title = " ".join(w.capitalize() for w in parts[taken:]) or None
    return code, title


def split_refs(text: str) -> list[str]:
    """References written on one line, separated by semicolons."""
    return [part.strip().rstrip(";").strip() for part in text.split(";") if part.strip().strip(";").strip()]


def cross_ref(text: str) -> tuple[str, str]:
    """A cross reference: the code it names (linked), else the text itself."""
    match = CODE_IN_TEXT.search(text)
    if match and (CODE_ONLY.match(text.strip()) or re.match(rf"^\s*{CODE}\s*[,:\u2013\u2014-]", text)):
        return match["code"], text.strip()
    return text.strip(), text.strip()
