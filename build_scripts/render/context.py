"""What every renderer needs, in one value: the district, its language and words, the project (its
typst layouts and fonts, the tool's unless it overrides them), where the site is published, and the
timestamp the output carries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..paths.project import Project
from ..source.models import District
from ..source.source_date import midnight
from ..words import Words, words


@dataclass(frozen=True)
class RenderContext:
    district: District
    project: Project
    site_url: str  # ends in "/" ("" when unknown)
    timestamp: int  # seconds since the epoch: the date a PDF carries

    @property
    def lang(self) -> str:
        return self.district.language

    @property
    def words(self) -> Words:
        return words(self.lang)

    @property
    def fonts(self) -> tuple[Path, ...]:
        return tuple(self.project.fonts)

    def layout(self, name: str) -> str:
        """A typst layout by name (``policy``, ``redline``, ``document``, ``packet``)."""
        return self.project.layout(name).read_text(encoding="utf-8")

    def on(self, day: date) -> RenderContext:
        """The same context for an output dated ``day`` (a version, a redline)."""
        return replace(self, timestamp=midnight(day))
