"""Turn pydantic validation errors into located, plain-language problems.

A field is named as the clerk reads it: ``cross_refs, entry 2`` (entries counted from 1),
``schools, entry 1, grades``, ``district.contact.website``. Each message says the fix where one
is known: the value written the way it should be, or the choice it was probably meant to be.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem, error
from .models import CODE_PATTERN
from .suggest import closest, did_you_mean
from .yaml_errors import NO_SPACE, quoted
from .yamlsource import LocatedYaml

PLAIN_TYPES = {
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "int_parsing": "a whole number",
    "float_parsing": "a number",
    "string_type": "text",
}
NEEDS_QUOTES = re.compile(r"[,:#\[\]{}&*!|>'\"%@`]")


def validate_located(
    model: type[BaseModel], source: LocatedYaml, path: Path | str
) -> tuple[BaseModel | None, list[Problem]]:
    """Validate ``source.data`` against ``model``; every error is located in ``path``."""
    if not isinstance(source.data, dict):
        return None, [error(path, source.start_line, _not_fields(source.data), kind="field")]
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        problems = [_problem(model, source, path, err) for err in exc.errors(include_url=False)]
        return None, problems


def field_name(loc: tuple[Any, ...]) -> str:
    """``("schools", 0, "grades")`` as ``schools, entry 1, grades``; keys of keys joined by dots."""
    text = ""
    after_entry = False
    for part in loc:
        if isinstance(part, int):
            text += f", entry {part + 1}"
            after_entry = True
        else:
            text += (", " if after_entry else ".") + str(part) if text else str(part)
            after_entry = False
    return text


def _not_fields(data: Any) -> str:
    match = NO_SPACE.match(data) if isinstance(data, str) else None
    if match is not None:
        return f"put a space after the colon: {match['key']}: {match['value']}"
    return "expected fields, each on its own line as 'key: value'"


def _problem(model: type[BaseModel], source: LocatedYaml, path: Path | str, err: Any) -> Problem:
    loc = tuple(err["loc"])
    field = field_name(loc)
    line = source.line_of(loc)
    kind = err["type"]
    if kind == "missing":
        return error(path, line, f"{field}: required field is missing", kind="field")
    if kind == "extra_forbidden":
        return error(path, line, _unknown_field(model, loc), kind="field")
    if kind == "enum":
        allowed = err["ctx"]["expected"].replace("'", "")
        hint = did_you_mean(closest(str(err["input"]), re.findall(r"'([^']*)'", err["ctx"]["expected"])))
        return error(path, line, f"{field}: '{err['input']}' is not one of {allowed}{hint}", kind="field")
    if kind == "list_type":
        return error(path, line, f"{field}: {_as_list(loc, err['input'])}", kind="field")
    if kind in ("dict_type", "model_type"):
        return error(
            path, line, f"{field}: write its fields on the lines below it, indented, as 'key: value'", kind="field"
        )
    if kind in PLAIN_TYPES:
        return error(path, line, f"{field}: '{short(err['input'])}' is not {PLAIN_TYPES[kind]}", kind="field")
    if kind == "string_pattern_mismatch":
        return error(path, line, f"{field}: '{err['input']}' does not have the expected form", kind="field")
    return error(path, line, f"{field}: {err['msg']}" if field else err["msg"], kind="field")


def _as_list(loc: tuple[Any, ...], value: Any) -> str:
    """How to write a single value as the list a field takes: ``cross_refs: [G-170]``."""
    key = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    if isinstance(value, dict):
        return "write each entry on a line of its own, starting with '- ' (or all of them in square brackets)"
    text = str(value).strip()
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > 1 and all(CODE_PATTERN.match(part) for part in parts):
        entries = ", ".join(parts)
    else:
        entries = quoted(text) if NEEDS_QUOTES.search(text) else text
    return f"write it in square brackets: {key}: [{entries}]"


def _unknown_field(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    name = str(loc[-1])
    known = _fields_at(model, loc[:-1])
    hint = closest(name, known)
    suggestion = did_you_mean(hint) if hint else f" (known fields: {', '.join(known)})"
    return f"{name}: unknown field{suggestion}"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part)) if hasattr(current, "model_fields") else None
        if info is None:
            return []
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        current = next((a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if current is None:
            return []
    return list(current.model_fields) if current is not None else []


def short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
