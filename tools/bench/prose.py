"""Policy-like prose from a seeded random generator: sentences, paragraphs, provisions, tables.

Nothing here reads or writes files; ``manual.py`` turns these blocks into policy files. Every
function takes the ``random.Random`` it draws from, so a seed gives the same manual every time.
"""

from __future__ import annotations

import random
import re

SUBJECTS = (
    "The Superintendent",
    "Each principal",
    "Staff members",
    "The School Committee",
    "The district",
    "Parents and guardians",
    "Students",
    "The building administrator",
    "Employees",
    "The Director of Finance",
    "The Director of Student Services",
    "Every school council",
    "The Committee's policy subcommittee",
    "Any person who observes a violation",
    "The Assistant Superintendent",
)
VERBS = (
    "shall ensure that the district keeps",
    "will review",
    "may designate a staff member to oversee",
    "shall maintain",
    "shall be responsible for",
    "shall report",
    "must document",
    "will communicate",
    "shall publish",
    "may request",
    "shall provide training on",
    "will evaluate",
)
OBJECTS = (
    "records of every request received",
    "a safe and orderly learning environment",
    "the procedures described in this policy",
    "written notice to the families concerned",
    "the annual budget for this program",
    "the complaint and its resolution",
    "access to appropriate instructional materials",
    "the confidentiality of student records",
    "a schedule of regular inspections",
    "the outcome of each investigation",
    "a summary of the data collected during the year",
    "reasonable accommodations for students with disabilities",
    "the use of district equipment and facilities",
    "clear expectations for conduct on school grounds",
)
QUALIFIERS = (
    "in accordance with applicable state and federal law",
    "within ten school days",
    "at least once each school year",
    "unless the Committee provides otherwise",
    "in consultation with the school physician",
    "before the start of each school year",
    "as soon as practicable",
    "in a language the family understands",
    "with the approval of the Superintendent",
    "subject to the limits of the collective bargaining agreements",
    "",
)
TERMS = (
    "Business Day",
    "Parent",
    "School Grounds",
    "Designee",
    "Student Record",
    "Complainant",
    "Employee",
    "Electronic Device",
    "School-Sponsored Activity",
    "Volunteer",
)
SECTION_TITLES = (
    "Scope",
    "Responsibilities",
    "Procedures",
    "Reporting",
    "Investigation",
    "Notice to Families",
    "Training",
    "Records",
    "Confidentiality",
    "Exceptions",
    "Review and Evaluation",
    "Appeals",
    "Implementation",
    "Communication",
    "Enforcement",
    "Accommodations",
)
# Citations that rules in source/citations.yml recognise (the build links them).
LEGAL_REFS = (
    "M.G.L. c. 71, § 37O",
    "M.G.L. c. 71, § 37H",
    "M.G.L. c. 76, § 5",
    "M.G.L. c. 69, § 1B",
    "M.G.L. c. 74, § 2",
    "M.G.L. c. 30A, § 20",
    "M.G.L. c. 66, § 10",
    "M.G.L. c. 268A, § 23",
    "M.G.L. c. 4, § 7(26)",
    "603 CMR 26.00",
    "603 CMR 23.00",
    "950 CMR 32.03",
)


def sentence(rng: random.Random) -> str:
    qualifier = rng.choice(QUALIFIERS)
    words = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    return f"{words} {qualifier}." if qualifier else f"{words}."


def sentences(rng: random.Random, low: int, high: int) -> list[str]:
    return [sentence(rng) for _ in range(rng.randint(low, high))]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def word_count(text: str) -> int:
    return len(text.split())


def definitions(rng: random.Random) -> str:
    """A definition list: ``Term`` then ``:   definition``."""
    terms = rng.sample(TERMS, rng.randint(2, 4))
    return "\n\n".join(f"{term}\n:   {' '.join(sentences(rng, 1, 2))}" for term in terms)


def provisions(rng: random.Random) -> str:
    """A numbered list of provisions; some items hold a nested numbered list."""
    lines = []
    for number in range(1, rng.randint(3, 7) + 1):
        lines.append(f"{number}. {sentence(rng)}")
        if rng.random() < 0.3:
            lines += [f"    {sub}. {sentence(rng)}" for sub in range(1, rng.randint(2, 3) + 1)]
    return "\n".join(lines)


def table(rng: random.Random) -> str:
    """A pipe table of steps, who takes them and when."""
    rows = ["| Step | Responsible | Timeline |", "| --- | --- | --- |"]
    for step in range(1, rng.randint(3, 5) + 1):
        who = rng.choice(SUBJECTS)
        rows.append(f"| Step {step}: {rng.choice(OBJECTS)} | {who} | {rng.choice(QUALIFIERS[:6])} |")
    return "\n".join(rows)
