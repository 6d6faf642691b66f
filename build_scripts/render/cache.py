"""A content-addressed cache: outputs stored under the hash of everything they depend on.

Old policy versions are immutable inputs; rendering one costs pandoc and typst calls, so each is
built once per (text, templates, engines) and reused by later builds and CI runs (``.cache/``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..pandoc.runner import run_pandoc


@dataclass(frozen=True)
class ContentCache:
    folder: Path | None  # None: caching is off

    def get(self, key: str) -> dict[str, bytes] | None:
        if self.folder is None:
            return None
        entry = self.folder / key[:2] / key
        index = entry / "index.json"
        if not index.is_file():
            return None
        names = json.loads(index.read_text(encoding="utf-8"))
        return {name: (entry / name).read_bytes() for name in names}

    def put(self, key: str, files: dict[str, bytes]) -> None:
        """Write an entry atomically: a half-written entry is never visible."""
        if self.folder is None:
            return
        target = self.folder / key[:2] / key
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
        for name, content in files.items():
            (staging / name).write_bytes(content)
        (staging / "index.json").write_text(json.dumps(sorted(files)), encoding="utf-8")
        try:
            os.rename(staging, target)
        except OSError:  # another build stored the same entry first
            for child in staging.iterdir():
                child.unlink()
            staging.rmdir()


def cache_key(*parts: str | bytes) -> str:
    """The sha256 of every input, each length-prefixed so that parts cannot run into each other."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def engine_fingerprint() -> str:
    """Versions of everything that turns text into output, so an upgrade invalidates the cache."""
    pandoc = run_pandoc(["--version"], "", "pandoc --version").splitlines()[0]
    packages = ("typst", "mkdocs", "mkdocs-material", "pypandoc-binary")
    code = cache_key(*(p.read_bytes() for p in sorted(Path(__file__).parent.parent.rglob("*.py"))))
    return ";".join([pandoc, code, *(f"{name}={version(name)}" for name in packages)])


def fonts_fingerprint(fonts: Path) -> str:
    """Names and sizes of the committed fonts: a changed font invalidates what was typeset with it."""
    return ";".join(f"{p.name}:{p.stat().st_size}" for p in sorted(fonts.glob("*")))
