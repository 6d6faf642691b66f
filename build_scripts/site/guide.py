"""The examples of the clerk's guide, taken from the district's own manual: a code of one of its
policies, new codes in its code scheme and in a section it declares, one of its documents and the
languages they are made in, its review cycle. The guide serves any district; every command it shows
runs as written on the district's project (tests/test_guide.py runs them in order)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..documents import DocumentSet
from ..source.models import CodeScheme, District, section_of
from ..source.project import Manual

NEW_TITLE = "Bullying Prevention"
RETIRE_ON = date(2026, 11, 17)  # after the example's adoption (2026-10-20): the dates of the guide's story
MASC_STUDENTS = "J"  # the MASC section of student policies, where a bullying policy belongs
NUMERIC_STUDENTS = "5000"  # the series of student policies in numbered schemes (CSBA and most states)


@dataclass(frozen=True)
class GuideExamples:
    policy: str  # a code of the manual (published first, else any)
    new: str  # a code not in use, in the district's scheme and a section it declares
    renamed: str  # another one
    title: str
    branch: str  # the proposal's branch
    retire_on: str  # YYYY-MM-DD, not before ``policy``'s last date
    document: str | None  # a document id (a translated one when there is one)
    languages: list[str]  # English names of the languages documents are translated into
    cycle: int | None  # review_cycle_years


def guide_examples(manual: Manual, district: District, documents: DocumentSet | None) -> GuideExamples:
    metas = [p.meta for p in manual.policies if p.meta is not None]
    published = [p.meta for p in manual.published]
    chosen = sorted(published or metas, key=lambda m: m.code)
    policy = chosen[0].code if chosen else "CODE"
    effective = chosen[0].effective_date if chosen else None
    retire_on = max(RETIRE_ON, effective + timedelta(days=1)) if effective else RETIRE_ON
    new, renamed = unused_codes(district, {m.code for m in metas} | {c for m in metas for c in m.former_codes})
    translated = sorted({d.id for d in documents.documents if d.translated}) if documents else []
    made = sorted({d.id for d in documents.documents}) if documents else []
    langs = {d.lang for d in documents.documents if d.translated} if documents else set()
    return GuideExamples(
        policy=policy,
        new=new,
        renamed=renamed,
        title=NEW_TITLE,
        branch=f"proposal-{new.lower()}",
        retire_on=retire_on.isoformat(),
        document=(translated or made)[0] if made else None,
        languages=[district.language_info(code).english for code in sorted(langs)],
        cycle=district.review_cycle_years,
    )


def unused_codes(district: District, taken: set[str]) -> tuple[str, str]:
    """Two codes no policy uses, in a section the district declares: the students' section when there
    is one (JICK, JICL; 5131.1, 5131.2), else its first."""
    if district.code_scheme is CodeScheme.MASC:
        sections = _students_first(district, MASC_STUDENTS)
        candidates = [f"{s}IC{letter}" for s in sections for letter in "KLMNPQRSTUVWXYZ"]
    else:
        sections = _students_first(district, NUMERIC_STUDENTS)
        numbered = [s for s in sections if s.isdigit()]
        candidates = [f"{int(s) + 131:0{len(s)}d}.{n}" for s in numbered for n in range(1, 10)]
    free = [c for c in candidates if c not in taken and section_of(c) in district.sections]
    first, second, *_rest = [*free, "NEW-1", "NEW-2"]
    return first, second


def _students_first(district: District, students: str) -> list[str]:
    keys = list(district.sections)
    return [students, *[k for k in keys if k != students]] if students in keys else keys
