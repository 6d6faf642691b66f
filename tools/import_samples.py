"""Synthetic policies in the shapes districts post them (text, PDF, DOCX, HTML, another tool's Markdown).

Used by the import tests and by ``tools/import_benchmark.py``. Every sample knows what it holds (code,
title, dates, references, headings, list nesting), so a test can compare an import with the truth.
"""

from __future__ import annotations

import json
import random
import subprocess
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pypandoc
import typst

WORDS = [
    "staff",
    "student",
    "school",
    "district",
    "committee",
    "shall",
    "may",
    "record",
    "report",
    "parent",
    "guardian",
    "principal",
    "superintendent",
    "safety",
    "building",
    "policy",
    "procedure",
    "notice",
    "access",
    "review",
    "complaint",
    "hearing",
    "written",
    "request",
    "member",
    "public",
    "meeting",
    "budget",
    "transport",
    "service",
    "program",
    "classroom",
    "teacher",
    "approval",
    "annual",
    "information",
    "electronic",
    "device",
    "equipment",
    "property",
    "visitor",
    "health",
    "emergency",
    "training",
]
HEADINGS = [
    "Purpose",
    "Scope",
    "Definitions",
    "Responsibilities",
    "Procedures",
    "Reporting Requirements",
    "Records and Retention",
    "Training",
    "Enforcement",
    "Review",
]
LEGAL = ["M.G.L. c. 71, § 37O", "603 CMR 26.00", "M.G.L. c. 76, § 5", "20 U.S.C. § 1232g", "950 CMR 32.03"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
STYLES = ["colon", "caps", "bold", "large"]
RUNNING_HEADER = "Riverton School District Policy Manual"
LONG_TITLES = [
    "Use of Electronic Communication Devices by Students and Staff During the School Day",
    "Nondiscrimination and Equal Opportunity in Employment, Programs and Activities of the District",
    "Reporting of Suspected Child Abuse and Neglect by School Personnel and Volunteers",
]
CONTACT = ["Civil Rights/Title IX Coordinator", "758 Riverside Road, Suite 2", "Riverton, ST 80000", "(555) 555-0100"]


@dataclass
class Item:
    text: str
    children: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    paragraphs: list[str]
    items: list[Item]


@dataclass
class Sample:
    code: str
    title: str
    adopted: date
    revised: list[date]
    legal_refs: list[str]
    cross_refs: list[str]  # a code, or a code with its title ("JICFB, Bullying Prevention"), or a title
    sections: list[Section]
    style: str = "colon"
    contact: list[str] = field(default_factory=list)  # a preformatted block at the end of the last section

    def body_words_text(self) -> str:
        """Every word of the body, in order (what the import must keep)."""
        parts: list[str] = []
        for number, section in enumerate(self.sections, start=1):
            parts += [section.heading, *section.paragraphs]
            parts += self.contact if number == len(self.sections) else []
            for item in section.items:
                parts += [item.text, *item.children]
        return " ".join(parts)


def sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def make_sample(index: int, codes: list[str], size: int = 3) -> Sample:
    """The ``index``-th synthetic policy; ``codes`` are the manual's codes (for cross references)."""
    rng = random.Random(index)
    code = codes[index]
    headings = rng.sample(HEADINGS, k=min(size + 1, len(HEADINGS)))
    sections = []
    for number, heading in enumerate(headings):
        paragraphs = [paragraph(rng, rng.randint(2, 6)) for _ in range(rng.randint(1, 2))]
        items = [
            Item(sentence(rng, 12), [sentence(rng, 9) for _ in range(2)] if n == 1 and number % 2 == 0 else [])
            for n in range(rng.randint(2, 4))
        ]
        sections.append(Section(heading, paragraphs, items if number != 1 else []))
    adopted = date(2010 + index % 10, 1 + index % 12, 1 + index % 27)
    others = [c for c in codes if c != code]
    cross = [f"{rng.choice(others)}, {' '.join(rng.sample(WORDS, 2)).title()}", "Staff Conduct"] if others else []
    return Sample(
        code=code,
        title=" ".join(rng.sample(WORDS, 3)).title(),
        adopted=adopted,
        revised=[date(adopted.year + 2, 6, 15)] if index % 2 else [],
        legal_refs=rng.sample(LEGAL, 2),
        cross_refs=cross,
        sections=sections,
        style=STYLES[index % len(STYLES)],
    )


def manual_codes(count: int) -> list[str]:
    letters = "ABCDEFGHIJ"
    return [f"{letters[n % 10]}{chr(65 + (n // 10) % 26)}{chr(65 + n % 26)}-{n + 1}" for n in range(count)]


def long_date(when: date) -> str:
    return f"{MONTHS[when.month - 1]} {when.day}, {when.year}"


def short_date(when: date) -> str:
    return f"{when.month}/{when.day}/{when.year % 100:02d}"


def to_text(sample: Sample) -> str:
    """Plain text like the seed: 'Title - CODE', 'Heading:' lines, numbered items, then references and dates."""
    out = [f"{sample.title} - {sample.code}", ""]
    for section in sample.sections:
        out += [f"{section.heading}:", ""]
        for text in section.paragraphs:
            out += [text, ""]
        for number, item in enumerate(section.items, start=1):
            out.append(f"{number}. {item.text}")
            out += [f"   {chr(97 + n)}. {child}" for n, child in enumerate(item.children)]
        if section.items:
            out.append("")
    out += _refs_lines(sample)
    return "\n".join(out) + "\n"


def _refs_lines(sample: Sample) -> list[str]:
    out = [f"LEGAL REFS.: {sample.legal_refs[0]}", *[f"             {r}" for r in sample.legal_refs[1:]], ""]
    if sample.cross_refs:
        out += [f"CROSS REFS.: {sample.cross_refs[0]}", *[f"             {r}" for r in sample.cross_refs[1:]], ""]
    out.append(f"Adopted: {long_date(sample.adopted)}")
    out += [f"Revised: {short_date(d)}" for d in sample.revised]
    return out


def _typst_heading(text: str, style: str) -> str:
    return {
        "colon": f"{text}:",
        "caps": text.upper(),
        "bold": f"#strong[{text}]",
        "large": f"#text(size: 14pt)[{text}]",
    }[style]


def to_typst(sample: Sample, *, furniture: bool) -> str:
    """Typst source of the policy; with ``furniture``, a running header and 'Page N of M' footers."""
    out = ['#set text(font: "Libertinus Serif", size: 11pt)', '#set enum(numbering: "1.a.")']
    if furniture:
        out.append(f"#set page(header: [{sample.title} #h(1fr) Policy {sample.code}], footer: {PAGE_FOOTER})")
    return "\n".join([*out, f"#text(size: 16pt)[{sample.title} - {sample.code}]", "", *_typst_body(sample)]) + "\n"


PAGE_FOOTER = "context [#h(1fr) Page #counter(page).display() of #counter(page).final().first() #h(1fr)]"


def to_manual_typst(sample: Sample) -> str:
    """A PDF as a district posts it: the manual's running header and page footers, the title alone in large
    bold type (wrapped when long), the code on a 'File:' line, the contact block in a monospaced font."""
    return "\n".join(
        [
            '#set text(font: "Libertinus Serif", size: 11pt)',
            '#set enum(numbering: "1.a.")',
            f"#set page(header: text(size: 9pt)[{RUNNING_HEADER}], footer: text(size: 9pt, {PAGE_FOOTER}))",
            f'#text(size: 16pt, weight: "bold")[{sample.title}]',
            "",
            f"File: {sample.code}",
            "",
            *_typst_body(sample),
        ]
    )


def _typst_body(sample: Sample) -> list[str]:
    out: list[str] = []
    for number, section in enumerate(sample.sections, start=1):
        out += [_typst_heading(section.heading, sample.style), ""]
        for text in section.paragraphs:
            out += [text, ""]
        if number == len(sample.sections) and sample.contact:
            out += [f"#raw(block: true, {json.dumps(chr(10).join(sample.contact))})", ""]
        for item in section.items:
            out.append(f"+ {item.text}")
            out += [f"  + {child}" for child in item.children]
        out.append("")
    out += [" \\\n".join(["LEGAL REFS.: " + sample.legal_refs[0], *sample.legal_refs[1:]]), ""]
    if sample.cross_refs:
        out += [" \\\n".join(["CROSS REFS.: " + sample.cross_refs[0], *sample.cross_refs[1:]]), ""]
    out += [f"Adopted: {long_date(sample.adopted)}", ""]
    return out + [f"Revised: {short_date(d)}\n" for d in sample.revised]


def write_pdf(sample: Sample, path: Path, *, furniture: bool = False, manual: bool = False) -> Path:
    source = path.with_suffix(".typ")
    source.write_text(to_manual_typst(sample) if manual else to_typst(sample, furniture=furniture), encoding="utf-8")
    typst.compile(str(source), output=str(path), root=str(path.parent))
    source.unlink()
    return path


def to_html(sample: Sample) -> str:
    """A page saved from a vendor's site: h1 title, h2 headings, nested ordered lists, references."""
    out = [f"<html><body><h1>{sample.title} - {sample.code}</h1>"]
    for section in sample.sections:
        out.append(f"<h2>{section.heading}</h2>")
        out += [f"<p>{text}</p>" for text in section.paragraphs]
        if section.items:
            out.append("<ol>")
            for item in section.items:
                children = "".join(f"<li>{c}</li>" for c in item.children)
                out.append(f"<li>{item.text}" + (f'<ol type="a">{children}</ol>' if children else "") + "</li>")
            out.append("</ol>")
    out.append("<p>LEGAL REFS.: " + "; ".join(sample.legal_refs) + "</p>")
    if sample.cross_refs:
        out.append("<p>CROSS REFS.: " + "; ".join(sample.cross_refs) + "</p>")
    out.append(f"<p>Adopted: {long_date(sample.adopted)}</p>")
    out += [f"<p>Revised: {short_date(d)}</p>" for d in sample.revised]
    return "\n".join([*out, "</body></html>"]) + "\n"


def write_docx(sample: Sample, path: Path) -> Path:
    """A Word file, made by pandoc from the HTML shape."""
    pandoc = str(pypandoc.get_pandoc_path())
    command = [pandoc, "-f", "html", "-t", "docx", "-o", str(path)]
    subprocess.run(command, input=to_html(sample), text=True, check=True, capture_output=True, timeout=60)
    return path


def to_word_markdown(sample: Sample) -> str:
    """Markdown that pandoc turns into a Word file as a clerk types one: the title in Word's Title style, a
    'File:' line, headings, lists, and the contact block indented with tabs (Word's "Source Code" style)."""
    out = ["---", f"title: {json.dumps(sample.title)}", "---", "", f"File: {sample.code}", ""]
    for number, section in enumerate(sample.sections, start=1):
        out += [f"## {section.heading}", ""]
        for text in section.paragraphs:
            out += [text, ""]
        if number == len(sample.sections) and sample.contact:
            out += [*(f"\t{line}" for line in sample.contact), ""]
        for index, item in enumerate(section.items, start=1):
            out += [f"{index}. {item.text}", *(f"    {chr(97 + n)}. {c}" for n, c in enumerate(item.children))]
        out.append("")
    out += ["LEGAL REFS.: " + "; ".join(sample.legal_refs), ""]
    out += ["CROSS REFS.: " + "; ".join(sample.cross_refs), ""] if sample.cross_refs else []
    out += [f"Adopted: {long_date(sample.adopted)}", "", *(f"Revised: {short_date(d)}\n" for d in sample.revised)]
    return "\n".join(out)


def markdown_to_docx(markdown: str, path: Path) -> Path:
    pandoc = str(pypandoc.get_pandoc_path())
    command = [pandoc, "-f", "markdown", "-t", "docx", "-o", str(path)]
    subprocess.run(command, input=markdown, text=True, check=True, capture_output=True, timeout=60)
    return path


def manual_sample(index: int, codes: list[str], size: int = 3) -> Sample:
    """A sample as the manuals in the issue had it: a title long enough to wrap, and a contact block."""
    sample = make_sample(index, codes, size)
    return replace(sample, title=LONG_TITLES[index % len(LONG_TITLES)], contact=list(CONTACT))


KEY_MAP = "policy-code: code\nname: title\ndate-adoption: adopted\ndate-revised: revised\n"
KEY_MAP += "legal-refs: legal_refs\nrelated: cross_refs\nauthor: null\n"


def to_mapped_markdown(sample: Sample) -> str:
    """Another tool's Markdown: its own front-matter keys (see ``KEY_MAP``) and dates as it writes them."""
    front = [
        "---",
        f"policy-code: {sample.code}",
        f"name: {sample.title}",
        f'date-adoption: "{long_date(sample.adopted)}"',
        "date-revised: [" + ", ".join(f'"{short_date(d)}"' for d in sample.revised) + "]",
        "legal-refs:",
        *[f'  - "{r}"' for r in sample.legal_refs],
        "related: [" + ", ".join(r.split(",")[0] for r in sample.cross_refs) + "]",
        "author: Policy Subcommittee",
        "---",
        "",
    ]
    body: list[str] = []
    for section in sample.sections:
        body += [f"## {section.heading}", ""]
        for text in section.paragraphs:
            body += [text, ""]
        for number, item in enumerate(section.items, start=1):
            body.append(f"{number}. {item.text}")
            body += [f"    {chr(97 + n)}. {child}" for n, child in enumerate(item.children)]
        body.append("")
    return "\n".join(front + body)


WRITERS = ["txt", "pdf", "furniture.pdf", "html", "docx", "md", "header.pdf", "tabbed.docx"]


def write_sample(sample: Sample, folder: Path, shape: str) -> Path:
    """Write ``sample`` into ``folder`` in one of ``WRITERS``' shapes; the file is named after the code."""
    stem = folder / f"{sample.code}-{sample.title.lower().replace(' ', '-')}"
    if shape == "txt":
        path = stem.with_suffix(".txt")
        path.write_text(to_text(sample), encoding="utf-8")
        return path
    if shape in ("pdf", "furniture.pdf"):
        return write_pdf(sample, stem.with_suffix(".pdf"), furniture=shape == "furniture.pdf")
    if shape == "html":
        path = stem.with_suffix(".html")
        path.write_text(to_html(sample), encoding="utf-8")
        return path
    if shape == "docx":
        return write_docx(sample, stem.with_suffix(".docx"))
    if shape == "header.pdf":
        return write_pdf(sample, stem.with_suffix(".pdf"), manual=True)
    if shape == "tabbed.docx":
        return markdown_to_docx(to_word_markdown(sample), stem.with_suffix(".docx"))
    path = stem.with_suffix(".md")
    path.write_text(to_mapped_markdown(sample), encoding="utf-8")
    return path
