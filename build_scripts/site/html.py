"""MkDocs as a pure Markdown -> HTML step, and the atomic publish of the result."""

from __future__ import annotations

import io
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from ..errors import ToolError


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    for relative, content in sorted(files.items()):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def copy_assets(source: Path, docs: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, docs / source.name, dirs_exist_ok=True)


def asset_files(source: Path) -> dict[str, str | bytes]:
    """The site's own static files (``templates/site/assets``) as docs files under ``assets/``."""
    if not source.is_dir():
        return {}
    return {
        (Path(source.name) / p.relative_to(source)).as_posix(): p.read_bytes()
        for p in sorted(source.rglob("*"))
        if p.is_file()
    }


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every ``dirty`` build (meant for previews); ours keeps the site consistent."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


@contextmanager
def _captured_mkdocs_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def build_html(
    config_file: Path,
    docs: Path,
    site: Path,
    nav: list[Any],
    epoch: int,
    extra: dict[str, str],
    *,
    dirty: bool = False,
) -> None:
    """Run MkDocs on a generated docs folder; any warning (strict) is a ToolError.

    ``dirty``: ``site`` already holds the previous build, and only pages whose Markdown is newer
    than their HTML are rendered (see ``incremental.py``, which keeps the rest consistent).
    """
    notice = _DirtyNotice()
    build_logger = logging.getLogger("mkdocs.commands.build")
    build_logger.addFilter(notice)
    with _captured_mkdocs_log() as log, _environment("SOURCE_DATE_EPOCH", str(epoch)):
        try:
            config = load_config(
                config_file=str(config_file), docs_dir=str(docs), site_dir=str(site), nav=nav, extra=extra
            )
            mkdocs_build(config, dirty=dirty)
        except (MkDocsException, SystemExit) as exc:
            raise ToolError("MkDocs", str(config_file), f"{exc}\n{log.getvalue()}") from None
        finally:
            build_logger.removeFilter(notice)
