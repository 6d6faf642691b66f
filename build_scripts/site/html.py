"""MkDocs as a pure Markdown -> HTML step, and the atomic publish of the result."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from ..errors import ToolError
from ..paths import ASSETS
from ..source.siteconfig import SiteConfig
from .search_index import search_plugin_options


def asset_files(folders: list[Path]) -> dict[str, str | bytes]:
    """The site's own static files (CSS) as docs files under ``assets/``; a file of the project's
    ``templates/site/assets/`` replaces the tool's of the same name (``folders``: project first)."""
    files: dict[str, str | bytes] = {}
    for folder in reversed(folders):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files[ASSETS + path.relative_to(folder).as_posix()] = path.read_bytes()
    return dict(sorted(files.items()))


@dataclass(frozen=True)
class HtmlSettings:
    """What MkDocs is run with: the project's settings over the tool's, and the theme overrides
    (the project's folder first, then the tool's)."""

    config: SiteConfig
    overrides: list[Path]
    site_name: str  # when mkdocs.yml gives none

    def options(self, docs: Path, site: Path, nav: list[Any], extra: dict[str, str]) -> dict[str, Any]:
        options = {**self.config.options, "docs_dir": str(docs), "site_dir": str(site), "nav": nav}
        options["extra"] = {**options.get("extra", {}), **extra}
        options.setdefault("site_name", self.site_name)
        options["theme"] = {**options["theme"], "custom_dir": str(self.overrides[0])}
        options["plugins"] = search_plugin_options(options.get("plugins", ["search"]) or [])
        return options


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
    settings: HtmlSettings,
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
            config = load_config(config_file=str(settings.config.file), **settings.options(docs, site, nav, extra))
            # the tool's overrides after the project's (custom_dir), before Material's own templates
            config.theme.dirs[1:1] = [str(folder) for folder in settings.overrides[1:]]
            mkdocs_build(config, dirty=dirty)
        except (MkDocsException, SystemExit) as exc:
            raise ToolError("MkDocs", str(settings.config.file), f"{exc}\n{log.getvalue()}") from None
        finally:
            build_logger.removeFilter(notice)
