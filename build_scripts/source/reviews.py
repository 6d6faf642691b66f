"""Review locks: who last approved each document's paraphrases, against which clause texts.

A document that cites a clause instead of quoting it says the clause again in its own words (the
parent letter does). ``source/reviews.yml`` records, per document, the sha256 of every clause it
paraphrased when a person last approved it (``policy approve DOCUMENT --by NAME``). When one of those
clauses changes, ``policy check`` names the document and the clause until someone approves it again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import Problem, ValidationFailed, error
from ..paths.project import REVIEWS

HEADER = (
    "# Who approved each document's paraphrases of policy clauses, and the clause texts (sha256) they\n"
    "# approved. Written by `policy approve DOCUMENT --by NAME`; not edited by hand.\n"
)


class DocumentReview(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    approved_by: str = Field(min_length=1, description="Who reviewed the document against the clauses.")
    approved_on: date = Field(description="When.")
    clauses: dict[str, str] = Field(description="Each paraphrased clause (CODE#clause-id) -> sha256 of its text.")


class Reviews(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    documents: dict[str, DocumentReview] = Field(default_factory=dict)


def read_reviews(root: Path) -> tuple[Reviews, list[Problem]]:
    path = root / REVIEWS
    if not path.is_file():
        return Reviews(), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return Reviews(documents=data), []
    except (yaml.YAMLError, ValidationError, TypeError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = str(exc).splitlines()[0]
        return Reviews(), [
            error(REVIEWS, line, f"not a valid review record ({reason}); write it with policy approve", kind="review")
        ]


def write_review(root: Path, document: str, review: DocumentReview) -> Path:
    """Record ``review`` for ``document``, keeping the others; documents in id order."""
    reviews, problems = read_reviews(root)
    if problems:  # never overwrite a record that cannot be read: its approvals would be lost
        raise ValidationFailed(problems)
    documents = {**reviews.documents, document: review}
    data = {key: documents[key].model_dump() for key in sorted(documents)}
    path = root / REVIEWS
    path.write_text(HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def review_line(root: Path, document: str) -> int:
    """The line of ``document:`` in the record (1 when it has none)."""
    path = root / REVIEWS
    if not path.is_file():
        return 1
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{document}:")), 1)
