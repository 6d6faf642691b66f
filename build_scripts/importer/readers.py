"""Readers: a file of each kind -> ``Extracted``. Plain text here; PDF in ``pdf.py``; DOCX, HTML in ``astread.py``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .astread import read_with_pandoc
from .lines import Extracted, Line, Unreadable


def read_text(path: Path) -> Extracted:
    """Plain text as the seed: a blank line between paragraphs, a form feed between pages."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise Unreadable("the file is not UTF-8 text; save it as UTF-8 and import it again", line) from None
    lines: list[Line] = []
    page, gap = 1, False
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        page += raw.count("\f")
        content = raw.replace("\f", "")
        if not content.strip():
            gap = True
            continue
        lines.append(Line(content, number, page=page, gap_before=gap))
        gap = False
    return Extracted.of_lines(lines)


def read_pdf(path: Path) -> Extracted:
    """PDF through pdfminer.six, imported only when a PDF is read (it takes a quarter second to load)."""
    from .pdf import read_pdf as read

    return read(path)


READERS: dict[str, Callable[[Path], Extracted]] = {
    ".txt": read_text,
    ".text": read_text,
    ".pdf": read_pdf,
    ".docx": lambda path: read_with_pandoc(path, "docx"),
    ".html": lambda path: read_with_pandoc(path, "html"),
    ".htm": lambda path: read_with_pandoc(path, "html"),
}
