"""Markdown from another tool: its front-matter keys mapped to ours by a small YAML file, its body kept.

``--map MAP.yml`` holds ``their-key: our_key`` lines (``date-adoption: adopted``); ``their-key: null``
drops a key on purpose. A key that is neither ours nor mapped is an error, so nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import PolicyError
from ..pandoc.runner import read_markdown
from ..source.front_matter import split_front_matter, unclosed_message
from ..source.models import PolicyMeta
from ..source.yamlsource import LocatedYaml, YamlProblem, load_located
from .astread import plain_text
from .emit import scalar
from .lines import Unreadable
from .meta import parse_date, split_refs

KeyMap = dict[str, str | None]
OUR_KEYS = list(PolicyMeta.model_fields)
DATE_KEYS = {"adopted", "first_reading", "second_reading", "review_by", "retired"}
LIST_KEYS = {"revised", "legal_refs", "cross_refs", "audience"}


@dataclass
class Mapped:
    code: str
    front: str
    body: str
    source: list[tuple[int, str]] = field(default_factory=list)
    moved: set[int] = field(default_factory=set)
    notes: list[tuple[int, str]] = field(default_factory=list)
    cross_refs: list[str] = field(default_factory=list)


def load_key_map(path: Path) -> KeyMap:
    """Read MAP.yml; every target must be one of our keys (or null)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PolicyError(f"{path}: cannot read the key map: {exc}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{path}:1: the key map must be 'their-key: our_key' lines")
    wrong = [f"{k}: {v}" for k, v in data.items() if v is not None and v not in OUR_KEYS]
    if wrong:
        raise PolicyError(f"{path}: not our front-matter keys: {', '.join(wrong)} (ours: {', '.join(OUR_KEYS)})")
    return {str(k): (None if v is None else str(v)) for k, v in data.items()}


def convert_markdown(path: Path, key_map: KeyMap | None) -> Mapped:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable("the file is not UTF-8 text; save it as UTF-8", data[: exc.start].count(b"\n") + 1) from None
    split = split_front_matter(text)
    if split.front is None:
        raise Unreadable("no YAML front matter ('---' lines) to map")
    if split.unclosed:
        raise Unreadable(unclosed_message(split, "the front matter"), split.last_field_line)
    try:
        located = load_located(split.front, split.front_line)
    except YamlProblem as exc:
        raise Unreadable(exc.message, exc.line) from None
    if not isinstance(located.data, dict):
        raise Unreadable("the front matter is not a set of 'key: value' lines", split.front_line)
    values, mapped = _map_keys(located, key_map or {})
    code = str(values.get("code") or "")
    if not code:
        raise Unreadable("no 'code' in the front matter (map their key for it to code)", split.front_line)
    words = plain_text(read_markdown(split.body, str(path))["blocks"])
    result = Mapped(code, _front(values), split.body.lstrip("\n"), mapped, {line for line, _t in mapped})
    result.source.append((split.body_line, words))
    refs = values.get("cross_refs")
    result.cross_refs = [str(ref) for ref in refs] if isinstance(refs, list) else []
    return result


def _map_keys(located: LocatedYaml, key_map: KeyMap) -> tuple[dict[str, object], list[tuple[int, str]]]:
    values: dict[str, object] = {}
    source: list[tuple[int, str]] = []
    for key, value in located.data.items():
        line = located.line_of((key,))
        ours = key_map.get(key, key if key in OUR_KEYS else "")
        if ours == "":
            raise Unreadable(
                f"front-matter key '{key}' is not ours and the key map does not map it "
                "(map it to one of our keys, or to null to drop it)",
                line,
            )
        if ours is None:
            continue
        values[ours] = _convert(ours, value, line)
        source.append((line, " ".join(_flat(value))))
    return values, source


def _flat(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [] if value is None else [str(value)]


def _convert(key: str, value: object, line: int) -> object:
    if key in DATE_KEYS or key == "revised":
        dates = [parse_date(v) for v in (_flat(value) if key == "revised" else _flat(value)[:1])]
        if any(d is None for d in dates):
            raise Unreadable(f"{key}: not a date I can read ({value!r})", line)
        isos = [d.isoformat() for d in dates if d is not None]
        return isos if key == "revised" else isos[0]
    if key in LIST_KEYS:
        return [part for item in _flat(value) for part in (split_refs(item) if isinstance(value, str) else [item])]
    return " ".join(str(value).split()) if value is not None else ""


def _front(values: dict[str, object]) -> str:
    lines = ["---"]
    for key in OUR_KEYS:
        if key not in values:
            continue
        value = values[key]
        if isinstance(value, list):
            lines += [f"{key}:", *[f"  - {scalar(str(v))}" for v in value]] if value else [f"{key}: []"]
        else:
            lines.append(f"{key}: {scalar(str(value))}")
    return "\n".join([*lines, "---", "", ""])
