"""Where the site is published: ``site_url`` of mkdocs.yml, read once for every stage that prints it
(feed and API links, QR codes and addresses on documents)."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import Problem, error


def read_site_url(config_file: Path, display: str) -> tuple[str | None, list[Problem]]:
    """``site_url`` from mkdocs.yml, ending in '/'; required, since feed and API links are absolute."""
    try:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return None, [error(display, 1, f"cannot read the MkDocs configuration: {exc}")]
    url = str(config.get("site_url") or "").strip() if isinstance(config, dict) else ""
    if not url.startswith(("https://", "http://")):
        return None, [error(display, 1, "site_url: required (an absolute URL such as https://example.org/policies/)")]
    return url.rstrip("/") + "/", []
