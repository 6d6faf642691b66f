"""Synthetic MASC-coded policies: codes, titles, front matter and a body of a chosen length.

A policy is kept as blocks (a paragraph is a list of sentences) so that a later revision can
change one sentence and the file is written again from the same blocks.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from . import prose

# Share of policies per MASC section in a typical manual (J and I are the largest).
SECTION_WEIGHTS = {"A": 2, "B": 6, "C": 4, "D": 6, "E": 5, "F": 3, "G": 8, "H": 2, "I": 9, "J": 12, "K": 5, "L": 2}
TOPICS = {
    "A": ("District Mission", "Equal Educational Opportunities", "Policy Development", "Nondiscrimination"),
    "B": ("Committee Meetings", "Committee Officers", "Public Participation", "Committee Ethics", "Minutes"),
    "C": ("Superintendent's Duties", "Administrative Organization", "School Councils", "Administrative Leave"),
    "D": ("Budget Planning", "Purchasing", "Fund Balance", "Grants", "Student Activity Accounts", "Payroll"),
    "E": ("Transportation", "Food Services", "Building Security", "Records Retention", "Emergency Plans"),
    "F": ("Facilities Planning", "Construction Projects", "Naming of Facilities", "Energy Conservation"),
    "G": (
        "Staff Conduct",
        "Staff Leaves",
        "Hiring",
        "Staff Evaluation",
        "Professional Development",
        "Drug-Free Workplace",
    ),
    "H": ("Negotiations Goals", "Bargaining Representatives", "Interim Agreements"),
    "I": ("Homework", "Grading", "Field Trips", "Curriculum Adoption", "Library Materials", "Testing", "Promotion"),
    "J": (
        "Attendance",
        "Bullying Prevention",
        "Student Discipline",
        "Student Records",
        "Wellness",
        "Hazing",
        "Dress Code",
    ),
    "K": ("Public Complaints", "Community Use of Facilities", "Visitors", "Relations with the Press", "Volunteers"),
    "L": ("Relations with Other Districts", "Relations with Private Schools", "Regional Collaboratives"),
}
KINDS = ("", " Policy", " Procedures", " Guidelines")
AUDIENCES = ("staff", "parents", "students", "public")
MIN_WORDS, MAX_WORDS = 300, 3000
LAST_SECTION_ROOM = 500  # a section adds at most about this many words once the target is reached


@dataclass
class SyntheticPolicy:
    code: str
    title: str
    adopted: date
    audience: list[str]
    legal_refs: list[str]
    cross_refs: list[str] = field(default_factory=list)
    revised: list[date] = field(default_factory=list)
    retired: date | None = None
    blocks: list[str | list[str]] = field(default_factory=list)  # Markdown, or a paragraph's sentences

    @property
    def filename(self) -> str:
        return f"{self.code}.md"

    def text(self) -> str:
        return self.front_matter() + "\n" + self.body()

    def body(self) -> str:
        return "\n\n".join(b if isinstance(b, str) else " ".join(b) for b in self.blocks) + "\n"

    def front_matter(self) -> str:
        lines = ["---", f"code: {self.code}", f'title: "{self.title}"', f"section: {self.code[0]}"]
        lines.append(f"status: {'retired' if self.retired else 'adopted'}")
        lines.append(f"adopted: {self.adopted.isoformat()}")
        if self.revised:
            lines.append(f"revised: [{', '.join(d.isoformat() for d in self.revised)}]")
        if self.retired:
            lines.append(f"retired: {self.retired.isoformat()}")
        lines += ["legal_refs:", *(f"  - {ref}" for ref in self.legal_refs)] if self.legal_refs else []
        if self.cross_refs:
            lines.append(f"cross_refs: [{', '.join(self.cross_refs)}]")
        lines.append(f"audience: [{', '.join(self.audience)}]")
        return "\n".join([*lines, "---"]) + "\n"

    def revise(self, rng: random.Random, day: date) -> None:
        """Change one sentence of one paragraph and add ``day`` to ``revised``."""
        paragraphs = [b for b in self.blocks if isinstance(b, list)]
        paragraph = rng.choice(paragraphs)
        index = rng.randrange(len(paragraph))
        replacement = prose.sentence(rng)
        while replacement == paragraph[index]:
            replacement = prose.sentence(rng)
        paragraph[index] = replacement
        self.revised.append(day)


def make_codes(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """``count`` distinct MASC-style codes such as JICFB, GBEB or IHBA-R, in code order."""
    letters, weights = list(SECTION_WEIGHTS), list(SECTION_WEIGHTS.values())
    codes: set[str] = set()
    while len(codes) < count:
        section = rng.choices(letters, weights)[0]
        code = section + "".join(rng.choice("ABCDEFGHIJKLMNOPRST") for _ in range(rng.randint(0, 4)))
        suffix = rng.random()
        code += "-R" if suffix < 0.1 else "-E" if suffix < 0.15 else ""
        if code not in taken:
            codes.add(code)
    return sorted(codes)


def target_words(rng: random.Random) -> int:
    """Log-uniform, so that most policies are short and a few long (as in real manuals); with the last
    section added, a body has 300-3,000 words."""
    return round(math.exp(rng.uniform(math.log(MIN_WORDS), math.log(MAX_WORDS - LAST_SECTION_ROOM))))


def make_policy(rng: random.Random, code: str, adopted: date, others: list[str]) -> SyntheticPolicy:
    title = rng.choice(TOPICS[code[0]]) + ("" if code.endswith(("-R", "-E")) else rng.choice(KINDS))
    title += " Regulation" if code.endswith("-R") else " Exhibit" if code.endswith("-E") else ""
    audience = sorted(rng.sample(AUDIENCES, rng.randint(1, 3)), key=AUDIENCES.index)
    refs = rng.sample(prose.LEGAL_REFS, rng.randint(0, 3))
    crosses = sorted(rng.sample([c for c in others if c != code], min(len(others) - 1, rng.randint(0, 3))))
    policy = SyntheticPolicy(code, title, adopted, audience, refs, crosses)
    policy.blocks = make_body(rng, policy, target_words(rng))
    return policy


def make_body(rng: random.Random, policy: SyntheticPolicy, words: int) -> list[str | list[str]]:
    """Headings with ids, paragraphs, definitions, provisions, a table, cross and legal references."""
    blocks: list[str | list[str]] = ["## Purpose {#purpose}", prose.sentences(rng, 2, 4)]
    blocks += ["## Definitions {#definitions}", prose.definitions(rng)]
    references = _references(policy)
    if references:
        blocks.append([references])
    titles = list(prose.SECTION_TITLES)
    rng.shuffle(titles)
    count = 0
    while sum(prose.word_count(b if isinstance(b, str) else " ".join(b)) for b in blocks) < words:
        title = titles[count % len(titles)] + (f" {count // len(titles) + 1}" if count >= len(titles) else "")
        blocks += _section(rng, title, table_here=count == 1)
        count += 1
    return blocks


def _section(rng: random.Random, title: str, *, table_here: bool) -> list[str | list[str]]:
    blocks: list[str | list[str]] = [f"## {title} {{#{prose.slug(title)}}}", prose.sentences(rng, 2, 5)]
    blocks.append(prose.provisions(rng))
    if table_here:
        blocks.append(prose.table(rng))
    if rng.random() < 0.3:
        sub = f"{title} Details"
        blocks += [f"### {sub} {{#{prose.slug(sub)}}}", prose.sentences(rng, 2, 4)]
    return blocks


def _references(policy: SyntheticPolicy) -> str:
    parts = []
    if policy.cross_refs:
        parts.append("This policy should be read with " + ", ".join(f"Policy {c}" for c in policy.cross_refs) + ".")
    if policy.legal_refs:
        parts.append("Legal references: " + "; ".join(policy.legal_refs) + ".")
    return " ".join(parts)
