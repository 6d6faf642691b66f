"""The HTML step: the generated Markdown and the site's settings, handed to MkDocs (or ProperDocs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..paths import ASSETS
from ..source.siteconfig import SiteConfig
from .engine import EngineJob, run_engine
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
    engine: str = "mkdocs"  # or "properdocs" (engine.py)

    def options(self, docs: Path, site: Path, nav: list[Any], extra: dict[str, Any]) -> dict[str, Any]:
        options = {**self.config.options, "docs_dir": str(docs), "site_dir": str(site), "nav": nav}
        options["extra"] = {**options.get("extra", {}), **extra}
        options.setdefault("site_name", self.site_name)
        options["theme"] = {**options["theme"], "custom_dir": str(self.overrides[0])}
        options["plugins"] = search_plugin_options(options.get("plugins", ["search"]) or [])
        return options


def build_html(
    settings: HtmlSettings,
    docs: Path,
    site: Path,
    nav: list[Any],
    epoch: int,
    extra: dict[str, Any],
    *,
    dirty: bool = False,
) -> None:
    """Run the HTML engine on a generated docs folder; any warning (strict) is a ToolError.

    ``dirty``: ``site`` already holds the previous build, and only pages whose Markdown is newer
    than their HTML are rendered (see ``incremental.py``, which keeps the rest consistent).
    """
    job = EngineJob(
        config_file=str(settings.config.file),
        options=settings.options(docs, site, nav, extra),
        theme_dirs=[str(folder) for folder in settings.overrides[1:]],
        epoch=epoch,
        dirty=dirty,
    )
    run_engine(job, settings.engine)
