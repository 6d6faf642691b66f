"""The project's ``mkdocs.yml``, read once for every stage: where the site is published (feed and API
links, QR codes and addresses on documents) and the MkDocs settings of the HTML step.

The tool ships its own settings (``theme/mkdocs.yml``: the Material theme without Google Fonts, search,
the Markdown extensions its generated pages need). A project's file needs only ``site_name`` and
``site_url``; a key it sets replaces the tool's (``theme:`` key by key; ``markdown_extensions`` and
``extra_css`` are added to the tool's). What cannot work is a located error, found by ``policy check``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from ..errors import Problem, error, warning
from ..paths.project import Project
from ..paths.theme import MKDOCS_DEFAULTS, THEME

SET_BY_BUILD = ("docs_dir", "site_dir", "nav")  # every build sets these itself
ADDED = ("markdown_extensions", "extra_css")  # the project's entries are added to the tool's


@dataclass(frozen=True)
class SiteConfig:
    site_url: str  # absolute, ending in "/"
    options: dict[str, Any] = field(default_factory=dict)  # MkDocs settings: the tool's, then the project's
    file: Path | None = None


def read_site_config(project: Project) -> tuple[SiteConfig | None, list[Problem]]:
    """The project's MkDocs settings over the tool's; None (with located errors) when they cannot work."""
    path, display = project.mkdocs_yml, project.display(project.mkdocs_yml)
    try:
        text = path.read_text(encoding="utf-8")
        own, lines = _load(text), _key_lines(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(display, 1, f"cannot read the MkDocs configuration: {exc}", kind="site-config")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return None, [
            error(display, line, f"malformed YAML: {getattr(exc, 'problem', None) or exc}", kind="site-config")
        ]
    if own is None:
        own = {}
    if not isinstance(own, dict):
        return None, [
            error(
                display,
                1,
                "expected settings as 'key: value' lines, e.g. 'site_name: Policy Manual'",
                kind="site-config",
            )
        ]
    problems = _problems(own, lines, display)
    url = str(own.get("site_url") or "").strip()
    if any(p.is_error for p in problems):
        return None, problems
    return SiteConfig(url.rstrip("/") + "/", merged(tool_defaults(), own), path), problems


def read_site_url(project: Project) -> tuple[str | None, list[Problem]]:
    """``site_url`` ending in '/'; required, since feed and API links are absolute."""
    config, problems = read_site_config(project)
    return (config.site_url if config else None), problems


def tool_defaults() -> dict[str, Any]:
    loaded = _load((THEME / MKDOCS_DEFAULTS).read_text(encoding="utf-8"))
    return dict(loaded) if isinstance(loaded, dict) else {}


def merged(defaults: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """The tool's settings with the project's over them."""
    result = dict(defaults)
    for key, value in own.items():
        if key in SET_BY_BUILD:
            continue
        if key == "theme":
            theme = {"name": value} if isinstance(value, str) else dict(value or {})
            result["theme"] = {**defaults.get("theme", {}), **theme}
        elif key in ADDED and isinstance(value, list):
            result[key] = _added(defaults.get(key, []), value)
        else:
            result[key] = value
    return result


def _added(ours: list[Any], theirs: list[Any]) -> list[Any]:
    """The tool's entries, then the project's (an entry of the same name replaces the tool's)."""
    replaced = {_entry_name(entry) for entry in theirs}
    return [entry for entry in ours if _entry_name(entry) not in replaced] + list(theirs)


def _entry_name(entry: Any) -> Any:
    """``toc`` of ``- toc: {permalink: true}``, or the entry itself."""
    return next(iter(entry)) if isinstance(entry, dict) else entry


def _problems(own: dict[str, Any], lines: dict[str, int], display: str) -> list[Problem]:
    problems = []
    url = str(own.get("site_url") or "").strip()
    if not url.startswith(("https://", "http://")):
        message = "site_url: required (an absolute URL such as https://example.org/policies/)"
        problems.append(error(display, lines.get("site_url", 1), message, kind="site-config"))
    theme = own.get("theme")
    name = theme if isinstance(theme, str) else (theme or {}).get("name") if isinstance(theme, dict) else None
    if theme is not None and not isinstance(theme, (str, dict)):
        problems.append(
            error(
                display,
                lines.get("theme", 1),
                "theme: expected the theme's settings (name: material)",
                kind="site-config",
            )
        )
    elif name not in (None, "material"):
        message = f"theme: '{name}' cannot show the generated pages; remove the theme's name, or write name: material"
        problems.append(error(display, lines.get("theme.name", lines.get("theme", 1)), message, kind="site-config"))
    if isinstance(theme, dict) and theme.get("font", False) is not False:
        message = "theme.font: must be false: fonts from Google would make every page call another host"
        problems.append(error(display, lines.get("theme.font", 1), message, kind="site-config"))
    for key in SET_BY_BUILD:
        if key in own:
            message = f"{key}: set by 'policy build' for each build; this value is not used (remove it)"
            problems.append(warning(display, lines.get(key, 1), message, kind="site-config.ignored"))
    return problems


def _load(text: str) -> Any:
    """The YAML as MkDocs reads it (``!ENV`` and ``!relative`` tags included)."""
    return yaml.load(text, Loader=get_yaml_loader())


def _key_lines(text: str) -> dict[str, int]:
    """The 1-based line of every top-level key, and of each ``theme.<key>``."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        lines[str(key.value)] = key.start_mark.line + 1
        if key.value == "theme" and isinstance(value, yaml.MappingNode):
            for sub, _ in value.value:
                lines[f"theme.{sub.value}"] = sub.start_mark.line + 1
    return lines
