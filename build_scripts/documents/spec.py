"""Document specs: one Jinja template per document in ``templates/documents/<id>.md.j2``.

The spec is the template's YAML front matter; the body is the Jinja template proper. The front
matter is replaced by blank lines before Jinja sees the file, so Jinja's line numbers are the
file's line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..errors import Problem, error
from ..source.front_matter import split_front_matter, unclosed_message
from ..source.models import CODE, Audience
from ..source.schema_errors import validate_located
from ..source.yamlsource import LocatedYaml, YamlProblem, load_located

DOCUMENT_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CLAUSE_REF = re.compile(rf"^(?P<policy>{CODE})#(?P<clause>[a-z0-9]+(?:-[a-z0-9]+)*)$")
SUFFIX = ".md.j2"
ENDTRANS_MID_LINE = re.compile(r"\{%[-+]?\s*endtrans\s*[-+]?%\}[ \t]*(?=[^\s])")


class DocumentSpec(BaseModel):
    """The front matter of a document template."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=DOCUMENT_ID)] = Field(description="Document id, stable forever: file names, URLs.")
    title: str = Field(min_length=1, description="The document's title as printed.")
    summary: str = Field("", description="One sentence on what the document is for, shown on its site page.")
    audience: list[Audience] = Field(min_length=1, description="Who the document is for.")
    per_school: bool = Field(description="Made once for every school (true) or once for the district (false).")
    docx: bool = Field(False, description="Also produce a Word file (for offices that adapt it).")
    one_page: bool = Field(False, description="The printed form must fit on one page.")
    letter: bool = Field(
        False, description="A letter sent home: body text 11 pt, never set smaller to fit (spacing tightens instead)."
    )
    fillable: bool = Field(False, description="The blank PDF can be filled in on screen (form fields over its lines).")
    in_bundle: bool = Field(True, description="Part of each school's print bundle (per-school documents only).")
    max_grade: float | None = Field(
        None,
        description="Highest Flesch-Kincaid grade of the document's own paragraphs (in English; not of translations).",
    )
    clauses: list[str] = Field(
        default_factory=list, description="Every clause the template quotes or cites, as CODE#clause-id."
    )
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = Field(
        default_factory=list,
        description="Also made in these languages (codes, e.g. es, pt), from source/translations/<code>.po.",
    )
    policies_for: Audience | None = Field(
        None, description="Draws on the full text of every adopted policy whose audience includes this one."
    )

    @field_validator("clauses")
    @classmethod
    def _clause_refs(cls, value: list[str]) -> list[str]:
        for ref in value:
            if not CLAUSE_REF.match(ref):
                raise ValueError(
                    f"'{ref}' is not a clause reference: write CODE#clause-id, e.g. G-170#cellular-phones-1"
                )
        return value


@dataclass(frozen=True)
class DocumentTemplate:
    """A template file: its spec, its Jinja source (front matter blanked) and where it lives."""

    path: str  # as displayed, relative to the project
    spec: DocumentSpec
    source: str
    located: LocatedYaml

    def line_of(self, *loc: str | int) -> int:
        return self.located.line_of(tuple(loc))


def load_templates(folder: Path, display: str) -> tuple[list[DocumentTemplate], list[Problem]]:
    """Every ``*.md.j2`` in ``folder`` with a valid spec, and the problems of the others."""
    templates: list[DocumentTemplate] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        shown = f"{display}/{path.name}"
        template, found = load_template(path.read_text(encoding="utf-8"), shown)
        problems += found
        if template is not None:
            if template.spec.id != path.name[: -len(SUFFIX)]:
                line = template.line_of("id")
                problems.append(
                    error(
                        shown, line, f"id: '{template.spec.id}' must match the file name ({path.name})", kind="template"
                    )
                )
            else:
                templates.append(template)
    return templates, problems


def load_template(text: str, path: str) -> tuple[DocumentTemplate | None, list[Problem]]:
    split = split_front_matter(text)
    if split.front is None:
        return None, [
            error(
                path,
                1,
                "no front matter: start the template with '---', the document's spec, then '---'",
                kind="template",
            )
        ]
    if split.unclosed:
        return None, [
            error(path, split.last_field_line, unclosed_message(split, "the document's spec"), kind="template")
        ]
    try:
        located = load_located(split.front, split.front_line)
    except YamlProblem as exc:
        return None, [error(path, exc.line, exc.message, kind="yaml")]
    spec, problems = validate_located(DocumentSpec, located, path)
    if not isinstance(spec, DocumentSpec):
        return None, problems
    source = "\n" * (split.body_line - 1) + split.body
    problems += [
        error(
            path,
            source.count("\n", 0, m.start()) + 1,
            "a trans block ends at the end of its line (after endtrans)",
            kind="template",
        )
        for m in ENDTRANS_MID_LINE.finditer(source)
    ]
    return DocumentTemplate(path, spec, source, located), problems
