"""What every renderer needs, in one value: the district, its language and words, the templates and
fonts, where the site is published, and the timestamp the output carries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..source.models import District
from ..source.source_date import midnight
from ..words import Words, words


@dataclass(frozen=True)
class RenderContext:
    district: District
    templates: Path
    site_url: str  # ends in "/" ("" when unknown)
    timestamp: int  # seconds since the epoch: the date a PDF carries

    @property
    def lang(self) -> str:
        return self.district.language

    @property
    def words(self) -> Words:
        return words(self.lang)

    @property
    def fonts(self) -> Path:
        return self.templates / "fonts"

    def layout(self, name: str) -> str:
        """A typst layout of ``templates/typst/`` by name (``policy``, ``redline``, ``document``)."""
        return (self.templates / "typst" / f"{name}.typ").read_text(encoding="utf-8")

    def on(self, day: date) -> RenderContext:
        """The same context for an output dated ``day`` (a version, a redline)."""
        return replace(self, timestamp=midnight(day))
