"""Policy codes as districts write them: MASC letters (``JICFB``, ``G-170``) and numbers (``5131.2``, ``0401.80``).

A number with a dot is a code wherever it stands. A bare number (``5131``, ``3330``) is a code only where a
prefix says so (``BP 5131``, ``AR 5131.2``, ``Policy 3330``), at the start of a cross reference, or in a file
name: elsewhere it could be a year. The prefix is how the district names the kind of document; the code is
the number (``AR 5131.2`` -> ``5131.2``).
"""

from __future__ import annotations

import re
from pathlib import Path

MASC = r"[A-Z]{1,6}(?:-[A-Z0-9]{1,5})*"
NUMBERED = r"\d{3,5}(?:\.\d{1,3})+"
BARE = r"\d{3,5}"
PREFIX = r"(?i:board\s+policy|administrative\s+regulation|policy|bp|ar)"
CODE = rf"(?:{MASC}|{NUMBERED})"
# A code as written, with or without its prefix; ``code_of`` takes the code out of it.
REF = rf"(?:{PREFIX}\s+(?:{CODE}|{BARE})|{CODE})"
SEPARATOR = r"\s*[-\u2013\u2014:|]\s+"
LABEL = rf"^\s*(?:(?i:file|policy(?:\s+code)?|code)\s*:\s*(?:{PREFIX}\s+)?|{PREFIX}\s+)(?P<code>{CODE}|{BARE})\s*$"
FILE_LABEL = re.compile(LABEL)
NUMBER_ONLY = re.compile(rf"^\s*(?P<code>{NUMBERED})\s*$")
TITLE_THEN_CODE = re.compile(rf"^(?P<title>.*[a-z].*\S){SEPARATOR}(?P<ref>{REF})$")
CODE_THEN_TITLE = re.compile(rf"^(?P<ref>{REF}){SEPARATOR}(?P<title>.*[a-z].*\S)$")
# A numbered or prefixed code needs no separator before its title: 'BP 5131.2 Bullying', '0401.80 Dress Code'.
NUMBER_THEN_TITLE = re.compile(
    rf"^(?P<ref>(?:{PREFIX}\s+)?{NUMBERED}|{PREFIX}\s+(?:{MASC}|{BARE}))\s+(?P<title>[A-Z].*[a-z].*[^\s.])$"
)
REF_ONLY = re.compile(rf"^\s*(?P<ref>{REF})\s*$")
REF_THEN_TEXT = re.compile(
    rf"^\s*(?P<ref>{REF}|{BARE})\s*[,:|\u2013\u2014-]|^\s*(?P<number>(?:{PREFIX}\s+)?(?:{NUMBERED}|{BARE})|{PREFIX}\s+{MASC})\s+[A-Z]"
)
FILE_NAME = re.compile(rf"^(?:{PREFIX}[\s_-]+)?(?P<code>{NUMBERED}|{BARE})(?:[\s_-]+(?P<rest>.*))?$")
MAX_TITLE_WORDS = 15


def code_of(ref: str) -> str:
    """The code in a reference as written: 'AR 5131.2' -> '5131.2', 'JICFB' -> 'JICFB'."""
    return ref.split()[-1]


def code_label(text: str) -> str | None:
    """The code of a line that only names it: 'File: JICFB', 'Policy: 3330', 'BP 5131.2', '0401.80'."""
    match = FILE_LABEL.match(text) or NUMBER_ONLY.match(text)
    return match["code"] if match else None


def title_and_code(text: str) -> tuple[str, str] | None:
    """('Employee Social Media Policy', 'G-170') from a title line that names its code."""
    clean = " ".join(text.split())
    for pattern in (TITLE_THEN_CODE, CODE_THEN_TITLE, NUMBER_THEN_TITLE):
        match = pattern.match(clean)
        if match and len(match["title"].split()) <= MAX_TITLE_WORDS:
            return match["title"].strip(), code_of(match["ref"])
    return None


def from_file_name(path: Path) -> tuple[str | None, str | None]:
    """(code, title) from a name like 'G-170-employee-social-media.txt', 'JICFB.pdf', 'BP 5131.2 Bullying.docx'."""
    numbered = FILE_NAME.match(path.stem)
    if numbered:
        rest = [p for p in re.split(r"[-_\s]+", numbered["rest"] or "") if p]
        return numbered["code"], " ".join(w.capitalize() for w in rest) or None
    parts = [p for p in re.split(r"[-_\s]+", path.stem) if p]
    taken = 0
    for part in parts:
        if not re.fullmatch(r"[A-Z][A-Z0-9]*", part) and not (taken and re.fullmatch(r"\d+", part)):
            break
        taken += 1
    code = "-".join(parts[:taken]) or None
    title = " ".join(w.capitalize() for w in parts[taken:]) or None
    return code, title


def names_code(text: str) -> bool:
    """Whether a cross reference starts by naming a code ('5131.2 - Bullying', 'BP 5131.7', 'JIC, Discipline')."""
    return bool(REF_ONLY.match(text) or REF_THEN_TEXT.match(text))


def cross_ref(text: str) -> tuple[str, str]:
    """A cross reference: the code it names (linked), else the text itself; and the text as written."""
    written = text.strip()
    match = REF_ONLY.match(written) or REF_THEN_TEXT.match(written)
    if match:
        return code_of(match["ref"] or match["number"]), written
    return written, written
