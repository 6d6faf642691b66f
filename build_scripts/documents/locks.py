"""Review locks on paraphrases: a document that cites a clause says it again in its own words, so a
change to the clause waits for a person to approve the document again (``policy approve``)."""

from __future__ import annotations

from ..errors import Problem, warning
from ..source.reviews import DocumentReview, Reviews
from .environment import Rendered
from .library import Library


def paraphrased(rendered: list[Rendered]) -> dict[str, tuple[Rendered, list[str]]]:
    """Each source-language document -> (one rendering, every clause it cites for any school)."""
    found: dict[str, tuple[Rendered, list[str]]] = {}
    for item in rendered:
        if item.usage.translated:
            continue
        _first, refs = found.setdefault(item.template.spec.id, (item, []))
        for (code, ident), mode in item.sources.used.items():
            if mode == "cite" and f"{code}#{ident}" not in refs:
                refs.append(f"{code}#{ident}")
    return found


def clause_hashes(refs: list[str], library: Library) -> dict[str, str]:
    """The sha256 of each clause's text today."""
    hashes = {}
    for ref in refs:
        code, ident = ref.split("#", 1)
        clause = library.clause(code, ident)
        if clause is not None:
            hashes[ref] = clause.sha256
    return hashes


def _state(document: str, ref: str, review: DocumentReview | None) -> str:
    if review is None:
        return f"{document} paraphrases {ref} and has not been approved yet"
    who, day = review.approved_by, review.approved_on
    if ref in review.clauses:
        return f"{document} paraphrases {ref}, which has changed since {who} approved it on {day}"
    return f"{document} paraphrases {ref}, which {who} did not approve on {day}"


def paraphrase_problems(rendered: list[Rendered], reviews: Reviews, library: Library) -> tuple[list[Problem], set[str]]:
    """A warning for every paraphrased clause changed since its document was approved (or never
    approved), at the clause's line in the template's front matter; and those documents' ids."""
    problems, pending = [], set()
    for document, (item, refs) in paraphrased(rendered).items():
        review = reviews.documents.get(document)
        template = item.template
        for ref, sha in clause_hashes(refs, library).items():
            if review is not None and review.clauses.get(ref) == sha:
                continue
            pending.add(document)
            state = _state(document, ref, review)
            index = template.spec.clauses.index(ref) if ref in template.spec.clauses else None
            line = template.line_of("clauses", index) if index is not None else template.line_of("clauses")
            message = f"{state}: review it, then run: policy approve {document} --by NAME"
            problems.append(warning(template.path, line, message, kind="paraphrase.unapproved"))
    return problems, pending
