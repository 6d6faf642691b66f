"""The whole build, one line per stage.

load and validate -> history -> render policies (page body + PDF) -> render versions -> pages,
feed and API -> HTML (MkDocs) -> manifest -> publish. Each stage is a function of its inputs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from .cache import ContentCache, cache_key, engine_fingerprint, tree_fingerprint
from .documents import DocumentSet, manifest_entries
from .documents.build import document_date
from .documents.stage_cache import cached_documents
from .errors import Problem, UsageError, ValidationFailed
from .history.asof import as_of_folder, policies_as_of
from .history.git_versions import History, read_history
from .history.versions import RenderedVersion, render_versions
from .manifest import Manifest, PolicyEntry, VersionEntry
from .paths.project import Project
from .progress import Progress
from .render.batch import RenderJob, RenderSettings, assets_fingerprint, render_policies
from .render.context import RenderContext
from .render.policy import Layout, Notice, RenderedPolicy
from .site.chrome import site_extra
from .site.csp import add_content_security_policy
from .site.documents import document_pages
from .site.history_pages import archive_page, history_items, version_files
from .site.html import HtmlSettings, asset_files, build_html
from .site.incremental import merge_search_index, record_site, seed_staging, shared_key, sync_docs
from .site.linkcheck import check_links
from .site.opendata import api_policies, atom_feed, feed_items
from .site.pages import navigation, site_pages
from .site.pending import preview_navigation, preview_pages, redirect_pages
from .site.publish import build_lock, publish, work_folder
from .site.reuse import remember, reused
from .site.search_index import SearchRules, refine_search_index, search_rules
from .site.templates import page_environment
from .source.gitread import git
from .source.lifecycle import retired_quotes
from .source.models import District
from .source.policies import PolicyFile
from .source.project import Manual, load_manual
from .source.readings import demote_unpublished, previewed
from .source.siteconfig import SiteConfig, read_site_config
from .source.source_date import SourceDate, current_environ, midnight, resolve_source_date

Rendered = list[tuple[PolicyFile, RenderedPolicy]]


@dataclass(frozen=True)
class BuildResult:
    out: Path
    manifest: Manifest
    warnings: list[Problem]
    timings: dict[str, float] = field(default_factory=dict)
    documents: DocumentSet | None = None  # what this build made (None when it reused the published site)


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
    if district is None or documents is None or site is None or any(p.is_error or strict for p in manual.problems):
        raise ValidationFailed(manual.problems)
    return Checked(manual, district, site, documents, sorted(manual.problems))


def documents_stamp(manual: Manual) -> SourceDate:
    """Documents are dated by the newest policy text they can quote, not by the commit."""
    newest = document_date(manual)
    return SourceDate(midnight(newest) if newest else 0, None, "newest policy date")


def build(
    project: Project,
    out: Path | None = None,
    *,
    strict: bool = False,
    environ: dict[str, str] | None = None,
    as_of: date | None = None,
    progress: Progress | None = None,
    preview: bool = False,
    stale: DocumentSet | None = None,
) -> BuildResult:
    """Build the site into ``out`` (default ``site/``); on any failure ``out`` is left as it was.
    A preview (into ``preview/``) also shows drafts and readings, marked as such; never published.
    ``stale``: an earlier build's documents, published as they are (``policy serve`` shows an edited
    page first, then builds again); such a site is never taken for the finished site of its inputs."""
    out = as_of_folder(project, out, as_of) if as_of else preview_folder(project, out, preview)
    progress = progress or Progress()
    env = environ if environ is not None else current_environ()
    cache = ContentCache.for_project(project.root, env)
    key = _inputs_key(project, out, env, as_of, preview, strict)
    state = _state_folder(cache, out)
    if state is not None and (same := reused(state, out, key)) is not None:
        return BuildResult(out, same[0], same[1], progress.timings)  # nothing changed since it was published
    result = _build(project, out, env, cache, progress, strict=strict, as_of=as_of, preview=preview, stale=stale)
    if state is not None:
        remember(state, out, key if stale is None else "", result.warnings)  # "": matches no inputs
    return result


def _inputs_key(
    project: Project, out: Path, env: dict[str, str], as_of: date | None, preview: bool, strict: bool
) -> str:
    """Everything a build reads: sources, templates, configuration, code and engines, the commit."""
    head = [
        git(project.root, *args) or "" for args in (["rev-parse", "HEAD"], ["rev-parse", "--is-shallow-repository"])
    ]
    options = json.dumps([str(out), str(as_of), preview, strict, env.get("SOURCE_DATE_EPOCH", "")])
    trees = tree_fingerprint(*project.inputs())
    return cache_key("build-inputs", engine_fingerprint(), trees, *head, options)


def _state_folder(cache: ContentCache, out: Path) -> Path | None:
    return cache.folder / "site" / hashlib.sha256(str(out).encode()).hexdigest()[:16] if cache.folder else None


def _build(
    project: Project,
    out: Path,
    env: dict[str, str],
    cache: ContentCache,
    progress: Progress,
    *,
    strict: bool,
    as_of: date | None,
    preview: bool,
    stale: DocumentSet | None = None,
) -> BuildResult:
    with progress.stage("check"):
        checked = prepare(project, strict=strict, cache=cache, preview=preview, stale=stale)
    manual, district, warnings, site_url = checked.manual, checked.district, checked.warnings, checked.site_url
    with progress.stage("history"):
        history = read_history(project.root)
    stamp, notes = resolve_source_date(project.root, env, _newest_date(manual), "source")
    layout = Layout.load(RenderContext(district, project, site_url, stamp.epoch))
    settings = RenderSettings(engine_fingerprint(), assets_fingerprint(project.root / "source"))
    with progress.stage("policies"):
        current, as_of_notes = _policies_to_publish(project, manual, history, as_of, cache, preview)
        policies = _render_current(current, layout, cache, settings, Notice(as_of=as_of), progress)
    with progress.stage("versions"):
        versions, version_notes = _versions(project, manual, history, layout, as_of, cache, settings, progress)
    with progress.stage("documents"):
        documents = None if as_of else checked.documents
    with progress.stage("pages"):
        files = _site_files(project, policies, versions, documents, checked)
        manifest = make_manifest([r for _, r in policies], versions, documents, stamp, as_of, preview)
        nav = navigation([r for _, r in policies], district, documents)
        if preview:
            files.update(preview_pages(page_environment(project), manual, district, stamp.day))
            nav += preview_navigation()
    html = HtmlSettings(checked.site, project.site_overrides, f"Policy Manual \u2014 {district.district.name}")
    search = search_rules(district, [r for _, r in policies], files, documents)
    _write_site(project, out, files, nav, stamp, manifest, site_extra(district, as_of), html, search, progress, cache)
    cache.prune()
    problems = warnings + history.problems + notes + as_of_notes + version_notes
    return BuildResult(out, manifest, problems, progress.timings, checked.documents)


def _policies_to_publish(
    project: Project, manual: Manual, history: History, as_of: date | None, cache: ContentCache, preview: bool
) -> tuple[list[PolicyFile], list[Problem]]:
    if as_of is None:
        return previewed(manual) if preview else manual.published, []
    chosen, notes = policies_as_of(project, history, as_of, cache.kind("ast"))
    return sorted(chosen, key=_code), notes


def preview_folder(project: Project, out: Path | None, preview: bool) -> Path:
    """``site/`` for the public build; ``preview/`` (or ``out``, never ``site/``) for a preview."""
    site = project.site_dir.resolve()
    if not preview:
        return (out or site).resolve()
    chosen = (out or project.preview_dir).resolve()
    if chosen == site:
        raise UsageError("a preview is never written into site/ (the published manual); use --out another folder")
    return chosen


def _render_current(
    policies: list[PolicyFile],
    layout: Layout,
    cache: ContentCache,
    settings: RenderSettings,
    notice: Notice,
    progress: Progress,
) -> Rendered:
    """The published text of every policy: page body and PDF, each dated by the policy's own date."""
    jobs = [RenderJob(p.path, p.text, notice, _policy_stamp(p, layout), _given(p), also=_title(p)) for p in policies]
    outcomes = render_policies(jobs, layout, cache, settings, lambda n, total: progress.count("policy PDFs", n, total))
    return [(p, o.rendered) for p, o in zip(policies, outcomes, strict=True) if o.rendered is not None]


def _title(policy: PolicyFile) -> str:
    """What a version of the same text is keyed with too: its latest version is then a cache hit."""
    meta = policy.meta or policy.checkable
    return meta.title if meta else ""


def _given(policy: PolicyFile) -> Callable[[], PolicyFile]:
    return lambda: policy


def _policy_stamp(policy: PolicyFile, layout: Layout) -> int:
    """A policy PDF carries the date of its text (adopted or last revised), so it changes only with it."""
    meta = policy.meta or policy.checkable
    return midnight(meta.effective_date) if meta and meta.effective_date else layout.timestamp


def _code(policy: PolicyFile) -> str:
    meta = policy.meta or policy.checkable
    return meta.code if meta else ""


def _versions(
    project: Project,
    manual: Manual,
    history: History,
    layout: Layout,
    as_of: date | None,
    cache: ContentCache,
    settings: RenderSettings,
    progress: Progress,
) -> tuple[dict[str, list[RenderedVersion]], list[Problem]]:
    if as_of is not None or not history.versions:
        return {}, []
    count = lambda n, total: progress.count("version PDFs", n, total)  # noqa: E731
    return render_versions(project, manual, history, layout, cache, settings, count)


def _site_files(
    project: Project,
    policies: Rendered,
    versions: dict[str, list[RenderedVersion]],
    documents: DocumentSet | None,
    checked: Checked,
) -> dict[str, str | bytes]:
    manual, district, site_url = checked.manual, checked.district, checked.site_url
    env = page_environment(project)
    rendered = [r for _, r in policies]
    history = {code: history_items(items) for code, items in versions.items()}
    files = site_pages(env, rendered, district, manual.citations, history)
    files.update(version_files(env, versions, district))
    files["archive/index.md"] = archive_page(env, rendered, versions, district)
    files["feed.xml"] = atom_feed(feed_items(rendered, versions), district, site_url)
    files["api/policies.json"] = api_policies(policies, district, site_url, versions)
    files.update(redirect_pages(rendered, district.language))
    if documents and documents.documents:
        files.update(document_pages(project, documents, district))
    return files


def _write_site(
    project: Project,
    out: Path,
    files: dict[str, str | bytes],
    nav: list[object],
    stamp: SourceDate,
    manifest: Manifest,
    extra: dict[str, str],
    html: HtmlSettings,
    search: SearchRules,
    progress: Progress,
    cache: ContentCache,
) -> None:
    files = {**files, **asset_files(project.site_assets)}
    shared = shared_key(
        engine_fingerprint(),
        json.dumps(nav, sort_keys=True),
        json.dumps(extra, sort_keys=True),
        json.dumps(html.options(Path(), Path(), [], {}), sort_keys=True, default=str),
        tree_fingerprint(project.mkdocs_yml, *project.site_overrides),
        search.shared_key(),
    )
    with build_lock(out), _docs_folder(cache, out) as docs:
        change = sync_docs(docs, files, shared, out)
        with work_folder(out, "staging") as staging:
            if change.incremental:
                seed_staging(out, staging, change, list(files))
            with progress.stage("mkdocs"):
                build_html(html, docs, staging, nav, stamp.epoch, extra, dirty=change.incremental)
            refine_search_index(staging, search)  # the new entries only, before the merge
            if change.incremental:
                merge_search_index(out, staging, change, [p for p in files if p.endswith(".md")])
            add_content_security_policy(staging)  # before the check: its memo then holds the published bytes
            with progress.stage("links"):
                if change.changed or change.removed or not change.incremental:  # else: the checked site, as it was
                    base = urlsplit(html.config.site_url).path or "/"
                    check_links(staging, str(out), base, docs.parent / "links.json")
            (staging / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
            publish(staging, out)
        record_site(docs, out)


@contextmanager
def _docs_folder(cache: ContentCache, out: Path) -> Iterator[Path]:
    """The generated Markdown, kept between builds in the cache (a temporary folder without one)."""
    if cache.folder is None:
        with work_folder(out, "docs") as folder:
            yield folder / "docs"
        return
    state = _state_folder(cache, out)
    assert state is not None
    yield state / "docs"


def make_manifest(
    policies: list[RenderedPolicy],
    versions: dict[str, list[RenderedVersion]],
    documents: DocumentSet | None,
    stamp: SourceDate,
    as_of: date | None,
    preview: bool = False,
) -> Manifest:
    entries = [
        PolicyEntry(
            code=p.meta.code,
            title=p.meta.title,
            status=p.meta.status.value,
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
    return Manifest(
        commit=stamp.commit, source_date=stamp.iso, as_of=as_of, policies=entries, documents=listed, preview=preview
    )


def _version_entry(item: RenderedVersion) -> VersionEntry:
    return VersionEntry(
        date=item.version.date,
        kind=item.version.kind,
        commit=item.version.commit,
        page=item.folder,
        pdf=item.pdf_path,
        redline=item.redline_folder if item.redline else None,
        redline_pdf=item.redline_pdf_path if item.redline else None,
    )


def _newest_date(manual: Manual) -> date | None:
    dates = [p.meta.effective_date for p in manual.published if p.meta and p.meta.effective_date]
    return max(dates) if dates else None
