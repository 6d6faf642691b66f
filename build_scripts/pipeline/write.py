"""The last stages of a build: every generated file, MkDocs, the link check, the manifest, publish."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .. import paths
from ..cache import ContentCache, engine_fingerprint, tree_fingerprint
from ..documents import DocumentSet, manifest_entries
from ..history.versions import RenderedVersion
from ..manifest import Manifest, PolicyEntry, VersionEntry
from ..paths.project import Project
from ..render.policy import RenderedPolicy
from ..site.csp import add_content_security_policy
from ..site.documents import document_pages
from ..site.history_pages import archive_page, history_items, version_files
from ..site.html import HtmlSettings, asset_files, build_html
from ..site.incremental import merge_search_index, record_site, seed_staging, shared_key, sync_docs
from ..site.linkcheck import check_links
from ..site.opendata import api_policies, atom_feed, feed_items, text_sha256
from ..site.pages import site_pages
from ..site.pending import redirect_pages
from ..site.publish import build_lock, publish, work_folder
from ..site.search_index import SearchRules, refine_search_index
from ..site.templates import page_environment
from ..source.policies import Policy
from ..source.source_date import SourceDate
from .plan import BuildPlan
from .prepare import Checked


@dataclass(frozen=True)
class SiteContent:
    """What the HTML step turns into the site: generated files, navigation, manifest, theme settings."""

    files: dict[str, str | bytes]
    nav: list[object]
    manifest: Manifest
    html: HtmlSettings
    extra: dict[str, Any]  # ``config.extra`` of the theme (footer, as-of notice, translated chrome)
    epoch: int  # the date the sitemap carries
    texts: dict[str, bytes]  # each policy file's exact text, published as it is, never as a page
    search: SearchRules  # what refines the search index MkDocs writes


def site_files(
    project: Project,
    policies: list[tuple[Policy, RenderedPolicy]],
    versions: dict[str, list[RenderedVersion]],
    documents: DocumentSet | None,
    checked: Checked,
    preview: bool = False,
) -> dict[str, str | bytes]:
    manual, district, site_url = checked.manual, checked.district, checked.site_url
    rendered = [r for _, r in policies]
    env = page_environment(project)
    history = {code: history_items(items) for code, items in versions.items()}
    shown = {r.meta.code: [w for w in checked.warnings if w.path == p.path] for p, r in policies} if preview else {}
    files = site_pages(env, rendered, district, manual.citations, history, shown)
    files.update(version_files(env, versions, district))
    files[paths.ARCHIVE] = archive_page(env, rendered, versions, district)
    files[paths.FEED] = atom_feed(feed_items(rendered, versions), district, site_url)
    files[paths.API] = api_policies(policies, district, site_url, versions)
    files.update(redirect_pages(rendered, district.language))
    if documents and documents.documents:
        files.update(document_pages(project, documents, district))
    return files


def write_site(project: Project, plan: BuildPlan, content: SiteContent, cache: ContentCache) -> None:
    """MkDocs renders the generated Markdown (only the changed pages when it can), the links are
    checked, and the result replaces ``plan.out`` in one step; on any failure ``plan.out`` stays as it was."""
    out, html = plan.out, content.html
    files = {**content.files, **asset_files(project.site_assets)}
    shared = shared_key(
        engine_fingerprint(),
        json.dumps(content.nav, sort_keys=True),
        json.dumps(content.extra, sort_keys=True),
        json.dumps([html.engine, html.options(Path(), Path(), [], {})], sort_keys=True, default=str),
        tree_fingerprint(project.mkdocs_yml, *project.site_overrides),
        content.search.shared_key(),
    )
    with build_lock(out), _docs_folder(cache, out) as docs:
        change = sync_docs(docs, files, shared, out)
        with work_folder(out, "staging") as staging:
            if change.incremental:
                seed_staging(out, staging, change, list(files))
            with plan.progress.stage("mkdocs"):
                build_html(html, docs, staging, content.nav, content.epoch, content.extra, dirty=change.incremental)
            refine_search_index(staging, content.search)  # the new entries only, before the merge
            if change.incremental:
                merge_search_index(out, staging, change, [p for p in files if p.endswith(".md")])
            add_content_security_policy(staging)  # before the check: its memo then holds the published bytes
            write_texts(staging, content.texts)  # after MkDocs, which would render a .md file as a page
            with plan.progress.stage("links"):
                if change.changed or change.removed or not change.incremental:  # else: the checked site, as it was
                    base = urlsplit(html.config.site_url).path or "/"
                    check_links(staging, str(out), base, docs.parent / "links.json")
            (staging / paths.MANIFEST).write_text(content.manifest.to_json(), encoding="utf-8")
            publish(staging, out)
        record_site(docs, out)


def write_texts(root: Path, files: dict[str, bytes]) -> None:
    for relative, data in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # never write through a link into the published site
        target.write_bytes(data)


def state_folder(cache: ContentCache, out: Path) -> Path | None:
    """Where the cache keeps what the last build into ``out`` left (its Markdown, its inputs' key)."""
    return cache.folder / "site" / hashlib.sha256(str(out).encode()).hexdigest()[:16] if cache.folder else None


@contextmanager
def _docs_folder(cache: ContentCache, out: Path) -> Iterator[Path]:
    """The generated Markdown, kept between builds in the cache (a temporary folder without one)."""
    state = state_folder(cache, out)
    if state is None:
        with work_folder(out, "docs") as folder:
            yield folder / "docs"
        return
    yield state / "docs"


def make_manifest(
    policies: list[tuple[Policy, RenderedPolicy]],
    versions: dict[str, list[RenderedVersion]],
    documents: DocumentSet | None,
    stamp: SourceDate,
    plan: BuildPlan,
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
            text=paths.policy_text(p.meta.code),
            text_sha256=text_sha256(source.text),
            versions=[_version_entry(v) for v in versions.get(p.meta.code, [])],
        )
        for source, p in policies
    ]
    listed = manifest_entries(documents) if documents else []
    return Manifest(
        commit=stamp.commit,
        source_date=stamp.iso,
        as_of=plan.as_of,
        policies=entries,
        documents=listed,
        preview=plan.preview,
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
        text=paths.version_text(item.version.code, item.version.date),
        text_sha256=text_sha256(item.version.text),
    )
