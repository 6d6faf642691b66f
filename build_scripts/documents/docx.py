"""Word files that look like the PDF: a reference document with the district's styles, and properties.

``reference_docx`` starts from pandoc's own default reference document (``pandoc
--print-default-data-file reference.docx``) and changes only what the district's PDFs fix: the fonts
(DejaVu Serif for text, DejaVu Sans for headings, as in ``document.typ``), near-black headings
instead of blue ones, a US Letter page with the PDF's margins, a header with the district's name and
a footer with the page number. The result is rebuilt on every build (no binary file to keep in git)
and is byte-identical for the same pandoc and district name. ``set_properties`` writes the title,
author and language that pandoc leaves empty without a title block.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import zipfile

from ..errors import ToolError
from ..pandoc.runner import TIMEOUT_SECONDS, pandoc_path

SERIF, SANS, INK = "DejaVu Serif", "DejaVu Sans", "1A1A1A"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed time in every entry: the same inputs give the same bytes
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# US Letter in twentieths of a point; margins as document.typ: 0.9 in at the sides, 0.65 in top, 0.9 in bottom
PAGE = '<w:pgSz w:w="12240" w:h="15840" />'
MARGINS = (
    '<w:pgMar w:top="936" w:right="1296" w:bottom="1296" w:left="1296" w:header="504" w:footer="504" w:gutter="0" />'
)
HEADER_REL = f'<Relationship Id="rIdDistrictHeader" Type="{R}/header" Target="districtheader.xml" />'
FOOTER_REL = f'<Relationship Id="rIdDistrictFooter" Type="{R}/footer" Target="districtfooter.xml" />'
PART_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}+xml"


def _fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}" />'


def _styles(xml: str) -> str:
    xml = re.sub(r"<w:rFonts [^>]*minorHAnsi[^>]*/>", _fonts(SERIF), xml)
    xml = re.sub(r"<w:rFonts [^>]*majorHAnsi[^>]*/>", _fonts(SANS), xml)
    xml = re.sub(r'<w:rFonts w:eastAsiaTheme="majorEastAsia"\s+w:cstheme="majorBidi" />', _fonts(SANS), xml)
    xml = re.sub(r'<w:color w:val="(0F4761|4F81BD|595959|272727)"[^>]*/>', f'<w:color w:val="{INK}" />', xml)
    return xml.replace(
        '<w:sz w:val="24" />\n        <w:szCs w:val="24" />', '<w:sz w:val="21" />\n        <w:szCs w:val="21" />'
    )


def _paragraph(runs: str, align: str) -> str:
    style = f'<w:pPr><w:jc w:val="{align}" /></w:pPr>'
    return f'<w:p>{style}<w:r><w:rPr>{_fonts(SANS)}<w:sz w:val="16" /></w:rPr>{runs}</w:r></w:p>'


def _header(district: str) -> str:
    text = f'<w:t xml:space="preserve">{html.escape(district, quote=False)}</w:t>'
    return f"<w:hdr {W}>{_paragraph(text, 'right')}</w:hdr>"


def _footer() -> str:
    runs = (
        '<w:t xml:space="preserve">Page </w:t></w:r><w:r><w:rPr><w:sz w:val="16" /></w:rPr>'
        '<w:fldChar w:fldCharType="begin" /></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate" /></w:r><w:r><w:t>1</w:t></w:r><w:r>'
        '<w:fldChar w:fldCharType="end" />'
    )
    return f"<w:ftr {W}>{_paragraph(runs, 'right')}</w:ftr>"


def _section(xml: str) -> str:
    refs = (
        '<w:headerReference w:type="default" r:id="rIdDistrictHeader" />'
        '<w:footerReference w:type="default" r:id="rIdDistrictFooter" />'
    )
    xml = re.sub(
        r"<w:sectPr>(.*?)</w:sectPr>",
        lambda m: f"<w:sectPr>{refs}{m.group(1)}{PAGE}{MARGINS}</w:sectPr>",
        xml,
        flags=re.S,
    )
    if f'xmlns:r="{R}"' not in xml:
        xml = xml.replace("<w:document ", f'<w:document xmlns:r="{R}" ', 1)
    return xml


def _content_types(xml: str) -> str:
    parts = (
        f'<Override PartName="/word/districtheader.xml" ContentType="{PART_TYPE.format("header")}" />'
        f'<Override PartName="/word/districtfooter.xml" ContentType="{PART_TYPE.format("footer")}" />'
    )
    return xml.replace("</Types>", parts + "</Types>")


def default_reference() -> bytes:
    """pandoc's own reference.docx (the styles every pandoc DOCX starts from)."""
    command = [pandoc_path(), "--print-default-data-file", "reference.docx"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise ToolError("pandoc", "reference.docx", f"timed out after {TIMEOUT_SECONDS} s") from None
    if done.returncode != 0:
        raise ToolError("pandoc", "reference.docx", done.stderr.decode("utf-8", "replace"))
    return done.stdout


def rewrite_zip(data: bytes, change: dict[str, str], add: dict[str, str] | None = None) -> bytes:
    """The zip ``data`` with the named text entries replaced (or added), every entry at one fixed time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = change[name].encode("utf-8") if name in change else source.read(name)
            target.writestr(zipfile.ZipInfo(name, ZIP_TIME), content, zipfile.ZIP_DEFLATED)
        for name, text in (add or {}).items():
            target.writestr(zipfile.ZipInfo(name, ZIP_TIME), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def reference_docx(district: str, base: bytes | None = None) -> bytes:
    """The district's reference document for pandoc's ``--reference-doc``."""
    base = base or default_reference()
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        read = {
            name: source.read(name).decode("utf-8") for name in source.namelist() if name.endswith((".xml", ".rels"))
        }
    rels = read["word/_rels/document.xml.rels"].replace(
        "</Relationships>", HEADER_REL + FOOTER_REL + "</Relationships>"
    )
    change = {
        "word/styles.xml": _styles(read["word/styles.xml"]),
        "word/document.xml": _section(read["word/document.xml"]),
        "word/_rels/document.xml.rels": rels,
        "[Content_Types].xml": _content_types(read["[Content_Types].xml"]),
    }
    add = {"word/districtheader.xml": _header(district), "word/districtfooter.xml": _footer()}
    return rewrite_zip(base, change, add)


def set_properties(docx: bytes, title: str, author: str, lang: str) -> bytes:
    """Title, author and language in ``docProps/core.xml`` (what Word shows under File > Info)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        core = source.read("docProps/core.xml").decode("utf-8")
    values = {"dc:title": title, "dc:creator": author, "dc:language": lang}
    for tag, value in values.items():
        element = f"<{tag}>{html.escape(value, quote=False)}</{tag}>"
        core = re.sub(rf"<{tag}\s*/>|<{tag}>.*?</{tag}>", "", core, flags=re.S)
        core = core.replace("</cp:coreProperties>", element + "</cp:coreProperties>")
    return rewrite_zip(docx, {"docProps/core.xml": core})
