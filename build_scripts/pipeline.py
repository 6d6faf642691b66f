"""The whole build, one line per stage.

load and validate -> history -> render policies (page body + PDF) -> render versions -> pages,
feed and API -> HTML (MkDocs) -> manifest -> publish. Each stage is a function of its inputs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from .documents import DocumentSet, check_documents, manifest_entries, render_documents
from .errors import Problem, ValidationFailed
from .history.asof import as_of_folder, policies_as_of
from .history.git_versions import History, read_history
from .history.versions import RenderedVersion, render_versions
from .manifest import Manifest, PolicyEntry, VersionEntry
from .render.cache import ContentCache, engine_fingerprint
from .render.policy import Layout, Notice, RenderedPolicy, render_policy
from .site.documents import document_pages
from .site.history_pages import archive_page, dated_events, history_items, redline_pdf_name, version_files
from .site.html import build_html, copy_assets, read_site_url, write_files
from .site.linkcheck import check_links
from .site.opendata import FeedItem, api_policies, atom_feed
from .site.pages import navigation, site_pages
from .site.publish import build_lock, publish, work_folder
from .site.templates import page_environment
from .source.models import Status
from .source.policies import PolicyFile
from .source.project import Manual, Project, load_manual
from .source.source_date import SourceDate, current_environ, resolve_source_date

Rendered = list[tuple[PolicyFile, RenderedPolicy]]


@dataclass(frozen=True)
class BuildResult:
    out: Path
    manifest: Manifest
    warnings: list[Problem]


def check(project: Project, *, strict: bool = False) -> tuple[Manual, list[Problem]]:
    """Load and validate every source; raise ValidationFailed with all errors, else return warnings."""
    manual = load_manual(project)
    manual.problems += read_site_url(project.mkdocs_yml, project.display(project.mkdocs_yml))[1]
    manual.problems += check_documents(project, manual)
    errors = [p for p in manual.problems if p.is_error or strict]
    if errors:
        raise ValidationFailed(manual.problems)
    return manual, sorted(manual.problems)


def build(
    project: Project,
    out: Path | None = None,
    *,
    strict: bool = False,
    environ: dict[str, str] | None = None,
    as_of: date | None = None,
) -> BuildResult:
    """Build the site into ``out`` (default ``site/``); on any failure ``out`` is left as it was."""
    out = as_of_folder(project, out, as_of) if as_of else (out or project.root / "site").resolve()
    manual, warnings = check(project, strict=strict)
    assert manual.district is not None  # guaranteed by check()
    site_url = read_site_url(project.mkdocs_yml, "mkdocs.yml")[0] or ""
    history = read_history(project.root)
    stamp, notes = resolve_source_date(project.root, environ or current_environ(), _newest_date(manual), "source")
    layout = Layout.load(project.templates, stamp.epoch, manual.district)
    current, as_of_notes = _policies_to_publish(project, manual, history, as_of)
    policies = [(p, render_policy(p, layout, Notice(as_of=as_of))) for p in current]
    versions, version_notes = _versions(project, manual, history, layout, as_of)
    documents = None if as_of else render_documents(project, manual, manual.district, stamp)
    files = _site_files(project, policies, versions, documents, manual, site_url)
    manifest = make_manifest([r for _, r in policies], versions, documents, stamp, as_of)
    nav = navigation([r for _, r in policies], manual.district, documents)
    _write_site(project, out, files, nav, stamp, manifest, as_of, site_url)
    return BuildResult(out, manifest, warnings + history.problems + notes + as_of_notes + version_notes)


def _policies_to_publish(
    project: Project, manual: Manual, history: History, as_of: date | None
) -> tuple[list[PolicyFile], list[Problem]]:
    if as_of is None:
        return manual.published, []
    chosen, notes = policies_as_of(project, history, as_of)
    return sorted(chosen, key=_code), notes


def _code(policy: PolicyFile) -> str:
    meta = policy.meta or policy.checkable
    return meta.code if meta else ""


def _versions(
    project: Project, manual: Manual, history: History, layout: Layout, as_of: date | None
) -> tuple[dict[str, list[RenderedVersion]], list[Problem]]:
    if as_of is not None or not history.versions:
        return {}, []  # nothing to render: skip the engine fingerprint (a pandoc call, a hash of the code)
    cache = ContentCache(project.root / ".cache" / "versions")
    return render_versions(project, manual, history, layout, cache, engine_fingerprint())


def _site_files(
    project: Project,
    policies: Rendered,
    versions: dict[str, list[RenderedVersion]],
    documents: DocumentSet | None,
    manual: Manual,
    site_url: str,
) -> dict[str, str | bytes]:
    assert manual.district is not None
    district = manual.district
    env = page_environment(project.templates)
    rendered = [r for _, r in policies]
    history = {code: history_items(items) for code, items in versions.items()}
    files = site_pages(env, rendered, district, manual.citations, history)
    files.update(version_files(env, versions, district))
    files["archive/index.md"] = archive_page(env, rendered, versions, district)
    files["feed.xml"] = atom_feed(_feed_items(rendered, versions), district, site_url)
    files["api/policies.json"] = api_policies(policies, district, site_url)
    if documents and documents.documents:
        files.update(document_pages(project.templates, documents, district))
    return files


def _feed_items(policies: list[RenderedPolicy], versions: dict[str, list[RenderedVersion]]) -> list[FeedItem]:
    """One entry per adoption, revision or retirement, linking its version page (or the policy page)."""
    folders = {p.meta.code: p.folder for p in policies}
    return [
        FeedItem(e.code, e.title, e.kind, e.day, e.version_folder or folders[e.code])
        for e in dated_events(policies, versions)
    ]


def _write_site(
    project: Project,
    out: Path,
    files: dict[str, str | bytes],
    nav: list[object],
    stamp: SourceDate,
    manifest: Manifest,
    as_of: date | None,
    site_url: str,
) -> None:
    with build_lock(out), work_folder(out, "docs") as docs:
        write_files(docs, files)
        copy_assets(project.templates / "site" / "assets", docs)
        extra = {"as_of": as_of.isoformat() if as_of else ""}
        with work_folder(out, "staging") as staging:
            build_html(project.mkdocs_yml, docs, staging, nav, stamp.epoch, extra)
            check_links(staging, str(out), urlsplit(site_url).path or "/")
            (staging / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
            publish(staging, out)


def make_manifest(
    policies: list[RenderedPolicy],
    versions: dict[str, list[RenderedVersion]],
    documents: DocumentSet | None,
    stamp: SourceDate,
    as_of: date | None,
) -> Manifest:
    entries = [
        PolicyEntry(
            code=p.meta.code,
            title=p.meta.title,
            status="retired" if p.meta.status is Status.RETIRED else "adopted",
            adopted=p.meta.adopted,
            revised=list(p.meta.revised),
            page=p.folder,
            pdf=p.pdf_path,
            sha256=hashlib.sha256(p.pdf).hexdigest(),
            versions=[_version_entry(v) for v in versions.get(p.meta.code, [])],
        )
        for p in policies
    ]
    listed = manifest_entries(documents) if documents else []
    return Manifest(commit=stamp.commit, source_date=stamp.iso, as_of=as_of, policies=entries, documents=listed)


def _version_entry(item: RenderedVersion) -> VersionEntry:
    return VersionEntry(
        date=item.version.date,
        kind=item.version.kind,
        commit=item.version.commit,
        page=item.folder,
        pdf=item.pdf_path,
        redline=item.folder + "redline/" if item.redline else None,
        redline_pdf=item.folder + "redline/" + redline_pdf_name(item) if item.redline else None,
    )


def _newest_date(manual: Manual) -> date | None:
    dates = [p.meta.effective_date for p in manual.published if p.meta and p.meta.effective_date]
    return max(dates) if dates else None
