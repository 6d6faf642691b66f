"""Load and validate every source, and make every document: what ``policy check`` runs, and the
first stage of every build."""

from __future__ import annotations

from dataclasses import dataclass

from ..cache import ContentCache, engine_fingerprint
from ..documents import DocumentSet
from ..documents.build import document_date
from ..documents.stage_cache import cached_documents
from ..errors import Problem, ValidationFailed, suppressed
from ..paths.project import Project
from ..source.lifecycle import retired_quotes
from ..source.models import District
from ..source.project import Manual, load_manual
from ..source.readings import demote_unpublished
from ..source.siteconfig import SiteConfig, read_site_config
from ..source.source_date import SourceDate, midnight


@dataclass(frozen=True)
class Checked:
    """What ``check`` proves and ``build`` consumes: valid sources, and the documents already made."""

    manual: Manual
    district: District
    site: SiteConfig
    documents: DocumentSet
    warnings: list[Problem]

    @property
    def site_url(self) -> str:
        return self.site.site_url


def check(
    project: Project, *, strict: bool = False, cache: ContentCache | None = None, preview: bool = False
) -> tuple[Manual, list[Problem]]:
    """Load and validate every source; raise ValidationFailed with all errors, else return warnings."""
    checked = prepare(project, strict=strict, cache=cache, preview=preview)
    return checked.manual, checked.warnings


def prepare(
    project: Project,
    *,
    strict: bool = False,
    cache: ContentCache | None = None,
    preview: bool = False,
    stale: DocumentSet | None = None,
) -> Checked:
    """Every source read and checked, and every document made for every school (their problems are
    the sources' problems too); raise ValidationFailed with all errors at once. Problems in drafts
    and readings are warnings, unless a preview (which shows them) is built. With ``stale`` documents
    (an earlier build's), those are taken as they are: neither made nor checked again."""
    cache = cache if cache is not None else ContentCache.for_project(project.root)
    manual = load_manual(project, cache)
    site, site_problems = read_site_config(project)
    manual.problems += site_problems + retired_quotes(project, manual)
    if not preview:
        manual.problems = demote_unpublished(manual)
    documents = stale
    if documents is None and manual.district is not None and not any(p.is_error for p in manual.problems):
        documents, found = cached_documents(
            project, manual, manual.district, documents_stamp(manual), cache, engine_fingerprint()
        )
        manual.problems += found
    district = manual.district
    if district is not None:  # the kinds of warning the district silenced on purpose
        manual.problems = suppressed(manual.problems, set(district.suppress_warnings))
    if district is None or documents is None or site is None or any(p.is_error or strict for p in manual.problems):
        raise ValidationFailed(manual.problems)
    return Checked(manual, district, site, documents, sorted(manual.problems))


def documents_stamp(manual: Manual) -> SourceDate:
    """Documents are dated by the newest policy text they can quote, not by the commit."""
    newest = document_date(manual)
    return SourceDate(midnight(newest) if newest else 0, None, "newest policy date")
