"""PDF -> ``Line``s with pdfminer.six: each line's text, page, font size, boldness, position and spacing.

pdfminer.six (MIT, pure Python, maintained) gives every character's font name, size and position, which
is what headings by font, page furniture by position and paragraphs by spacing need. Every text line of
every page is read, text inside figures included (``all_texts``), so that the words check sees all of it.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Iterator
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTContainer, LTItem, LTPage, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from .lines import Extracted, Line, Unreadable

BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")
MONO_NAMES = ("mono", "courier", "consol", "menlo", "inconsolata", "typewriter", "code", "fixed")
GAP_RATIO = 1.3  # a line further below the previous one than this many line pitches starts a paragraph
SAME_BASELINE = 2.0  # points
MARGIN_BAND = 0.75  # header/footer text lies within this share of the page's side margin (at most an inch)
INCH = 72.0
WRAP_SHARE = 0.12  # a line ending within this share of the text's width from its right edge ran to the edge

Row = list[LTTextLine]


def read_pdf(path: Path) -> Extracted:
    try:
        pages = list(extract_pages(path, laparams=LAParams(line_margin=0.3, all_texts=True)))
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
    if sum(line.pre for line in lines) * 2 > len(lines):  # a manual typed in Courier: monospace is its body
        for line in lines:
            line.pre = False
    return Extracted.of_lines(lines)


def _page_lines(page: LTPage, number: int, before: int) -> list[Line]:
    rows = [row for row in _rows(list(_text_lines(page))) if _text(row)]
    chars = [[c for part in row for c in part if isinstance(c, LTChar) and c.get_text().strip()] for row in rows]
    sizes = [statistics.median(c.size for c in found) if found else 0.0 for found in chars]
    pitch = _pitch([row[0] for row in rows])
    usual = statistics.median(sizes) if sizes else 0.0
    margins = _in_margins(page, rows, pitch)
    right = max((row[-1].x1 for row in rows), default=0.0)
    full = right - WRAP_SHARE * (right - min((row[0].x0 for row in rows), default=0.0))
    lines: list[Line] = []
    for index, (row, found, size) in enumerate(zip(rows, chars, sizes, strict=True)):
        larger = max(size, sizes[index - 1]) / usual if index and usual else 1.0  # larger type, wider lines
        lines.append(
            Line(
                _text(row),
                before + len(lines) + 1,
                page=number,
                gap_before=index > 0 and _step(rows[index - 1], row) > pitch * GAP_RATIO * max(1.0, larger),
                size=size,
                bold=bool(found) and all(_named(c, BOLD_NAMES) for c in found),
                indent=round(row[0].x0),
                pre=bool(found) and all(_named(c, MONO_NAMES) for c in found),
                margin=index in margins,
                wraps=row[-1].x1 >= full,
            )
        )
    return lines


def _text(row: Row) -> str:
    return " ".join(part.get_text().strip() for part in row).strip()


def _named(char: LTChar, names: tuple[str, ...]) -> bool:
    return any(name in char.fontname.lower() for name in names)


def _text_lines(item: LTItem) -> Iterator[LTTextLine]:
    """Every text line on the page, inside text boxes and figures alike."""
    if isinstance(item, LTTextLine):
        yield item
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _text_lines(child)


def _rows(found: list[LTTextLine]) -> list[Row]:
    """Text lines on one baseline, left to right (a list number and its text may be apart)."""
    rows: list[Row] = []
    for line in sorted(found, key=lambda line: (-line.y0, line.x0)):
        if rows and abs(rows[-1][0].y0 - line.y0) <= SAME_BASELINE:
            rows[-1].append(line)
            rows[-1].sort(key=lambda part: part.x0)
        else:
            rows.append([line])
    return rows


def _step(above: Row, below: Row) -> float:
    return above[0].y0 - below[0].y0


def _pitch(lines: list[LTTextLine]) -> float:
    """The usual distance between the baselines of two lines of one paragraph."""
    steps = [a.y0 - b.y0 for a, b in itertools.pairwise(lines) if a.y0 - b.y0 > 1]
    if not steps:
        return 1e9
    steps.sort()
    return steps[len(steps) // 4]


def _in_margins(page: LTPage, rows: list[Row], pitch: float) -> set[int]:
    """Rows set apart near the top or bottom edge of the page, where running headers and footers are printed.

    The band is three quarters of the page's left margin (at most of an inch): a header printed half an inch
    from the edge of a page with one-inch margins is in it, the first line of the text is not. A header or
    footer is one or two rows, all in the band, and a paragraph's gap away from the text.
    """
    left = statistics.mode(round(row[0].x0 - page.x0) for row in rows) if rows else 0
    band = MARGIN_BAND * min(max(left, 0), INCH)
    top = _set_apart(rows, pitch, lambda row: page.y1 - max(part.y1 for part in row) < band)
    bottom = _set_apart(rows[top:][::-1], pitch, lambda row: min(part.y0 for part in row) - page.y0 < band)
    return set(range(top)) | set(range(len(rows) - bottom, len(rows)))


def _set_apart(rows: list[Row], pitch: float, inside: Callable[[Row], bool]) -> int:
    """How many of the first rows (one or two) are inside the band and a paragraph's gap away from the next."""
    for count in (2, 1):
        apart = count < len(rows) and abs(_step(rows[count - 1], rows[count])) > pitch * GAP_RATIO
        if apart and all(inside(row) for row in rows[:count]):
            return count
    return 0
