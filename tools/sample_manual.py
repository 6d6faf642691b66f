"""A realistic sample manual: policies as a district posts them, with what each one truly holds.

``sample_manual(40)`` gives 40 policies of the made-up Riverton School District: numbered codes (``5131.2``,
``0401.80``, ``BP 0410``) and MASC codes, titles long enough to wrap, PDFs with the manual's running header
and page-number footers, Word files with tab-indented contact blocks, cross references to codes the manual
has and to codes it does not, legal references, and dates written as districts write them. ``write_manual``
writes them into a folder (typst makes the PDFs, pandoc the Word files). Deterministic; no network.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tools.manual_writers import write_policy

DISTRICT = "Riverton School District"
CATALOGUE = [  # (code as the manual writes it, title); every code here is in the manual
    ("BP 0410", "Nondiscrimination in District Programs and Activities"),
    ("0401.80", "Equal Employment Opportunity and Affirmative Action for Certificated and Classified Staff"),
    ("1312.3", "Uniform Complaint Procedures"),
    ("1250", "Visitors and Outsiders"),
    ("3515.2", "Disruptions"),
    ("3541.1", "Transportation for School-Related Trips"),
    ("4119.11", "Sexual Harassment"),
    ("4040", "Employee Use of Technology"),
    ("5113.1", "Chronic Absence and Truancy"),
    ("5131.2", "Bullying"),
    ("5131.6", "Alcohol and Other Drugs"),
    ("5131.8", "Mobile Communication Devices"),
    ("5141.4", "Child Abuse Prevention and Reporting by School Personnel, Volunteers and Contractors"),
    ("5141.21", "Administering Medication and Monitoring Health Conditions"),
    ("5145.3", "Nondiscrimination and Harassment"),
    ("5145.12", "Search and Seizure"),
    ("6142.1", "Sexual Health and HIV/AIDS Prevention Instruction"),
    ("6153", "School-Sponsored Trips"),
    ("6163.4", "Student Use of Technology"),
    ("6173.1", "Education for Foster Youth"),
    ("ACAB", "Sexual Harassment of Students and Employees in District Programs and Activities"),
    ("ADF", "Wellness"),
    ("BEDH", "Public Comment at Meetings of the Board of Education"),
    ("EBCFA", "Face Coverings"),
    ("GBEB", "Staff Conduct"),
    ("GBGB", "Staff Personal Security and Safety"),
    ("IHAMB", "Teaching About Alcohol, Tobacco and Drugs"),
    ("IJNDB", "Use of Electronic Communication Devices and the Internet by Students and Staff"),
    ("JIC", "Student Discipline"),
    ("JICFB", "Bullying Prevention"),
    ("JICH", "Alcohol, Tobacco and Drug Use by Students Prohibited"),
    ("JIH", "Searches and Interrogations"),
    ("JLCD", "Administering Medicines to Students"),
    ("JRA", "Student Records"),
    ("KF", "Community Use of School Facilities"),
    ("KE", "Public Complaints"),
    ("KHC", "Distribution of Materials by Community Groups"),
    ("JJIB", "Interscholastic Athletics"),
    ("JFBB", "School Choice"),
    ("EEAA", "Student Transportation Safety and the Conduct of Students on School Buses"),
]
ABSENT = [  # codes a policy refers to that the manual does not have
    ("BP 5131.7", "Weapons and Dangerous Instruments"),
    ("5144.1", "Suspension and Expulsion"),
    ("JICFB-R", "Bullying Prevention Procedures"),
    ("GBEB-R", "Staff Conduct Rules"),
]
HEADINGS = ["Purpose", "Definitions", "Reporting", "Responsibilities", "Procedures", "Notification", "Appeals"]
SENTENCES = [
    "The Board of Education believes that every student deserves a safe and welcoming school.",
    "The Superintendent or designee shall develop regulations to carry out this policy.",
    "Staff shall report any incident they witness to the principal on the same school day.",
    "A parent or guardian may ask to see the record of an investigation that concerns their child.",
    "The principal shall keep a written record of every complaint and of the steps taken in response.",
    "Retaliation against any person who files a complaint or takes part in an investigation is prohibited.",
    "This policy applies on school grounds, on school buses and at school-sponsored activities.",
    "Each school shall post this policy in its main office and publish it in the student handbook.",
    "Students who violate this policy are subject to discipline under the district's code of conduct.",
    "The district shall train staff each year on the signs of harassment and on how to respond.",
    "A complaint may be made orally or in writing to any teacher, counselor or administrator.",
    "The investigation shall be completed within ten school days of the complaint, when possible.",
    "Both parties shall be told in writing of the outcome and of their right to appeal.",
    "Nothing in this policy limits the rights of students or staff under state or federal law.",
    "The district shall work with law enforcement when an incident may be a crime.",
    "Records kept under this policy are confidential and are shared only as the law allows.",
]
LEGAL = [
    "Education Code 48900",
    "Education Code 234.1",
    "20 U.S.C. § 1681",
    "34 C.F.R. Part 106",
    "42 U.S.C. § 2000d",
    "Penal Code 11164-11174.3",
    "M.G.L. c. 71, § 37O",
    "603 CMR 26.00",
]
CONTACTS = [
    ["Civil Rights/Title IX Coordinator", "Assistant Superintendent, Human Resources", "758 Riverside Road"],
    ["Riverton School District", "Attn: Compliance Officer", "758 Riverside Road, Riverton, ST 80000"],
]


Ref = tuple[str, str | None]  # a cross reference as written, and the code it names when the manual has it


@dataclass
class Section:
    heading: str
    paragraphs: list[str]
    items: list[tuple[str, list[str]]] = field(default_factory=list)  # (item, its lettered sub-items)


@dataclass
class Policy:
    """One policy of the sample and the truth about it: what an import must find."""

    written_code: str  # as the manual writes it: 'BP 0410', '5131.2', 'JICFB'
    title: str
    shape: str  # pdf | pdf-code-first | pdf-caps | docx | docx-heading
    sections: list[Section]
    contact: list[str]  # a preformatted (tab-indented or monospaced) block after the first section
    legal_refs: list[str]
    cross_refs: list[Ref]
    adopted: date
    revised: list[date]
    date_style: int

    @property
    def code(self) -> str:
        return self.written_code.split()[-1]

    def body_words(self) -> str:
        """The body's text in order: what the imported policy must hold, word for word."""
        parts: list[str] = []
        for number, section in enumerate(self.sections):
            parts += [section.heading, *section.paragraphs, *(self.contact if number == 0 else [])]
            for item, subitems in section.items:
                parts += [item, *subitems]
        return " ".join(parts)


SHAPES = ["docx", "pdf", "docx-heading", "pdf", "pdf-caps", "docx", "pdf-code-first", "pdf"]


def sample_manual(count: int = 40, *, only: list[str] | None = None) -> list[Policy]:
    """``count`` policies spread over the catalogue (or the ``only`` codes). A policy looks the same in any
    sample: its shape, text and styles follow its place in the catalogue; its cross references name
    policies of the sample, and one in two also names a code that is in no sample."""
    if only is not None:
        chosen = [n for n, (written, _title) in enumerate(CATALOGUE) if written.split()[-1] in only]
    else:
        chosen = [number * len(CATALOGUE) // count for number in range(min(count, len(CATALOGUE)))]
    present = [CATALOGUE[n] for n in chosen]
    return [_policy(n, *CATALOGUE[n], present) for n in chosen]


def _policy(index: int, written: str, title: str, present: list[tuple[str, str]]) -> Policy:
    rng = random.Random(f"riverton-{index}")
    headings = rng.sample(HEADINGS, k=2 + index % 3)
    sections = [Section(h, [_paragraph(rng) for _ in range(rng.randint(1, 2))]) for h in headings]
    sections[-1].items = [(_sentence(rng), [_sentence(rng) for _ in range(n % 2 * 2)]) for n in range(3)]
    adopted = date(2004 + index % 17, 1 + index * 5 % 12, 1 + index * 7 % 27)
    return Policy(
        written_code=written,
        title=title,
        shape=SHAPES[index % len(SHAPES)],
        sections=sections,
        contact=CONTACTS[index % 2] if index % 3 != 2 else [],
        legal_refs=rng.sample(LEGAL, k=1 + index % 3),
        cross_refs=_cross_refs(rng, index, written, present),
        adopted=adopted,
        revised=[date(adopted.year + 3, 1 + index % 12, 15)] if index % 2 else [],
        date_style=index % 5,
    )


def _cross_refs(rng: random.Random, index: int, written: str, present: list[tuple[str, str]]) -> list[Ref]:
    others = [entry for entry in present if entry[0] != written]
    linked = rng.sample(others, k=min(2, len(others)))
    refs: list[Ref] = [(_ref_text(w, t, n), w.split()[-1]) for n, (w, t) in enumerate(linked)]
    if index % 2 == 0:
        absent_written, absent_title = ABSENT[index // 2 % len(ABSENT)]
        refs.append((_ref_text(absent_written, absent_title, index), None))
    if index % 4 == 1:
        refs.append(("Student Handbook", None))  # a title only: text
    return refs


def _ref_text(written: str, title: str, style: int) -> str:
    """A cross reference as districts write it: '5131.2 - Bullying', 'JICFB, Bullying Prevention', 'BP 5131.7'."""
    if style % 3 == 0:
        return f"{written} - {title}"
    if style % 3 == 1:
        return f"{written}, {title}" if not written[0].isdigit() else f"{written} {title}"
    return written


def _sentence(rng: random.Random) -> str:
    return rng.choice(SENTENCES)


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.sample(SENTENCES, k=rng.randint(2, 5)))


def write_manual(policies: list[Policy], folder: Path) -> list[Path]:
    """Write every policy into ``folder``; the files are named as districts name them."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_policy(policy, folder) for policy in policies]
