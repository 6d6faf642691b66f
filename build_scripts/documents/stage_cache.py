"""The documents stage, cached whole: when no template, policy or district value changed, neither
the check of every template for every school nor the documents themselves are made again.

The key is taken before anything is parsed: every file under ``templates/`` and ``source/``,
``mkdocs.yml``, the engines' fingerprint and the documents' date.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict

from ..cache import ContentCache, cache_key, tree_fingerprint
from ..errors import Problem, Severity
from ..source.models import District
from ..source.project import Manual, Project
from ..source.source_date import SourceDate
from .build import DocumentSet, check_documents, render_documents


class _Stored(BaseModel):
    """A DocumentSet as JSON (PDF and DOCX bytes as base64): no pickle, so a cache cannot run code."""

    model_config = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")
    documents: DocumentSet


def inputs_key(project: Project, fingerprint: str, *extra: str) -> str:
    trees = tree_fingerprint(project.templates, project.root / "source", project.mkdocs_yml)
    return cache_key("documents", fingerprint, trees, *extra)


def cached_check(project: Project, manual: Manual, cache: ContentCache, fingerprint: str) -> list[Problem]:
    """``check_documents``, or its stored answer for exactly these inputs."""
    if manual.district is None or any(p.is_error for p in manual.problems):
        return check_documents(project, manual)
    key = inputs_key(project, fingerprint, "check")
    stored = cache.get(key)
    if stored is not None:
        return [Problem(p, line, m, Severity(s)) for p, line, m, s in json.loads(stored["problems.json"])]
    problems = check_documents(project, manual)
    rows = [[p.path, p.line, p.message, p.severity.value] for p in problems]
    cache.put(key, {"problems.json": json.dumps(rows).encode()})
    return problems


def cached_documents(
    project: Project, manual: Manual, district: District, stamp: SourceDate, cache: ContentCache, fingerprint: str
) -> DocumentSet:
    """``render_documents``, or the stored documents made from exactly these inputs."""
    key = inputs_key(project, fingerprint, "render", str(stamp.epoch))
    stored = cache.get(key)
    if stored is not None:
        return _Stored.model_validate_json(stored["documents.json"]).documents
    documents = render_documents(project, manual, district, stamp)
    cache.put(key, {"documents.json": _Stored(documents=documents).model_dump_json().encode()})
    return documents
