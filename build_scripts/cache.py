"""A content-addressed cache: outputs stored under the hash of everything they depend on.

Every expensive step (a pandoc parse, a policy's page and PDF, a version, a redline, a document) is
keyed on its raw inputs *before* any parsing: source bytes, template bytes, district data, fonts and
engine versions. Entries live outside the site (``.cache/`` or ``POLICY_CACHE_DIR``), are written
atomically, carry a checksum of every file (a corrupt or truncated entry is a miss, removed and
rebuilt, never published) and are pruned when unused. Nothing personal is ever stored: filled trip
forms do not go through the cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

CACHE_ENV = "POLICY_CACHE_DIR"
INDEX = "index.json"
MAX_UNUSED_DAYS = 30  # entries no build has used for this long are pruned
MAX_BYTES = 4 * 1024**3  # and beyond this size the least recently used go first


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0


@dataclass(frozen=True)
class ContentCache:
    folder: Path | None  # None: caching is off
    stats: CacheStats = field(default_factory=CacheStats, compare=False)

    @classmethod
    def for_project(cls, root: Path, environ: dict[str, str] | None = None) -> ContentCache:
        """``POLICY_CACHE_DIR`` when set (empty turns caching off), else ``<project>/.cache``."""
        env = os.environ if environ is None else environ
        if CACHE_ENV in env:
            chosen = env[CACHE_ENV].strip()
            return cls(Path(chosen).resolve() if chosen else None)
        return cls(root / ".cache")

    def kind(self, name: str) -> ContentCache:
        """The part of the cache holding one kind of entry (``ast``, ``policy``, ``document`` ...)."""
        return ContentCache(self.folder / name if self.folder else None, self.stats)

    def get(self, key: str) -> dict[str, bytes] | None:
        if self.folder is None:
            return None
        entry = self.folder / key[:2] / key
        try:
            sums = json.loads((entry / INDEX).read_text(encoding="utf-8"))
            files = {name: (entry / name).read_bytes() for name in sums}
        except (OSError, ValueError, TypeError):
            self._broken(entry)
            return None
        if not isinstance(sums, dict) or any(_sha(data) != sums[name] for name, data in files.items()):
            self._broken(entry)
            return None
        _touch(entry)
        self.stats.hits += 1
        return files

    def _broken(self, entry: Path) -> None:
        self.stats.misses += 1
        if entry.exists():
            self.stats.corrupt += 1
            shutil.rmtree(entry, ignore_errors=True)
        return None

    def put(self, key: str, files: dict[str, bytes]) -> None:
        """Write an entry atomically: a half-written entry is never visible under its key."""
        if self.folder is None:
            return
        target = self.folder / key[:2] / key
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
        for name, content in files.items():
            (staging / name).write_bytes(content)
        sums = {name: _sha(content) for name, content in files.items()}
        (staging / INDEX).write_text(json.dumps(sums, sort_keys=True), encoding="utf-8")
        try:
            os.rename(staging, target)
        except OSError:  # another build stored the same entry first
            shutil.rmtree(staging, ignore_errors=True)

    def prune(self, now: float | None = None) -> int:
        """Remove entries unused for ``MAX_UNUSED_DAYS``, then the oldest beyond ``MAX_BYTES``."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        now = time.time() if now is None else now
        for leftover in self.folder.glob("*/*/.tmp-*"):  # an entry a killed build was writing
            if leftover.stat().st_mtime < now - 3600:
                shutil.rmtree(leftover, ignore_errors=True)
        found = [p for p in self.folder.glob("*/*/*") if p.is_dir() and _is_entry(p)]
        entries = sorted((p.stat().st_mtime, p) for p in found)
        removed, total = 0, sum(_size(p) for _, p in entries)
        for used, entry in entries:
            if used >= now - MAX_UNUSED_DAYS * 86400 and total <= MAX_BYTES:
                continue
            total -= _size(entry)
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
        return removed


def _is_entry(path: Path) -> bool:
    """An entry is ``<kind>/<2 hex>/<64 hex key>``: never the site's kept state (``site/<id>/docs``)."""
    return len(path.name) == 64 and path.parent.name == path.name[:2] and all(c in HEX for c in path.name)


HEX = set("0123456789abcdef")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _touch(entry: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only cache is still a cache
        os.utime(entry)


def _size(entry: Path) -> int:
    return sum(p.stat().st_size for p in entry.iterdir() if p.is_file())


def cache_key(*parts: str | bytes) -> str:
    """The sha256 of every input, each length-prefixed so that parts cannot run into each other."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@functools.cache
def engine_fingerprint() -> str:
    """Versions of everything that turns text into output, so an upgrade invalidates the cache: the
    package's code and its own files (layouts, fonts, page templates), and the engines.

    No tool is run: pandoc ships inside the pypandoc-binary wheel, so its version names pandoc's.
    Computed once per process (a build asked for it four times, hashing every module each time):
    the code and the installed packages do not change while it runs.
    """
    packages = ("typst", "mkdocs", "mkdocs-material", "pypandoc-binary", "jinja2", "babel", "snowballstemmer")
    package = Path(__file__).parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    code = cache_key(*(p.relative_to(package).as_posix() + "\0" for p in files), *(p.read_bytes() for p in files))
    return ";".join([code, *(f"{name}={version(name)}" for name in packages)])


def tree_fingerprint(*paths: Path) -> str:
    """The names and content of every file under ``paths`` (files or folders), in a stable order."""
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if path.exists():
                name = path.relative_to(root).as_posix() if root.is_dir() else path.name
                digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def fonts_fingerprint(fonts: tuple[Path, ...]) -> str:
    """Names and sizes of the fonts (the project's, then the tool's): a changed font invalidates what
    was typeset with it."""
    return "|".join(";".join(f"{p.name}:{p.stat().st_size}" for p in sorted(folder.glob("*"))) for folder in fonts)
