"""The whole build, one line per stage.

load and validate -> history -> render policies (page body + PDF) -> render versions -> pages,
feed and API -> HTML (MkDocs) -> manifest -> publish. Each stage is a function of its inputs; what
the build was asked to do is one value, the ``BuildPlan``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..cache import ContentCache, cache_key, engine_fingerprint, tree_fingerprint
from ..documents import DocumentSet
from ..errors import Problem, suppressed
from ..history.asof import policies_as_of
from ..history.git_versions import History, read_history
from ..history.versions import RenderedVersion, render_versions
from ..manifest import Manifest
from ..paths.project import Project
from ..progress import Progress
from ..render.batch import RenderJob, RenderSettings, assets_fingerprint, render_policies
from ..render.context import RenderContext
from ..render.policy import Layout, Notice, RenderedPolicy
from ..site.chrome import site_extra
from ..site.engine import chosen_engine
from ..site.guide import guide_examples
from ..site.html import HtmlSettings
from ..site.opendata import text_files
from ..site.pages import navigation
from ..site.pending import preview_navigation, preview_pages
from ..site.reuse import remember, reused
from ..site.search_index import search_rules
from ..site.templates import page_environment
from ..source.gitread import git
from ..source.policies import Policy
from ..source.readings import previewed
from ..source.source_date import SourceDate, midnight, resolve_source_date
from .plan import BuildPlan
from .prepare import Checked, prepare
from .write import SiteContent, make_manifest, site_files, state_folder, write_site

Rendered = list[tuple[Policy, RenderedPolicy]]


@dataclass(frozen=True)
class BuildResult:
    out: Path
    manifest: Manifest
    warnings: list[Problem]
    timings: dict[str, float] = field(default_factory=dict)
    documents: DocumentSet | None = None  # what this build made (None when it reused the published site)


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
    ``stale``: an earlier build's documents, published as they are (see ``BuildPlan``)."""
    plan = BuildPlan.make(
        project, out, strict=strict, environ=environ, as_of=as_of, preview=preview, stale=stale, progress=progress
    )
    return run(project, plan)


def run(project: Project, plan: BuildPlan) -> BuildResult:
    """Carry out ``plan``; nothing is built when the published output was made from the same inputs."""
    cache = ContentCache.for_project(project.root, plan.environ)
    key = inputs_key(project, plan)
    state = state_folder(cache, plan.out)
    if state is not None and (same := reused(state, plan.out, key)) is not None:
        return BuildResult(plan.out, same[0], same[1], plan.progress.timings)  # unchanged since it was published
    result = _build(project, plan, cache)
    if state is not None:
        remember(state, plan.out, key if plan.final else "", result.warnings)  # "": matches no inputs
    return result


def inputs_key(project: Project, plan: BuildPlan) -> str:
    """Everything a build reads: sources, templates, configuration, code and engines, the commit."""
    head = [
        git(project.root, *args) or "" for args in (["rev-parse", "HEAD"], ["rev-parse", "--is-shallow-repository"])
    ]
    trees = tree_fingerprint(*project.inputs())
    return cache_key("build-inputs", engine_fingerprint(), trees, *head, plan.options_key())


def _build(project: Project, plan: BuildPlan, cache: ContentCache) -> BuildResult:
    progress = plan.progress
    with progress.stage("check"):
        checked = prepare(project, strict=plan.strict, cache=cache, stale=plan.stale)
    with progress.stage("history"):
        history = read_history(project.root)
    stamp, notes = resolve_source_date(project.root, plan.environ, _newest_date(checked), "source")
    layout = Layout.load(RenderContext(checked.district, project, checked.site_url, stamp.epoch))
    settings = RenderSettings(engine_fingerprint(), assets_fingerprint(project.source))
    with progress.stage("policies"):
        current, as_of_notes = _policies_to_publish(project, plan, checked, history, cache)
        policies = _render_current(current, layout, cache, settings, Notice(as_of=plan.as_of), progress)
    with progress.stage("versions"):
        versions, version_notes = _versions(project, plan, checked, history, layout, cache, settings)
    with progress.stage("documents"):
        documents = checked.documents if plan.current else None
    with progress.stage("pages"):
        content = _site_content(project, plan, checked, policies, versions, documents, stamp)
    write_site(project, plan, content, cache)
    cache.prune()
    later = suppressed(history.problems + notes + as_of_notes + version_notes, set(checked.district.suppress_warnings))
    problems = checked.warnings + later
    return BuildResult(plan.out, content.manifest, problems, progress.timings, checked.documents)


def _site_content(
    project: Project,
    plan: BuildPlan,
    checked: Checked,
    policies: Rendered,
    versions: dict[str, list[RenderedVersion]],
    documents: DocumentSet | None,
    stamp: SourceDate,
) -> SiteContent:
    """Every generated page and file, the navigation and the manifest."""
    rendered, district = [r for _, r in policies], checked.district
    files = site_files(project, policies, versions, documents, checked, plan.preview)
    nav = navigation(rendered, district, documents)
    if plan.preview:
        examples = guide_examples(checked.manual, district, documents)
        files.update(preview_pages(page_environment(project), checked.manual, district, plan.today, examples))
        nav += preview_navigation()
    return SiteContent(
        files=files,
        nav=nav,
        manifest=make_manifest(policies, versions, documents, stamp, plan),
        html=HtmlSettings(
            checked.site,
            project.site_overrides,
            f"Policy Manual \u2014 {district.district.name}",
            chosen_engine(plan.environ),
        ),
        extra=site_extra(district, plan.as_of, documents),
        epoch=stamp.epoch,
        texts=text_files(policies, versions),
        search=search_rules(district, rendered, files, documents),
    )


def _policies_to_publish(
    project: Project, plan: BuildPlan, checked: Checked, history: History, cache: ContentCache
) -> tuple[list[Policy], list[Problem]]:
    if plan.as_of is None:
        return previewed(checked.manual) if plan.preview else checked.manual.published, []
    chosen, notes = policies_as_of(project, history, plan.as_of, cache.kind("ast"))
    return sorted(chosen, key=lambda p: p.meta.code), notes


def _render_current(
    policies: list[Policy],
    layout: Layout,
    cache: ContentCache,
    settings: RenderSettings,
    notice: Notice,
    progress: Progress,
) -> Rendered:
    """The published text of every policy: page body and PDF, each dated by the policy's own date."""
    jobs = [RenderJob(p.path, p.text, notice, _policy_stamp(p, layout), _given(p), also=p.meta.title) for p in policies]
    outcomes = render_policies(jobs, layout, cache, settings, lambda n, total: progress.count("policy PDF", n, total))
    return [(p, o.rendered) for p, o in zip(policies, outcomes, strict=True) if o.rendered is not None]


def _given(policy: Policy) -> Callable[[], Policy | None]:
    """The policy's parse for its render job (its title keys the job too: a version of the same text,
    keyed with the same title, is then a cache hit)."""
    return lambda: policy


def _policy_stamp(policy: Policy, layout: Layout) -> int:
    """A policy PDF carries the date of its text (adopted or last revised), so it changes only with it."""
    day = policy.meta.effective_date
    return midnight(day) if day else layout.timestamp


def _versions(
    project: Project,
    plan: BuildPlan,
    checked: Checked,
    history: History,
    layout: Layout,
    cache: ContentCache,
    settings: RenderSettings,
) -> tuple[dict[str, list[RenderedVersion]], list[Problem]]:
    if not plan.current or not history.versions:
        return {}, []
    count = lambda n, total: plan.progress.count("version PDF", n, total)  # noqa: E731
    return render_versions(project, checked.manual, history, layout, cache, settings, count)


def _newest_date(checked: Checked) -> date | None:
    dates = [p.meta.effective_date for p in checked.manual.published if p.meta.effective_date]
    return max(dates) if dates else None
