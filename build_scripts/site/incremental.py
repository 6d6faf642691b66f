"""Rebuild only what changed: the generated Markdown is kept between builds, and MkDocs renders
only the pages whose Markdown changed, while the search index stays whole.

MkDocs' own ``--dirty`` leaves a search index of the rebuilt pages only, and stale navigation when
it changed. Here a page set is rebuilt incrementally only when everything every page shares is
unchanged (navigation, ``mkdocs.yml``, theme overrides and assets, ``extra``, the engines); the
new index entries of the rebuilt pages replace theirs in the previous index, in the order a full
build writes them, so an incremental build gives the same bytes as a full one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..cache import cache_key

STATE = "state.json"
SEARCH_INDEX = "search/search_index.json"
ALWAYS_WRITTEN = (SEARCH_INDEX, "sitemap.xml", "sitemap.xml.gz", "404.html", "manifest.json")


@dataclass(frozen=True)
class DocsChange:
    """What changed in the generated docs folder since the last build made from it."""

    changed: list[str]  # written or rewritten (relative paths)
    removed: list[str]
    incremental: bool  # the previous site can be updated in place of a full build


def file_digests(files: dict[str, str | bytes]) -> dict[str, str]:
    return {path: hashlib.sha256(_bytes(content)).hexdigest() for path, content in files.items()}


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def shared_key(*parts: str) -> str:
    """The key of everything every page shares; when it changes, every page is rebuilt."""
    return cache_key("site-shared", *parts)


def sync_docs(docs: Path, files: dict[str, str | bytes], shared: str, previous_site: Path) -> DocsChange:
    """Make ``docs`` hold exactly ``files``, touching only what changed (MkDocs compares times)."""
    digests = file_digests(files)
    state = _read_state(docs.parent / STATE)
    known: dict[str, str] = state.get("files", {}) if docs.is_dir() else {}
    changed = sorted(path for path, digest in digests.items() if known.get(path) != digest)
    removed = sorted(set(known) - set(digests))
    for path in changed:
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.write_bytes(_bytes(files[path]))
    for path in removed:
        (docs / path).unlink(missing_ok=True)
    _remove_strays(docs, set(digests))
    previous_ok = state.get("shared") == shared and state.get("site") == site_stamp(previous_site)
    _write_state(docs.parent / STATE, {"files": digests, "shared": shared, "site": None})
    return DocsChange(changed, removed, bool(known) and previous_ok)


def _remove_strays(docs: Path, wanted: set[str]) -> None:
    """Files left by an interrupted build that no longer belong to the docs folder."""
    for path in docs.rglob("*"):
        if path.is_file() and path.relative_to(docs).as_posix() not in wanted:
            path.unlink()


def record_site(docs: Path, site: Path) -> None:
    """Remember which published site the docs folder was built into (checked by the next build)."""
    state = _read_state(docs.parent / STATE)
    state["site"] = site_stamp(site)
    _write_state(docs.parent / STATE, state)


def site_stamp(site: Path) -> str | None:
    """Identifies one published site: its search index and manifest (written last, by every build)."""
    parts = [site / SEARCH_INDEX, site / "manifest.json"]
    if not all(p.is_file() for p in parts):
        return None
    return cache_key(*(p.read_bytes() for p in parts))


def _read_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def output_of(source: str) -> str:
    """The site file MkDocs makes of a docs file (``use_directory_urls``)."""
    pure = PurePosixPath(source)
    if pure.suffix != ".md":
        return source
    if pure.stem in ("index", "README"):
        return (pure.parent / "index.html").as_posix().removeprefix("./")
    return (pure.parent / pure.stem / "index.html").as_posix().removeprefix("./")


def url_of(source: str) -> str:
    return output_of(source).removesuffix("index.html")


def seed_staging(previous: Path, staging: Path, change: DocsChange, sources: list[str]) -> None:
    """The previous site, minus every file this build writes anew.

    The outputs of our own docs files are hard links (fast: most of a site is PDFs): MkDocs writes
    one only when its source changed, and those are unlinked first, so nothing ever writes into a
    linked file of the published site. Everything else (the theme's files) is copied.
    """
    ours = {output_of(source) for source in sources}
    for path in previous.rglob("*"):
        relative = path.relative_to(previous).as_posix()
        target = staging / relative
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if relative in ours:
            os.link(path, target)
        else:
            shutil.copy2(path, target)
    for source in [*change.changed, *change.removed]:
        (staging / output_of(source)).unlink(missing_ok=True)
    for name in ALWAYS_WRITTEN:
        (staging / name).unlink(missing_ok=True)
    for source in change.removed:
        _prune_empty(staging, (staging / output_of(source)).parent)


def _prune_empty(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def merge_search_index(previous: Path, staging: Path, change: DocsChange, pages: list[str]) -> None:
    """The previous index's entries for pages not rebuilt, and the new entries, in full-build order."""
    new_path = staging / SEARCH_INDEX
    old = json.loads((previous / SEARCH_INDEX).read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    rebuilt = {url_of(p) for p in [*change.changed, *change.removed] if p.endswith(".md")}
    order = {url_of(p): i for i, p in enumerate(sorted(pages, key=page_sort_key))}
    kept = [e for e in old["docs"] if _page(e) not in rebuilt and _page(e) in order]
    merged = sorted([*kept, *new["docs"]], key=lambda e: order.get(_page(e), len(order)))  # stable within a page
    new_path.write_text(json.dumps({**new, "docs": merged}, separators=(",", ":")), encoding="utf-8")


def _page(entry: dict[str, Any]) -> str:
    return str(entry["location"]).split("#", 1)[0]


def page_sort_key(source: str) -> tuple[Any, ...]:
    """The order MkDocs builds pages in: a folder's files (index first) before its subfolders."""
    parts = PurePosixPath(source).parts
    name = parts[-1]
    stem = PurePosixPath(name).stem
    return (*((1, d) for d in parts[:-1]), (0, stem not in ("index", "README"), name))
