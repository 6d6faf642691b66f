"""What a committee packet covers: every policy whose source differs between a git ref and the
working tree, found as git finds it (``git diff --name-status -M``), with both texts parsed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..cache import ContentCache
from ..errors import UsageError
from ..pandoc.jobs import read_markdown_many
from ..pandoc.runner import POLICY_READER, Ast
from ..paths.project import POLICIES, Project
from ..source.front_matter import split_front_matter
from ..source.gitread import git, read_blobs, scratch_index, tree_blobs
from ..source.models import PolicyMeta, Status
from ..source.policies import parse_policy

FOLDER = POLICIES
EMPTY: Ast = {"blocks": []}


@dataclass(frozen=True)
class Side:
    """One side of a change: the file's path, its front matter (when readable) and its body."""

    path: str
    meta: PolicyMeta | None
    ast: Ast


@dataclass(frozen=True)
class PacketItem:
    kind: str  # new | revised | retired | removed | renamed
    old: Side | None
    new: Side | None

    @property
    def meta(self) -> PolicyMeta | None:
        return (self.new.meta if self.new else None) or (self.old.meta if self.old else None)

    @property
    def code(self) -> str:
        meta = self.meta
        side = self.new or self.old
        return meta.code if meta else PurePosixPath(side.path if side else "?").stem

    @property
    def title(self) -> str:
        return self.meta.title if self.meta else "(front matter unreadable)"


def changed_files(root: Path, base: str) -> list[tuple[str, str | None, str | None]]:
    """(status letter, old path, new path) of every changed policy file, renames detected as git does
    (``-M``, 50% similar) whether or not the clerk used ``git mv``, staged the move or added the new
    file: git compares against a scratch copy of the index that knows every untracked policy file."""
    if git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}") is None:
        raise UsageError(f"'{base}' is not a commit, branch or tag in this repository")
    with scratch_index(root, FOLDER, ".md") as index:
        out = git(root, "diff", "--name-status", "-z", "-M", base, "--", FOLDER, index=index)
    if out is None:
        raise UsageError(f"git could not compare the working tree with '{base}'")
    return [f for f in _name_status(out) if (f[2] or f[1] or "").endswith(".md")]


def _name_status(out: str) -> list[tuple[str, str | None, str | None]]:
    """Parse ``git diff --name-status -z``: a status, then one path (two for a rename or copy)."""
    fields = out.split("\0")
    found: list[tuple[str, str | None, str | None]] = []
    position = 0
    while position < len(fields) and fields[position]:
        letter = fields[position][0]
        if letter in "RC":
            old, new = fields[position + 1], fields[position + 2]
            # a copy (with diff.renames=copies in the clerk's git config) leaves its source in place: new
            found.append(("R", old, new) if letter == "R" else ("A", None, new))
            position += 3
            continue
        path = fields[position + 1]
        if letter == "D":
            found.append(("D", path, None))
        elif letter in "AMT":
            found.append((letter, None if letter == "A" else path, path))
        position += 2
    return found


def packet_items(project: Project, base: str, cache: ContentCache) -> list[PacketItem]:
    """Every changed policy, both texts parsed (pandoc batched, ASTs cached), in code order."""
    files = changed_files(project.root, base)
    blobs = tree_blobs(project.root, base, FOLDER)
    contents = read_blobs(project.root, [blobs[old] for _l, old, _n in files if old and old in blobs])
    texts: dict[tuple[str, str], str] = {}
    for _letter, old, new in files:
        if old and old in blobs:
            texts[("old", old)] = contents[blobs[old]].decode("utf-8", errors="replace")
        if new and (project.root / new).exists():
            texts[("new", new)] = (project.root / new).read_text(encoding="utf-8", errors="replace")
    keys = list(texts)
    bodies = [(f"{k[0]}:{k[1]}", split_front_matter(texts[k]).body) for k in keys]
    asts = read_markdown_many(bodies, cache, POLICY_READER)
    sides = {k: _side(project, k[1], texts[k], ast) for k, ast in zip(keys, asts, strict=True)}
    items = [
        _item(letter, sides.get(("old", old)) if old else None, sides.get(("new", new)) if new else None)
        for letter, old, new in files
    ]
    return sorted(items, key=lambda i: i.code)


def _side(project: Project, path: str, text: str, ast: Ast | None) -> Side:
    """One side of a change; a text nested too deeply to load shows as empty (``policy check`` says why)."""
    policy = parse_policy(text, path, project.root / path, project.root / "source", ast)
    empty: Ast = {"pandoc-api-version": [1, 23, 1, 1], "meta": {}, "blocks": []}
    return Side(path, policy.meta or policy.checkable, ast if ast is not None else empty)


def _item(letter: str, old: Side | None, new: Side | None) -> PacketItem:
    if letter == "A" or old is None:
        return PacketItem("new", None, new)
    if letter == "D" or new is None:
        return PacketItem("removed", old, None)
    if letter == "R":
        return PacketItem("renamed", old, new)
    was = old.meta.status if old.meta else None
    now = new.meta.status if new.meta else None
    kind = "retired" if now is Status.RETIRED and was is not Status.RETIRED else "revised"
    return PacketItem(kind, old, new)
