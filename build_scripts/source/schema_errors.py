"""Turn pydantic validation errors into located, plain-language problems."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem, error
from .yamlsource import LocatedYaml


def validate_located(
    model: type[BaseModel], source: LocatedYaml, path: Path | str
) -> tuple[BaseModel | None, list[Problem]]:
    """Validate ``source.data`` against ``model``; every error is located in ``path``."""
    if not isinstance(source.data, dict):
        return None, [error(path, source.start_line, "expected a mapping of fields (key: value)")]
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        problems = [_problem(model, source, path, err) for err in exc.errors(include_url=False)]
        return None, problems


def _problem(model: type[BaseModel], source: LocatedYaml, path: Path | str, err: Any) -> Problem:
    loc = tuple(err["loc"])
    field = _dotted(loc)
    line = source.line_of(loc)
    kind = err["type"]
    if kind == "missing":
        return error(path, line, f"{field}: required field is missing")
    if kind == "extra_forbidden":
        return error(path, line, _unknown_field(model, loc, source))
    if kind == "enum":
        allowed = err["ctx"]["expected"].replace("'", "")
        return error(path, line, f"{field}: '{err['input']}' is not one of {allowed}")
    if kind in ("list_type", "dict_type", "model_type"):
        wanted = {"list_type": "a list", "dict_type": "a mapping", "model_type": "a mapping of fields"}[kind]
        return error(path, line, f"{field}: expected {wanted}, got '{_short(err['input'])}'")
    if kind in PLAIN_TYPES:
        return error(path, line, f"{field}: '{_short(err['input'])}' is not {PLAIN_TYPES[kind]}")
    if kind == "string_pattern_mismatch":
        return error(path, line, f"{field}: '{err['input']}' does not have the expected form")
    return error(path, line, f"{field}: {err['msg']}" if field else err["msg"])


PLAIN_TYPES = {
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "int_parsing": "a whole number",
    "float_parsing": "a number",
    "string_type": "text",
}


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _unknown_field(model: type[BaseModel], loc: tuple[Any, ...], source: LocatedYaml) -> str:
    name = str(loc[-1])
    known = _fields_at(model, loc[:-1])
    hint = difflib.get_close_matches(name, known, n=1)
    suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (known fields: {', '.join(known)})"
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


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
