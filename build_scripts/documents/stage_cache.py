"""The documents stage, cached whole: made once by ``policy check`` (which must know that every
document of every school builds, fits its pages and reads at its grade) and reused by the build.

The key is taken before anything is parsed: every file under ``templates/`` and ``source/``,
``mkdocs.yml``, the engines' fingerprint and the documents' date (the newest policy text's, never
the commit's, so a commit that changes none of their inputs reuses them).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..cache import ContentCache, cache_key, tree_fingerprint
from ..errors import Problem
from ..paths.project import Project
from ..source.models import District
from ..source.project import Manual
from ..source.source_date import SourceDate
from .build import DocumentSet, check_documents
from .doc_cache import DocumentCache
from .parts import PART_KIND


class _Stored(BaseModel):
    """A DocumentSet as JSON (PDF and DOCX bytes as base64): no pickle, so a cache cannot run code."""

    model_config = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")
    documents: DocumentSet | None
    problems: list[tuple[str, int, str, str, str]]


def inputs_key(project: Project, fingerprint: str, stamp: SourceDate) -> str:
    trees = tree_fingerprint(*project.inputs())
    return cache_key("documents", fingerprint, trees, str(stamp.epoch), stamp.commit or "")


def cached_documents(
    project: Project, manual: Manual, district: District, stamp: SourceDate, cache: ContentCache, fingerprint: str
) -> tuple[DocumentSet | None, list[Problem]]:
    """``check_documents``, or its stored answer (documents or problems) for exactly these inputs.
    ``cache`` is the whole cache: the stage is kept as ``documents``, each document as ``document``,
    each policy written into a document as ``document-part``."""
    key, stage = inputs_key(project, fingerprint, stamp), cache.kind("documents")
    stored = stage.get(key)
    if stored is not None:
        found = _Stored.model_validate_json(stored["documents.json"])
        return found.documents, [Problem.from_row(row) for row in found.problems]
    documents, problems = check_documents(
        project, manual, district, stamp, DocumentCache(cache.kind("document"), fingerprint, cache.kind(PART_KIND))
    )
    rows = [p.to_row() for p in problems]
    stage.put(key, {"documents.json": _Stored(documents=documents, problems=rows).model_dump_json().encode()})
    return documents, problems
