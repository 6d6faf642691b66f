"""Read one policy file: front matter, body, clauses, and every problem with its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..errors import Problem, error
from ..pandoc.runner import MAX_DEPTH, POLICY_READER, Ast, TooDeep, json_depth, read_markdown
from .clauses import ID_PATTERN, Clause, ClauseScan, Section, scan_clauses
from .front_matter import SplitSource, split_front_matter, unclosed_message
from .images import ImageFile, check_images, may_hold_images
from .locate import SourceLocator, words
from .markup import MarkupProblem, native_markup
from .models import PUBLISHED, PolicyMeta
from .schema_errors import validate_located
from .yamlsource import LocatedYaml, YamlProblem, load_located

MAX_BYTES = 1_000_000  # the longest real policy is about 60 KB: anything over 1 MB is not one
PLACEHOLDER_CODE = "UNKNOWN-CODE"  # stands in for a missing or invalid code in checks only


@dataclass
class PolicyFile:
    """A policy as read from disk; ``meta`` and ``scan`` are None when they could not be read."""

    path: str
    meta: PolicyMeta | None
    located: LocatedYaml | None
    scan: ClauseScan | None
    lines: dict[str, int] = field(default_factory=dict)  # clause or section id -> first line
    problems: list[Problem] = field(default_factory=list)

    checkable: PolicyMeta | None = None  # ``meta``, or its valid fields when it has errors
    text: str = ""  # the file's text as read: what renders of it are keyed on
    images: dict[str, ImageFile] = field(default_factory=dict)  # image target -> stored file

    def line_of(self, *loc: str | int) -> int:
        return self.located.line_of(tuple(loc)) if self.located else 1

    def clause(self, ident: str) -> Clause | None:
        return next((c for c in self.scan.clauses if c.id == ident), None) if self.scan else None

    @property
    def published(self) -> bool:
        return self.meta is not None and self.meta.status in PUBLISHED

    def valid(self) -> Policy | None:
        """The policy as its checks proved it: front matter and clauses both read."""
        return Policy(self, self.meta, self.scan) if self.meta is not None and self.scan is not None else None

    def lenient(self) -> Policy | None:
        """An old version as today's tools can show it: its front matter's valid fields will do."""
        meta = self.meta or self.checkable
        return Policy(self, meta, self.scan) if meta is not None and self.scan is not None else None


@dataclass(frozen=True)
class Policy:
    """A policy every stage can render: its front matter and its clauses, read and checked. What
    validation proved is in the type, so nothing downstream asserts it again."""

    file: PolicyFile
    meta: PolicyMeta
    scan: ClauseScan

    @property
    def path(self) -> str:
        return self.file.path

    @property
    def text(self) -> str:
        return self.file.text

    @property
    def lines(self) -> dict[str, int]:
        return self.file.lines

    @property
    def images(self) -> dict[str, ImageFile]:
        return self.file.images

    @property
    def problems(self) -> list[Problem]:
        return self.file.problems

    def line_of(self, *loc: str | int) -> int:
        return self.file.line_of(*loc)

    def clause(self, ident: str) -> Clause | None:
        return next((c for c in self.scan.clauses if c.id == ident), None)

    @property
    def published(self) -> bool:
        return self.meta.status in PUBLISHED


def read_text_file(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """A source file's text, or a located problem when it is too large or not UTF-8."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        message = f"the file is {size / 1_000_000:.1f} MB; a source file may be at most 1 MB, so it was not read"
        return None, [error(display, 1, message, kind="file")]
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), []  # a leading byte-order mark is not text
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [error(display, line, "the file is not UTF-8 text; save it as UTF-8", kind="file")]


def read_policy(path: Path, display: str, source_root: Path | None = None) -> PolicyFile:
    """Read and check one policy file on its own (checks across files come later)."""
    text, problems = read_text_file(path, display)
    if text is None:
        return PolicyFile(display, None, None, None, problems=problems)
    return parse_policy(text, display, path, source_root or path.parent.parent)


def parse_policy(
    text: str, display: str, path: Path, source_root: Path, body_ast: Ast | None = None, *, checked: bool = False
) -> PolicyFile:
    """Parse a policy's text; ``path`` is where it lives (images are resolved from there).

    ``body_ast`` is the body already parsed by pandoc with ``POLICY_READER`` (raw HTML kept as raw nodes);
    ``checked``: it comes from ``read_markdown_many``, which checked its depth and hands it over.
    """
    policy = PolicyFile(display, None, None, None, text=text)
    split = split_front_matter(text)
    _read_front_matter(policy, split)
    ast, markup = native_markup(_read_body(policy, split, body_ast, checked), display)
    scan = scan_clauses(ast, owned=checked or body_ast is None)
    policy.scan = scan
    policy.problems += located_markup(markup, SourceLocator(split.body, split.body_line), display)
    event_lines = locate_events(scan, split.body, split.body_line)
    for event, line in zip(scan.events, event_lines, strict=True):
        policy.lines.setdefault(event.id, line)
    policy.problems += clause_id_problems(policy, event_lines)
    if policy.checkable:
        policy.problems += date_problems(policy, policy.checkable)
    if may_hold_images(split.body):
        locator = SourceLocator(split.body, split.body_line)
        policy.images, image_problems = check_images(scan.ast, path, source_root, display, locator)
        policy.problems += image_problems
    return policy


def _read_body(policy: PolicyFile, split: SplitSource, body_ast: Ast | None, checked: bool) -> Ast:
    """The body's AST; an empty one, with a problem, when it nests too deeply to be walked safely."""
    try:
        if body_ast is None:
            return read_markdown(split.body, policy.path, POLICY_READER)
        if not checked and json_depth(body_ast) > MAX_DEPTH:
            raise TooDeep(policy.path)
        return body_ast
    except TooDeep:
        message = f"the text nests lists, quotes or emphasis more than about {MAX_DEPTH // 3} levels deep"
        policy.problems.append(error(policy.path, split.body_line, message, kind="markup"))
        return {"pandoc-api-version": [1, 23, 1, 1], "meta": {}, "blocks": []}


def located_markup(markup: list[MarkupProblem], locator: SourceLocator, display: str) -> list[Problem]:
    return [error(display, locator.find_literal(item.fragment), item.message, kind="markup") for item in markup]


def _read_front_matter(policy: PolicyFile, split: SplitSource) -> None:
    if split.front is None:
        message = "no front matter: start the file with a '---' line, the policy's fields, then '---'"
        policy.problems.append(error(policy.path, 1, message, kind="front-matter"))
        return
    if split.unclosed:  # the fields are still read and checked: a policy with this error is never published
        policy.problems.append(error(policy.path, split.last_field_line, unclosed_message(split), kind="front-matter"))
        if not split.front.strip():
            return
    try:
        policy.located = load_located(split.front, split.front_line)
    except YamlProblem as exc:
        policy.problems.append(error(policy.path, exc.line, exc.message, kind="yaml"))
        return
    model, problems = validate_located(PolicyMeta, policy.located, policy.path)
    policy.problems += problems
    valid = model if isinstance(model, PolicyMeta) else None
    policy.meta = None if split.unclosed else valid
    policy.checkable = valid or _valid_part(policy.located, problems)


def _valid_part(located: LocatedYaml, problems: list[Problem]) -> PolicyMeta | None:
    """The front matter without its invalid fields, so the other fields can still be checked.

    Only for checks: a policy whose front matter has errors is never published.
    """
    if not isinstance(located.data, dict):
        return None
    bad_lines = {p.line for p in problems}
    data = {k: v for k, v in located.data.items() if located.line_of((k,)) not in bad_lines}
    data.setdefault("code", PLACEHOLDER_CODE)
    data.setdefault("title", "untitled")
    if any(key in located.data and key not in data for key in ("adopted", "status")):
        data["status"] = "draft"  # the date or status is reported already; skip the rules that need them
    try:
        return PolicyMeta.model_validate(data)
    except ValidationError:
        return None


def locate_events(scan: ClauseScan, body: str, body_line: int) -> list[int]:
    """The line of every section and clause, in the order of ``scan.events``."""
    locator = SourceLocator(body, body_line)
    lines: list[int] = []
    for event in scan.events:
        if isinstance(event, Clause) and event.authored:
            lines.append(locator.find_literal("{#" + event.id + "}"))
        else:
            lines.append(locator.find_words(event.title if isinstance(event, Section) else event.text))
        if isinstance(event, Clause):
            locator.pass_over(event.text)
        locator.advance()
    return lines


def clause_id_problems(policy: PolicyFile, event_lines: list[int]) -> list[Problem]:
    """Missing, malformed and duplicate clause ids, when the policy uses clause ids at all."""
    scan = policy.scan
    if scan is None or not scan.has_authored_ids:
        return []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for event, line in zip(scan.events, event_lines, strict=True):
        if isinstance(event, Section):
            seen.setdefault(event.id, line)
        elif not event.authored:
            example = "[]{#" + suggest_id(event) + "}"
            problems.append(
                error(
                    policy.path,
                    line,
                    f"clause has no id; this policy uses clause ids, so add one, e.g. {example}",
                    kind="clause-id",
                )
            )
        else:
            problems += _authored_id_problems(policy.path, event, line, seen)
            seen.setdefault(event.id, line)
    return problems


def _authored_id_problems(path: str, clause: Clause, line: int, seen: dict[str, int]) -> list[Problem]:
    problems: list[Problem] = []
    prefix = f"{clause.section.id}-" if clause.section else ""
    if not ID_PATTERN.match(clause.id) or not clause.id.startswith(prefix):
        start = f", starting with the section key '{prefix}'" if prefix else ""
        problems.append(
            error(
                path,
                line,
                f"clause id '{clause.id}' is malformed: use lower-case letters, digits and '-'{start}",
                kind="clause-id",
            )
        )
    if clause.id in seen:
        problems.append(
            error(
                path, line, f"clause id '{clause.id}' is used twice (first on line {seen[clause.id]})", kind="clause-id"
            )
        )
    return problems


def suggest_id(clause: Clause) -> str:
    """The id ``policy ids`` gives a clause: section-N, section-pN or definitions-term."""
    prefix = f"{clause.section.id}-" if clause.section else ""
    if clause.kind == "item":
        return f"{prefix}{clause.number}"
    if clause.kind == "definition":
        return prefix + "-".join(words(clause.label))
    return f"{prefix}p{clause.number}"


def date_problems(policy: PolicyFile, meta: PolicyMeta) -> list[Problem]:
    """Adoption required once adopted; revisions after adoption and ascending."""
    problems: list[Problem] = []
    if meta.status in PUBLISHED and meta.adopted is None:
        line = policy.line_of("status")
        problems.append(
            error(policy.path, line, f"adopted: required when status is '{meta.status.value}'", kind="date")
        )
    previous = meta.adopted
    for index, revised in enumerate(meta.revised):
        if previous is not None and revised <= previous:
            what = "the adoption date" if index == 0 else "the previous revision"
            problems.append(
                error(
                    policy.path,
                    policy.line_of("revised", index),
                    f"revised, entry {index + 1}: {revised} is not after {what} {previous}",
                    kind="date",
                )
            )
        previous = revised
    return problems
