"""The JSON Schemas of the source files, generated from the models (never written by hand): what
editors validate ``district.yml``, ``citations.yml``, front matter and document specs against."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from ..documents.spec import DocumentSpec
from ..source.citations import CitationRules
from ..source.models import District, PolicyMeta

SCHEMAS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("policy-front-matter", PolicyMeta),
    ("district", District),
    ("citations", CitationRules),
    ("document-spec", DocumentSpec),
)


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(model.model_json_schema(), indent=2, sort_keys=True) + "\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS:
        path = out / f"{name}.schema.json"
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
