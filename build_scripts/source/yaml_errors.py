"""Plain words for YAML that cannot be read: the mistake the clerk made, on the line it was made.

PyYAML says where its parser gave up, in its own terms ("mapping values are not allowed here",
"could not find expected ':'"), often a line after the mistake. Each rule below recognises one
common mistake from the parser's error and the text, and says the fix; the first rule that
matches speaks. A mistake no rule knows keeps the parser's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

# One line as typed: indentation, an optional list dash, an optional "key:" and the value after it.
ENTRY = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?:(?P<key>[A-Za-z_][\w-]*):(?:\s+|$))?(?P<value>.*?)\s*$")
NO_SPACE = re.compile(r"^(?P<indent>\s*)(?P<key>[A-Za-z_][\w-]*):(?!//)(?P<value>\S.*?)\s*$")
CANNOT_START = re.compile(
    r"found character '(.)' that cannot start any token|expected the node content, but found '(.)'"
)
ODD_BREAK = re.compile("[\u0085\u2028\u2029]")
SHOWN = 60  # characters of a value quoted back in a message
MISALIGNED = (
    "expected <block end>",
    "did not find expected key",
    "did not find expected '-' indicator",
    "mapping values are not allowed here",
    "expected <block mapping start>",
)


@dataclass(frozen=True)
class Failure:
    """A parser error with the text it was raised on (lines are 0-based indexes into ``lines``)."""

    problem: str
    context: str
    line: int
    column: int
    context_line: int | None
    context_column: int
    lines: list[str]

    @classmethod
    def of(cls, exc: yaml.MarkedYAMLError, text: str) -> Failure:
        line, column = _place(text, exc.problem_mark or exc.context_mark)
        context_line, context_column = _place(text, exc.context_mark)
        return cls(
            problem=str(exc.problem or exc),
            context=str(exc.context or ""),
            line=line or 0,
            column=column,
            context_line=context_line,
            context_column=context_column,
            lines=text.split("\n"),
        )

    def row(self, index: int | None) -> str:
        return self.lines[index].rstrip("\r") if index is not None and 0 <= index < len(self.lines) else ""


Rule = Callable[[Failure], tuple[int, str] | None]


def _place(text: str, mark: yaml.Mark | None) -> tuple[int | None, int]:
    """A mark's line and column counted in '\\n' lines (YAML also breaks lines at U+0085, U+2028, U+2029)."""
    if mark is None:
        return None, 0
    index = min(max(mark.index, 0), len(text))
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index), index - start


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The 0-based line of the mistake and what to do about it."""
    failure = Failure.of(exc, text)
    for rule in RULES:
        found = rule(failure)
        if found is not None:
            return found
    return failure.line, f"malformed YAML: {failure.problem}"


def quoted(value: str) -> str:
    """``value`` as a YAML quoted string: double quotes, or single ones when it holds a double quote."""
    if '"' in value or "\\" in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


def short(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def _as_typed(line: str, value: str) -> str:
    """The line again, its value replaced (without its indentation)."""
    match = ENTRY.match(line)
    if match is None:
        return value
    if match["dash"]:
        return f"- {value}"
    return f"{match['key']}: {value}" if match["key"] else value


def _named(line: str) -> tuple[str, str]:
    """What the clerk calls the value on ``line`` ("the title", "the entry") and the value itself."""
    match = ENTRY.match(line)
    if match is None:
        return "the value", line.strip()
    if match["dash"]:
        return "the entry", line.strip()[1:].strip()
    return (f"the {match['key']}" if match["key"] else "the value"), match["value"]


def _odd_line_break(failure: Failure) -> tuple[int, str] | None:
    """A line separator pasted from a word processor, which YAML takes for the end of a line."""
    for index in range(max(failure.line - 1, 0), min(failure.line + 1, len(failure.lines))):
        found = ODD_BREAK.search(failure.row(index))
        if found:
            code = f"U+{ord(found[0]):04X}"
            return index, f"this line holds a line separator ({code}), often pasted from a word processor: delete it"
    return None


def _tab(failure: Failure) -> tuple[int, str] | None:
    if "'\\t'" not in failure.problem:
        return None
    row = failure.row(failure.line)
    before, after = row[: failure.column].strip(), row[failure.column :].strip()
    if before:
        return failure.line, f"found a tab after '{short(before)}': use a space instead"
    if after:
        return failure.line, f"found a tab before '{short(after)}': indent with spaces instead"
    return failure.line, "found a tab: use spaces instead"


def _no_space(failure: Failure) -> tuple[int, str] | None:
    """``title:Bullying Prevention``: a field with no space after its colon, at or before the error."""
    last = max(failure.line, failure.context_line or 0)
    for index in range(min(last + 1, len(failure.lines))):
        match = NO_SPACE.match(failure.row(index))
        if match and (not match["indent"] or index == failure.context_line) and ": " not in match["value"]:
            return index, f"put a space after the colon: {match['key']}: {short(match['value'])}"
    return None


def _colon_in_value(failure: Failure) -> tuple[int, str] | None:
    """``title: Bullying Prevention: Students and Staff``: a value holding ': ' must be quoted."""
    if failure.problem != "mapping values are not allowed here":
        return None
    row = failure.row(failure.line)
    name, value = _named(row)
    if ": " not in value and not value.endswith(":"):
        return None
    return failure.line, f"put {name} in quotes: {_as_typed(row, quoted(value))}"


def _cannot_start(failure: Failure) -> tuple[int, str] | None:
    """``cross_refs: @reserved``, ``title: `x```: a value starting with a reserved character."""
    match = CANNOT_START.match(failure.problem)
    if match is None:
        return None
    row = failure.row(failure.line)
    _name, value = _named(row)
    char = match[1] or match[2]
    return failure.line, f"a value cannot start with '{char}': put it in quotes: {_as_typed(row, quoted(value))}"


def _text_after_quote(failure: Failure) -> tuple[int, str] | None:
    """``title: "Bullying" Prevention``: text after the closing quote."""
    row = failure.row(failure.line)
    name, value = _named(row)
    if not failure.problem.startswith("expected <block end>, but found '<scalar>'") or value[:1] not in ("'", '"'):
        return None
    return failure.line, f"put the whole of {name} in quotes: {_as_typed(row, quoted(value))}"


def _unclosed_bracket(failure: Failure) -> tuple[int, str] | None:
    """``cross_refs: [G-170``: a list (or ``{`` mapping) that is never closed."""
    for kind, opener, closer in (("sequence", "[", "]"), ("mapping", "{", "}")):
        expected = failure.problem.startswith(f"expected ',' or '{closer}'")
        if failure.context == f"while parsing a flow {kind}" and expected:
            line = failure.context_line if failure.context_line is not None else failure.line
            return line, f"the '{opener}' on this line has no closing '{closer}': add '{closer}' at the end"
    return None


def _unclosed_quote(failure: Failure) -> tuple[int, str] | None:
    if failure.context != "while scanning a quoted scalar" or failure.context_line is None:
        return None
    mark = failure.row(failure.context_line)[failure.context_column : failure.context_column + 1] or '"'
    shown = f"'{mark}'" if mark == '"' else f'"{mark}"'
    if failure.problem.startswith("found unknown escape character"):
        return failure.line, f"inside {shown} quotes a '\\' must be doubled ('\\\\'), or use the other kind of quotes"
    return failure.context_line, f"the text that starts with {shown} on this line has no closing {shown}"


def _list_entry_after_key(failure: Failure) -> tuple[int, str] | None:
    """``cross_refs: - G-170``: a list entry on its field's line."""
    if failure.problem != "sequence entries are not allowed here":
        return None
    match = ENTRY.match(failure.row(failure.line))
    key = f"'{match['key']}:'" if match and match["key"] else "its field"
    return failure.line, f"start each '- ' entry on a line of its own, below {key} and indented by two spaces"


def _not_a_field(failure: Failure) -> tuple[int, str] | None:
    if failure.problem != "could not find expected ':'" or failure.context_line is None:
        return None
    row = failure.row(failure.context_line).strip()
    shown = f"'{short(row)}'" if row else "this line"
    return failure.context_line, f"{shown} is not a field: write each field as 'key: value'"


def _misaligned(failure: Failure) -> tuple[int, str] | None:
    if not failure.problem.startswith(MISALIGNED):
        return None
    message = "this line is not lined up with the lines above it: start it in the same column as the field or "
    return failure.line, message + "list entry it belongs with"


RULES: tuple[Rule, ...] = (
    _odd_line_break,
    _tab,
    _no_space,
    _colon_in_value,
    _cannot_start,
    _text_after_quote,
    _unclosed_bracket,
    _unclosed_quote,
    _list_entry_after_key,
    _not_a_field,
    _misaligned,
)
