"""What one build is asked to do, decided once at the edge: the build's options as one value.

A build publishes the manual (``site/``), previews it with drafts and readings (``preview/``), or shows
it as in effect on a past date (``as-of/DATE/``). The plan resolves the output folder and refuses
what must never happen (a preview or a point-in-time build written over the published site); every
stage then asks the plan, never a loose flag.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from ..documents import DocumentSet
from ..errors import UsageError
from ..paths.project import Project
from ..progress import Progress
from ..source.source_date import current_environ


class Mode(StrEnum):
    SITE = "site"  # the published manual
    PREVIEW = "preview"  # drafts and readings too, marked; never published
    AS_OF = "as-of"  # the manual as in effect on a past date; never published


@dataclass(frozen=True)
class BuildPlan:
    out: Path  # resolved
    mode: Mode = Mode.SITE
    environ: dict[str, str] = field(default_factory=dict)
    strict: bool = False
    as_of: date | None = None
    # an earlier build's documents, published as they are (``policy serve`` shows an edited page first,
    # then builds again): such a site is never taken for the finished site of its inputs
    stale: DocumentSet | None = None
    progress: Progress = field(default_factory=Progress)

    @classmethod
    def make(
        cls,
        project: Project,
        out: Path | None = None,
        *,
        strict: bool = False,
        environ: dict[str, str] | None = None,
        as_of: date | None = None,
        preview: bool = False,
        stale: DocumentSet | None = None,
        progress: Progress | None = None,
    ) -> BuildPlan:
        mode = Mode.AS_OF if as_of else Mode.PREVIEW if preview else Mode.SITE
        return cls(
            out=output_folder(project, out, mode, as_of),
            mode=mode,
            environ=environ if environ is not None else current_environ(),
            strict=strict,
            as_of=as_of,
            stale=stale,
            progress=progress or Progress(),
        )

    @property
    def preview(self) -> bool:
        """Drafts and readings are shown (marked), with the pending and due pages."""
        return self.mode is Mode.PREVIEW

    @property
    def current(self) -> bool:
        """Today's texts with their history and documents (not a past date's)."""
        return self.mode is not Mode.AS_OF

    @property
    def final(self) -> bool:
        """The finished site of its inputs: a later build with the same inputs may reuse it."""
        return self.stale is None

    def options_key(self) -> str:
        """The options that change what is built (part of the reuse key)."""
        values = [str(self.out), str(self.as_of), self.preview, self.strict, self.environ.get("SOURCE_DATE_EPOCH", "")]
        return json.dumps(values)


def output_folder(project: Project, out: Path | None, mode: Mode, as_of: date | None) -> Path:
    """``site/`` for the manual; ``preview/`` or ``as-of/DATE/`` (or ``out``, never ``site/``) otherwise."""
    site = project.site_dir.resolve()
    if mode is Mode.SITE:
        return (out or site).resolve()
    default = project.as_of_dir(as_of) if mode is Mode.AS_OF and as_of else project.preview_dir
    chosen = (out or default).resolve()
    if chosen == site:
        what = "a point-in-time build is" if mode is Mode.AS_OF else "a preview is"
        raise UsageError(f"{what} never written into site/ (the published manual); use --out another folder")
    return chosen
