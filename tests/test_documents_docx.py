"""The parent letter's Word file looks like its PDF: page, margins, fonts, header, footer, properties.

python-docx is not installed: the DOCX's XML is read with zipfile, as Word reads it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from build_scripts.documents.docx import reference_docx
from build_scripts.pipeline import BuildResult

DISTRICT = "Public Schools of Northborough and Southborough"


def parts(path: Path) -> dict[str, str]:
    return parts_of_bytes(path.read_bytes())


def parts_of_bytes(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        return {n: docx.read(n).decode("utf-8") for n in docx.namelist() if n.endswith((".xml", ".rels"))}


def test_reference_document_is_reproducible_and_has_no_blue_headings() -> None:
    first, second = reference_docx(DISTRICT), reference_docx(DISTRICT)
    assert first == second
    styles = parts_of_bytes(first)["word/styles.xml"]
    heading = re.search(r'<w:style [^>]*w:styleId="Heading1">.*?</w:style>', styles, re.S)
    assert heading is not None
    assert 'w:color w:val="1A1A1A"' in heading.group(0) and "DejaVu Sans" in heading.group(0)
    assert "0F4761" not in styles and "4F81BD" not in styles
    assert re.search(r"<w:rPrDefault>.*DejaVu Serif.*</w:rPrDefault>", styles, re.S)


def test_parent_letter_docx_has_letter_page_margins_header_footer_and_properties(built_site: BuildResult) -> None:
    entry = next(d for d in built_site.manifest.documents if d.id == "parent-letter" and d.school == "zeh")
    assert entry.docx is not None
    xml = parts(built_site.out / entry.docx)
    section = re.findall(r"<w:sectPr>.*?</w:sectPr>", xml["word/document.xml"], re.S)[-1]
    assert re.search(r'<w:pgSz w:h="15840" w:w="12240" />', section)  # 8.5 x 11 in
    margins = dict(re.findall(r'w:(top|right|bottom|left)="(\d+)"', section))
    assert margins == {"top": "936", "right": "1296", "bottom": "1296", "left": "1296"}  # 0.65 in, 0.9 in
    assert "headerReference" in section and "footerReference" in section
    assert DISTRICT in xml["word/districtheader.xml"] and " PAGE " in xml["word/districtfooter.xml"]
    core = xml["docProps/core.xml"]
    assert "<dc:title>How Our Staff Communicate with Your Child \u2014 Marion E. Zeh School</dc:title>" in core
    assert f"<dc:creator>{DISTRICT}</dc:creator>" in core and "<dc:language>en</dc:language>" in core
    assert 'w:val="en"' in re.search(r"<w:lang [^>]*>", xml["word/styles.xml"]).group(0)  # type: ignore[union-attr]
    assert "0F4761" not in xml["word/styles.xml"]
    body = xml["word/document.xml"]
    assert "Policy G-170, Expectations, item\u00a02" in body and "https://www.nsboro.k12.ma.us/" in body
