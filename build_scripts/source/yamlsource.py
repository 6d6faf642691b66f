"""YAML with line numbers, without YAML's type guessing.

Every scalar stays a string (``NO`` is not ``False``, ``2019-02-30`` is not a crash): the
pydantic models decide what a value means. Each value remembers the line it came from, so a
model error on ``("revised", 1)`` can be reported at the line of that list item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .yaml_errors import explain

Loc = tuple[str | int, ...]
NULLS = {"", "~", "null", "Null", "NULL"}
MAX_DEPTH = 10  # nested lists and mappings; district.yml needs 4, a policy's front matter 2
OPENS = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
CLOSES = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None)  # PyYAML built with libyaml (the wheels are)


@dataclass
class LocatedYaml:
    """Parsed YAML data plus the line of every key and item (1-based, in the file)."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    start_line: int = 1

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known part of ``loc``."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return self.start_line


class YamlProblem(Exception):
    """Malformed YAML, with the line where the parser gave up."""

    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}")


def load_located(text: str, first_line: int = 1) -> LocatedYaml:
    """Parse ``text``; ``first_line`` is the file line of the text's first line.

    libyaml's parser (ten times faster) reads it first. On any problem PyYAML's own parser reads it
    again, so a malformed file is reported with the same message whichever parsers are installed.
    """
    if FAST_LOADER is not None:
        try:
            return _located(_compose(text, first_line, FAST_LOADER), first_line)
        except YamlProblem:  # every parser error arrives as one (``_compose``)
            pass
    return _located(_compose(text, first_line, yaml.SafeLoader), first_line)


def _located(node: yaml.Node | None, first_line: int) -> LocatedYaml:
    located = LocatedYaml(data=None, start_line=first_line)
    if node is not None:
        located.data = _convert(node, (), located, first_line)
    return located


def _compose(text: str, first_line: int, loader: Any) -> yaml.Node | None:
    try:
        prescan(text, first_line, loader)
        return yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        index, message = explain(exc, text)
        raise YamlProblem(first_line + index, message) from None
    except yaml.reader.ReaderError as exc:  # a control character: position counts characters of ``text``
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        line = first_line + text.count("\n", 0, max(exc.position, 0))
        raise YamlProblem(
            line, f"this line holds a control character (U+{char:04X}) that cannot be used here: delete it"
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, "malformed YAML: " + " ".join(str(exc).split())) from None


def prescan(text: str, first_line: int = 1, loader: Any = yaml.SafeLoader) -> None:
    """Refuse anchors, aliases and deep nesting before anything recursive reads ``text``.

    PyYAML's scanner is a loop over tokens; its composer and constructor recurse (thousands of
    ``[`` raise RecursionError) and expand aliases (a "billion laughs" document). No source file
    needs either, so both are malformed YAML here.
    """
    depth = 0
    for token in yaml.scan(text, Loader=loader):
        line = first_line + token.start_mark.line
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            kind = "anchor '&" if isinstance(token, yaml.AnchorToken) else "alias '*"
            raise YamlProblem(line, f"malformed YAML: {kind}{token.value}' not allowed; write each value out in full")
        if isinstance(token, OPENS):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(line, f"malformed YAML: nested more than {MAX_DEPTH} levels deep")
        elif isinstance(token, CLOSES):
            depth -= 1


def _convert(node: yaml.Node, loc: Loc, out: LocatedYaml, offset: int) -> Any:
    out.lines.setdefault(loc, offset + node.start_mark.line)
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in NULLS:
            return None
        return str(node.value)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*loc, i), out, offset) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, loc, out, offset)
    raise YamlProblem(offset + node.start_mark.line, "unsupported YAML node")


def _convert_mapping(node: yaml.MappingNode, loc: Loc, out: LocatedYaml, offset: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = offset + key_node.start_mark.line
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlProblem(line, "malformed YAML: a key must be plain text")
        key = str(key_node.value)
        if key in result:
            first = out.lines.get((*loc, key), line)
            raise YamlProblem(line, f"{key}: appears twice (first on line {first}); keep one")
        out.lines[(*loc, key)] = line
        result[key] = _convert(value_node, (*loc, key), out, offset)
        out.lines[(*loc, key)] = line
    return result
