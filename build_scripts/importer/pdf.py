"""PDF -> ``Line``s with pdfminer.six: each line's text, page, font size, boldness, position and spacing.

pdfminer.six (MIT, pure Python, maintained) gives every character's font name, size and position, which
is what headings by font, page furniture by position and paragraphs by spacing need.
"""

from __future__ import annotations

import itertools
import statistics
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTPage, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from .lines import Line, Unreadable

BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")
GAP_RATIO = 1.3
SAME_BASELINE = 2.0  # points  # a line further below the previous one than this many line pitches starts a paragraph


def read_pdf(path: Path) -> list[Line]:
    try:
        pages = list(extract_pages(path, laparams=LAParams(line_margin=0.3)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise Unreadable("the PDF is encrypted; ask for an unprotected copy and import that") from None
    except (PDFSyntaxError, PSException) as exc:
        raise Unreadable(f"not a readable PDF ({exc})") from None
    except Exception as exc:  # a damaged file can trip pdfminer anywhere; it is still one file's error
        raise Unreadable(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from None
    lines: list[Line] = []
    for number, page in enumerate(pages, start=1):
        lines += _page_lines(page, number, len(lines))
    if not any(line.text.strip() for line in lines):
        raise Unreadable("the PDF has no text (a scanned image?); run OCR on it, or import a text version")
    return lines


def _page_lines(page: LTPage, number: int, before: int) -> list[Line]:
    found = [line for box in page if isinstance(box, LTTextContainer) for line in _text_lines(box)]
    rows = _rows(found)
    pitch = _pitch([row[0] for row in rows])
    lines: list[Line] = []
    previous: LTTextLine | None = None
    for row in rows:
        text = " ".join(part.get_text().strip() for part in row).strip()
        if not text:
            continue
        chars = [c for part in row for c in part if isinstance(c, LTChar) and c.get_text().strip()]
        gap = previous is not None and (previous.y0 - row[0].y0) > pitch * GAP_RATIO
        lines.append(
            Line(
                text,
                before + len(lines) + 1,
                page=number,
                gap_before=gap,
                size=statistics.median(c.size for c in chars) if chars else 0.0,
                bold=bool(chars) and all(any(b in c.fontname.lower() for b in BOLD_NAMES) for c in chars),
                indent=round(row[0].x0),
            )
        )
        previous = row[0]
    return lines


def _rows(found: list[LTTextLine]) -> list[list[LTTextLine]]:
    """Text lines on one baseline, left to right (a list number and its text may be apart)."""
    rows: list[list[LTTextLine]] = []
    for line in sorted(found, key=lambda line: (-line.y0, line.x0)):
        if rows and abs(rows[-1][0].y0 - line.y0) <= SAME_BASELINE:
            rows[-1].append(line)
            rows[-1].sort(key=lambda part: part.x0)
        else:
            rows.append([line])
    return rows


def _text_lines(box: LTTextContainer[LTTextLine]) -> list[LTTextLine]:
    return [line for line in box if isinstance(line, LTTextLine)]


def _pitch(lines: list[LTTextLine]) -> float:
    """The usual distance between the baselines of two lines of one paragraph."""
    steps = [a.y0 - b.y0 for a, b in itertools.pairwise(lines) if a.y0 - b.y0 > 1]
    if not steps:
        return 1e9
    steps.sort()
    return steps[len(steps) // 4]
