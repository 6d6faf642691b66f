"""The whole build, one line per stage: load -> validate -> PDFs -> documents -> pages -> HTML -> manifest."""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .documents import DocumentSet, check_documents, manifest_entries, render_documents
from .errors import Problem, ValidationFailed
from .manifest import Manifest, PolicyEntry
from .models import District, Status
from .pages import RenderedPolicy, navigation, site_pages
from .pandoc import write_ast
from .pdf import TypstJob, body_to_typst, compile_pdf
from .policies import PolicyFile
from .project import Manual, Project, load_manual
from .site import build_html, copy_assets, publish, write_files
from .source_date import SourceDate, current_environ, resolve_source_date
from .transforms import for_html


@dataclass(frozen=True)
class BuildResult:
    out: Path
    manifest: Manifest
    warnings: list[Problem]


def check(project: Project, *, strict: bool = False) -> tuple[Manual, list[Problem]]:
    """Load and validate every source; raise ValidationFailed with all errors, else return warnings."""
    manual = load_manual(project)
    manual.problems += check_documents(project, manual)
    errors = [p for p in manual.problems if p.is_error or strict]
    if errors:
        raise ValidationFailed(manual.problems if strict else errors)
    return manual, sorted(manual.problems)


def build(project: Project, out: Path | None = None, *, strict: bool = False, environ: dict[str, str] | None = None) -> BuildResult:
    """Build the site into ``out`` (default ``site/``); on any failure ``out`` is left as it was."""
    out = (out or project.root / "site").resolve()
    manual, warnings = check(project, strict=strict)
    assert manual.district is not None  # guaranteed by check()
    stamp, notes = resolve_source_date(project.root, environ or current_environ(), _newest_date(manual), "source/policies")
    policies = [render_policy(project, policy, manual.district, stamp) for policy in manual.published]
    documents = render_documents(project, manual, manual.district, stamp)
    files = site_pages(project.templates, policies, manual.district, manual.citations, documents)
    manifest = make_manifest(policies, stamp, documents)
    with _build_lock(out), tempfile.TemporaryDirectory(prefix="policy-docs-") as docs_dir:
        docs = Path(docs_dir)
        write_files(docs, files)
        copy_assets(project.templates / "site" / "assets", docs)
        with _staging(out) as staging:
            build_html(project.mkdocs_yml, docs, staging, navigation(policies, manual.district, documents), stamp.epoch)
            (staging / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
            publish(staging, out)
    return BuildResult(out, manifest, warnings + notes)


def render_policy(project: Project, policy: PolicyFile, district: District, stamp: SourceDate) -> RenderedPolicy:
    """One policy's MkDocs Markdown and PDF, from its parsed AST."""
    assert policy.meta is not None and policy.scan is not None
    meta = policy.meta
    body_markdown = write_ast(for_html(policy.scan.ast), "markdown_phpextra", policy.path)
    job = TypstJob(
        subject=policy.path,
        layout=(project.templates / "typst" / "policy.typ").read_text(encoding="utf-8"),
        body=body_to_typst(policy.scan.ast, policy.path),
        inputs={
            "title": meta.title,
            "code": meta.code,
            "district": district.district.name,
            "lang": district.language,
            "adopted": meta.adopted.isoformat() if meta.adopted else "",
            "revised": meta.last_revised.isoformat() if meta.last_revised else "",
            "status": meta.status.value,
        },
        fonts=project.templates / "fonts",
        timestamp=stamp.epoch,
    )
    return RenderedPolicy(meta, body_markdown, compile_pdf(job))


def make_manifest(policies: list[RenderedPolicy], stamp: SourceDate, documents: DocumentSet | None = None) -> Manifest:
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
        )
        for p in policies
    ]
    listed = manifest_entries(documents) if documents else []
    return Manifest(commit=stamp.commit, source_date=stamp.iso, policies=entries, documents=listed)


def _newest_date(manual: Manual) -> date | None:
    dates = [p.meta.effective_date for p in manual.published if p.meta and p.meta.effective_date]
    return max(dates) if dates else None


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging)


@contextmanager
def _build_lock(out: Path) -> Iterator[None]:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
