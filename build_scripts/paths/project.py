"""A project on disk: where every input is read from and every output is written to.

The only place that knows the project's layout (``mkdocs.yml``, ``source/``, ``templates/``, and the
output folders ``site/``, ``preview/``, ``as-of/``, ``private/``, ``packets/``, ``.cache/``). Every
input is confined to the project: a file whose real path leaves it (a symlink to ``/etc/passwd``) is
never read. A tool file (typst layout, font, page template) comes from ``templates/`` when the project
overrides it, else from the tool's theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import UsageError
from .theme import FONTS, SITE_ASSETS, SITE_OVERRIDES, SITE_PAGES, THEME, typst_layout

SOURCE = "source"
TEMPLATES = "templates"
POLICIES = "source/policies"
DISTRICT = "source/district.yml"
CITATIONS = "source/citations.yml"
TRANSLATIONS = "source/translations"
REVIEWS = "source/reviews.yml"
IMPORT_STATE = "source/import-state.json"
DOCUMENTS = "templates/documents"
OVERRIDES_LOCK = "templates/overrides.lock"
MKDOCS = "mkdocs.yml"
SITE = "site"
PREVIEW = "preview"
AS_OF = "as-of"
PRIVATE = "private"
PACKETS = "packets"
CACHE = ".cache"
PREVIEW_LOCK = ".preview.lock"
REQUIRED = (MKDOCS, SOURCE)


@dataclass(frozen=True)
class Project:
    """The folder holding ``mkdocs.yml``, ``source/`` and (optionally) ``templates/``."""

    root: Path

    @classmethod
    def at(cls, folder: Path) -> Project:
        root = folder.resolve()
        missing = [name for name in REQUIRED if not (root / name).exists()]
        if missing:
            raise UsageError(
                f"{root} is not a policy project (missing: {', '.join(missing)}); use --project DIR, "
                "or start one with: policy init DIR --district NAME"
            )
        return cls(root)

    def path(self, relative: str) -> Path:
        """A project file by its path relative to the project (one of this module's names)."""
        return self.root / relative

    @property
    def source(self) -> Path:
        return self.root / SOURCE

    @property
    def policies_dir(self) -> Path:
        return self.root / POLICIES

    def policy_file(self, code: str) -> Path:
        return self.policies_dir / f"{code}.md"

    @property
    def district_file(self) -> Path:
        return self.root / DISTRICT

    @property
    def citations_file(self) -> Path:
        return self.root / CITATIONS

    def catalog_file(self, lang: str) -> Path:
        return self.root / TRANSLATIONS / f"{lang}.po"

    @property
    def reviews_file(self) -> Path:
        return self.root / REVIEWS

    @property
    def templates(self) -> Path:
        """The project's own templates: its documents, and its overrides of the tool's files."""
        return self.root / TEMPLATES

    @property
    def documents_dir(self) -> Path:
        return self.root / DOCUMENTS

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / MKDOCS

    def inputs(self) -> list[Path]:
        """What a build reads from the project (the tool's own files are part of its version)."""
        return [self.source, self.templates, self.mkdocs_yml]

    # -- outputs ----------------------------------------------------------------------------

    @property
    def site_dir(self) -> Path:
        return self.root / SITE

    @property
    def preview_dir(self) -> Path:
        return self.root / PREVIEW

    def as_of_dir(self, day: date) -> Path:
        return self.root / AS_OF / day.isoformat()

    @property
    def private_dir(self) -> Path:
        """Filled forms with personal data: git-ignored, never under the site."""
        return self.root / PRIVATE

    @property
    def packets_dir(self) -> Path:
        return self.root / PACKETS

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE

    @property
    def preview_lock(self) -> Path:
        return self.root / PREVIEW_LOCK

    # -- the tool's files, overridable --------------------------------------------------------

    def tool_file(self, relative: str) -> Path:
        """The project's override of a tool file when it has one, else the tool's own."""
        own = self.templates / relative
        return own if own.is_file() and self.confined(own) else THEME / relative

    def tool_dirs(self, relative: str) -> list[Path]:
        """Search path for a tool folder: the project's overrides first, then the tool's."""
        own = self.templates / relative
        return [own, THEME / relative] if own.is_dir() and self.confined(own) else [THEME / relative]

    def layout(self, name: str) -> Path:
        """A typst layout: ``policy``, ``redline``, ``document``, ``packet``."""
        return self.tool_file(typst_layout(name))

    @property
    def fonts(self) -> list[Path]:
        return self.tool_dirs(FONTS)

    @property
    def page_templates(self) -> list[Path]:
        return self.tool_dirs(SITE_PAGES)

    @property
    def site_assets(self) -> list[Path]:
        """The site's static files (CSS); a project's file replaces the tool's of the same name."""
        return self.tool_dirs(SITE_ASSETS)

    @property
    def site_overrides(self) -> list[Path]:
        """Material theme overrides (``main.html``, partials), project first."""
        return self.tool_dirs(SITE_OVERRIDES)

    # -- what the clerk sees ---------------------------------------------------------------------

    def display(self, path: Path) -> str:
        """A path as the clerk sees it: relative to the project."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            try:
                return path.absolute().relative_to(self.root).as_posix()
            except ValueError:
                return str(path)

    def confined(self, path: Path) -> bool:
        """Whether ``path``'s real location is inside the project (symlinks followed)."""
        try:
            path.resolve().relative_to(self.root)
        except ValueError:
            return False
        return True

    def policy_files(self) -> list[Path]:
        """Every policy file inside the project (a link that leaves it is reported, never read)."""
        return sorted(p for p in self.policies_dir.glob("*.md") if self.confined(p))
