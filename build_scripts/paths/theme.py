"""The tool's own defaults, shipped in the wheel: typst layouts, fonts, site page templates, CSS,
Material overrides, the tool's words in other languages, and the starter files of ``policy init``.

A project overrides any of them file by file: ``templates/<same relative path>`` is read instead,
as a MkDocs theme's ``custom_dir`` works. Upgrading the tool changes every file not overridden.
"""

from __future__ import annotations

from pathlib import Path

THEME = Path(__file__).resolve().parent.parent / "theme"

TYPST = "typst"
FONTS = "fonts"
SITE_PAGES = "site/pages"
SITE_ASSETS = "site/assets"
SITE_OVERRIDES = "site/overrides"
TRANSLATIONS = "translations"
STARTER = "starter"  # what ``policy init`` writes into a new project
MKDOCS_DEFAULTS = "mkdocs.yml"
# Folders of the theme a project may override file by file (the starter files are copied, not overridden).
OVERRIDABLE = (TYPST, FONTS, SITE_PAGES, SITE_ASSETS, SITE_OVERRIDES)


def typst_layout(name: str) -> str:
    """The relative path of a typst layout (``policy``, ``redline``, ``document``, ``packet``)."""
    return f"{TYPST}/{name}.typ"


def theme_files(folder: str) -> list[str]:
    """Every file of a theme folder, as paths relative to the theme."""
    root = THEME / folder
    return sorted(p.relative_to(THEME).as_posix() for p in root.rglob("*") if p.is_file() and _shipped(p))


def _shipped(path: Path) -> bool:
    return "__pycache__" not in path.parts and path.suffix != ".pyc"
