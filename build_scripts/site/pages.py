"""The Markdown pages MkDocs turns into HTML: home, index by section, one page per policy.

Page wording lives in ``templates/site/pages/*.md.j2``; this module only gathers the values.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from .. import paths
from ..documents import DocumentSet
from ..render.policy import RenderedPolicy
from ..source.citations import CitationRules
from ..source.models import CODE_PATTERN, Audience, District, PolicyMeta, Status
from ..textfilters import nav_title
from .documents import document_navigation
from .templates import body_markup

RECENT_COUNT = 5


def policy_page(
    env: Environment,
    policy: RenderedPolicy,
    district: District,
    citations: CitationRules,
    codes: set[str],
    history: list[dict[str, Any]],
) -> str:
    meta = policy.meta
    legal = [{"text": ref, "url": citations.link(ref)} for ref in meta.legal_refs]
    cross = [
        {
            "text": ref,
            "href": paths.folder_link(policy.folder, paths.policy_folder(ref))
            if CODE_PATTERN.match(ref) and ref in codes
            else None,
        }
        for ref in meta.cross_refs
    ]
    return env.get_template("policy.md.j2").render(
        meta=meta,
        lang=district.language,
        section_title=district.sections.get(meta.section_key, ""),
        section_href=paths.folder_link(policy.folder, paths.section_folder(meta.section_key)),
        legal_refs=legal,
        cross_refs=cross,
        pdf={"name": policy.pdf_name, "size": len(policy.pdf)},
        body=body_markup(policy.body_markdown),
        history=history,
        acknowledge=acknowledge_link(district, meta),
    )


def acknowledge_link(district: District, meta: PolicyMeta) -> str | None:
    """The staff acknowledgement service's page for this policy, when the district runs one."""
    if not district.acknowledge_url or Audience.STAFF not in meta.audience or meta.status is Status.RETIRED:
        return None
    return district.acknowledge_url.rstrip("/") + f"/policies/{meta.code}/"


def _listing(policy: RenderedPolicy, prefix: str) -> dict[str, Any]:
    meta = policy.meta
    return {
        "code": meta.code,
        "title": meta.title,
        "href": f"{prefix}{meta.code.lower()}/index.md",
        "adopted": meta.adopted,
        "revised": meta.last_revised,
        "retired": meta.status is Status.RETIRED,
    }


def index_page(env: Environment, policies: list[RenderedPolicy], district: District) -> str:
    sections = _sections(policies, district, "")
    scheme = district.code_scheme.value
    return env.get_template("policies.md.j2").render(sections=sections, lang=district.language, scheme=scheme)


def home_page(env: Environment, policies: list[RenderedPolicy], district: District) -> str:
    current = [p for p in policies if p.meta.status is not Status.RETIRED and p.meta.effective_date]
    current.sort(key=lambda p: (p.meta.effective_date, p.meta.code), reverse=True)
    recent = []
    for policy in current[:RECENT_COUNT]:
        item = _listing(policy, paths.POLICIES)
        item.update(verb="revised" if policy.meta.revised else "adopted", date=policy.meta.effective_date)
        recent.append(item)
    return env.get_template("home.md.j2").render(
        district=district, policies=policies, recent=recent, lang=district.language
    )


def _sections(policies: list[RenderedPolicy], district: District, prefix: str) -> list[dict[str, Any]]:
    """Each MASC section that has policies, with its policies' listings (links relative to ``prefix``)."""
    sections = []
    for letter, title in district.sections.items():
        members = [_listing(p, prefix) for p in policies if p.meta.section_key == letter]
        if members:
            sections.append({"letter": letter, "title": title, "policies": members})
    return sections


def section_pages(env: Environment, policies: list[RenderedPolicy], district: District) -> dict[str, str | bytes]:
    """One page per section listing its policies: what the navigation lists instead of every policy."""
    template = env.get_template("section.md.j2")
    return {
        paths.page(paths.section_folder(s["letter"])): template.render(section=s, lang=district.language)
        for s in _sections(policies, district, "../../policies/")
    }


def navigation(policies: list[RenderedPolicy], district: District, documents: DocumentSet | None = None) -> list[Any]:
    """Home, the index and one page per section (not every policy: each page carries the whole
    navigation, and 400 entries would weigh ~100 KB a page), documents, archive."""
    sections: list[Any] = [{"Policies by section": paths.POLICY_INDEX}]  # titled: see incremental.py
    for section in _sections(policies, district, ""):
        title = nav_title(f"{section['letter']}: {section['title']}")
        sections.append({title: paths.page(paths.section_folder(section["letter"]))})
    extra = [document_navigation(documents)] if documents and documents.documents else []
    return [{"Home": paths.HOME}, {"Policies": sections}, *extra, {"Archive": paths.ARCHIVE}]


def site_pages(
    env: Environment,
    policies: list[RenderedPolicy],
    district: District,
    citations: CitationRules,
    history: dict[str, list[dict[str, Any]]],
) -> dict[str, str | bytes]:
    """The home page, the index and every policy's page, PDF and images: relative path -> content."""
    codes = {p.meta.code for p in policies}
    files: dict[str, str | bytes] = {
        paths.HOME: home_page(env, policies, district),
        paths.POLICY_INDEX: index_page(env, policies, district),
        **section_pages(env, policies, district),
    }
    for policy in policies:
        page = policy_page(env, policy, district, citations, codes, history.get(policy.meta.code, []))
        files[paths.page(policy.folder)] = page
        files[policy.pdf_path] = policy.pdf
        files.update({policy.folder + name: content for name, content in policy.images.items()})
    return files
