"""The sample manual's files as a district posts them: PDFs (typst) and Word files (pandoc).

PDFs carry the manual's running header and page-number footers, a title in large bold type (wrapped when
long) or in capitals, headings in bold, with a colon or in capitals, and the contact block in a monospaced
font. Word files have the title in Word's Title style or as a heading, and the contact block indented with
tabs. Dates and references are written in one of several district styles.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pypandoc
import typst

if TYPE_CHECKING:
    from tools.sample_manual import Policy

HEADER = "Riverton School District Policy Manual"
MONTHS = ["January", "February", "March", "April", "May", "June", "July"]
MONTHS += ["August", "September", "October", "November", "December"]
TYPST_SPECIAL = re.compile(r"([\\#$*_<>@\[\]`~=/+-])")


def write_policy(policy: Policy, folder: Path) -> Path:
    if policy.shape.startswith("pdf"):
        return _write_pdf(policy, folder / _file_name(policy, ".pdf"))
    return _write_docx(policy, folder / _file_name(policy, ".docx"))


def _file_name(policy: Policy, suffix: str) -> str:
    """'BP_0410.pdf', '5131.2 Bullying.docx', 'JICFB.pdf', 'GBEB-staff-conduct.docx'."""
    words = re.sub(r"[^A-Za-z0-9 ]", "", policy.title).split()[:3]
    styles = [
        policy.written_code.replace(" ", "_"),
        f"{policy.code} {' '.join(words)}",
        policy.code,
        f"{policy.code}-{'-'.join(w.lower() for w in words)}",
    ]
    return styles[len(policy.title) % len(styles)] + suffix


def code_line(policy: Policy) -> str:
    """The line naming the code: 'BP 0410', 'Policy 5131.2', 'File: JICFB'."""
    if " " in policy.written_code:
        return policy.written_code
    return f"Policy {policy.code}" if policy.code[0].isdigit() else f"File: {policy.code}"


def date_lines(policy: Policy) -> list[str]:
    """The adoption and revision dates in one of five district styles."""
    style = policy.date_style
    if style == 0:
        return [f"Adopted: {_long(policy.adopted)}", *(f"Revised: {_short(d)}" for d in policy.revised)]
    if style == 1:
        return [f"ADOPTED: {_numeric(policy.adopted)}", *(f"REVISED: {_numeric(d)}" for d in policy.revised)]
    if style == 2:
        return [f"Date Adopted: {_numeric(policy.adopted)}", *(f"Last Revised: {_numeric(d)}" for d in policy.revised)]
    if style == 3:
        revised = [f"Revised on {_long(d)}" for d in policy.revised]
        return [f"Adopted by the Board of Education on {_long(policy.adopted)}", *revised]
    return [f"Policy adopted: {_long(policy.adopted)}", *(f"revised: {_long(d)}" for d in policy.revised)]


def reference_blocks(policy: Policy) -> list[list[str]]:
    """The legal and cross references, each block a label line and one reference a line (or ';' between)."""
    legal_label, cross_label = (
        ("LEGAL REFS.:", "CROSS REFS.:") if policy.date_style % 2 else ("Legal Reference:", "Cross Reference:")
    )
    blocks = [[legal_label, *policy.legal_refs]]
    cross = [written for written, _code in policy.cross_refs]
    if cross and policy.date_style == 4:
        blocks.append([f"{cross_label} {'; '.join(cross)}"])
    elif cross:
        blocks.append([cross_label, *cross])
    return blocks


def _long(when: date) -> str:
    return f"{MONTHS[when.month - 1]} {when.day}, {when.year}"


def _short(when: date) -> str:
    return f"{when.month}/{when.day}/{when.year % 100:02d}"


def _numeric(when: date) -> str:
    return f"{when.month:02d}/{when.day:02d}/{when.year}"


def _t(text: str) -> str:
    return TYPST_SPECIAL.sub(r"\\\1", text)


def _typst_title(policy: Policy) -> list[str]:
    if policy.shape == "pdf-code-first":
        return [_t(code_line(policy)), "", f'#text(size: 14pt, weight: "bold")[{_t(policy.title)}]', ""]
    if policy.shape == "pdf-caps":
        return [f'#text(size: 13pt, weight: "bold")[{_t(policy.title.upper())}]', "", _t(code_line(policy)), ""]
    return [f'#text(size: 16pt, weight: "bold")[{_t(policy.title)}]', "", _t(code_line(policy)), ""]


def _typst_heading(policy: Policy, text: str) -> str:
    if policy.shape == "pdf-code-first":
        return _t(f"{text}:")
    return _t(text.upper()) if policy.shape == "pdf-caps" else f"#strong[{_t(text)}]"


def _typst_source(policy: Policy) -> str:
    right = f" #h(1fr) {_t(code_line(policy))}" if len(policy.title) % 2 else ""
    footer = (
        "context [#h(1fr) Page #counter(page).display() of #counter(page).final().first() #h(1fr)]"
        if policy.date_style % 2
        else "context [Riverton School District #h(1fr) Page #counter(page).display()]"
    )
    out = [
        '#set text(font: "Libertinus Serif", size: 11pt)',
        '#set enum(numbering: "1.a.")',
        f"#set page(header: text(size: 9pt)[{HEADER}{right}], footer: text(size: 9pt, {footer}))",
        *_typst_title(policy),
    ]
    for number, section in enumerate(policy.sections):
        out += [
            _typst_heading(policy, section.heading),
            "",
            *(p for text in section.paragraphs for p in (_t(text), "")),
        ]
        if number == 0 and policy.contact:
            out += [f"#raw(block: true, {json.dumps(chr(10).join(policy.contact))})", ""]
        for item, subitems in section.items:
            out += [f"+ {_t(item)}", *(f"  + {_t(sub)}" for sub in subitems)]
        out.append("")
    for block in reference_blocks(policy):
        out += [" \\\n".join(_t(line) for line in block), ""]
    return "\n".join([*out, *(line for text in date_lines(policy) for line in (_t(text), ""))])


def _write_pdf(policy: Policy, path: Path) -> Path:
    source = path.with_suffix(".typ")
    source.write_text(_typst_source(policy), encoding="utf-8")
    typst.compile(str(source), output=str(path), root=str(path.parent))
    source.unlink()
    return path


def _markdown(policy: Policy) -> str:
    """Markdown that pandoc turns into the Word file: the contact block indented with tabs (a code block)."""
    if policy.shape == "docx-heading":
        out = [f"# {policy.title}", "", code_line(policy), ""]
    else:
        out = ["---", f"title: {json.dumps(policy.title)}", "---", "", code_line(policy), ""]
    for number, section in enumerate(policy.sections):
        heading = f"**{section.heading}**" if policy.shape == "docx-heading" else f"## {section.heading}"
        out += [heading, "", *(p for text in section.paragraphs for p in (text, ""))]
        if number == 0 and policy.contact:
            out += [*(f"\t{line}" for line in policy.contact), ""]
        for index, (item, subitems) in enumerate(section.items, start=1):
            out += [f"{index}. {item}", *(f"    {chr(97 + n)}. {sub}" for n, sub in enumerate(subitems))]
        out.append("")
    for block in reference_blocks(policy):
        out += ["\\\n".join(block), ""]
    return "\n".join([*out, *(line for text in date_lines(policy) for line in (text, ""))])


def _write_docx(policy: Policy, path: Path) -> Path:
    command = [str(pypandoc.get_pandoc_path()), "-f", "markdown", "-t", "docx", "-o", str(path)]
    subprocess.run(command, input=_markdown(policy), text=True, check=True, capture_output=True, timeout=60)
    return path
