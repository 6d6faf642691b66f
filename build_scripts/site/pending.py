"""Pages about the policy office's work: pending drafts and readings, policies due for review and the
clerk's guide (preview builds only: the public site is for staff and families), and redirects from
former codes."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from jinja2 import Environment

from .. import paths
from ..render.policy import RenderedPolicy
from ..source.models import District
from ..source.project import Manual
from ..source.readings import due_for_review, pending_policies
from .guide import GuideExamples

PENDING_PAGE = "pending/index.md"
DUE_PAGE = "due/index.md"
GUIDE_PAGE = "about/guide/index.md"


def preview_pages(
    env: Environment, manual: Manual, district: District, today: date, examples: GuideExamples
) -> dict[str, str | bytes]:
    """The "Pending", "Due for review" and clerk's guide pages of a preview build."""
    pending = [{"meta": meta, "href": f"../policies/{meta.code.lower()}/index.md"} for meta in pending_policies(manual)]
    due = [
        {"item": item, "href": f"../policies/{item.meta.code.lower()}/index.md"}
        for item in due_for_review(manual, today)
    ]
    lang = district.language
    return {
        PENDING_PAGE: env.get_template("pending.md.j2").render(
            pending=pending, lang=lang, adopted_by=_adopted_by(district), adopters=len(district.district.adopters)
        ),
        DUE_PAGE: env.get_template("due.md.j2").render(due=due, today=today, lang=lang),
        **guide_page(env, district, examples),
    }


def _adopted_by(district: District) -> str:
    """'the Board of Education'; 'the committees' when several vote."""
    adopters = district.district.adopters
    return "the committees" if len(adopters) > 1 else f"the {adopters[0]}"


def preview_navigation() -> list[Any]:
    return [{"Pending": PENDING_PAGE}, {"Due for review": DUE_PAGE}, {"About": [{"A clerk's guide": GUIDE_PAGE}]}]


def guide_page(env: Environment, district: District, examples: GuideExamples) -> dict[str, str | bytes]:
    """The clerk's guide (a page of the preview only), its examples from the district's own manual."""
    page = env.get_template("guide.md.j2").render(district=district, lang=district.language, example=examples)
    return {GUIDE_PAGE: page}


def redirect_pages(policies: list[RenderedPolicy], lang: str) -> dict[str, str | bytes]:
    """``policies/<former code>/index.html`` for every renamed policy: a small page that sends the
    browser on (``meta refresh``) and shows the link; a static file, so outside navigation and search."""
    files: dict[str, str | bytes] = {}
    for policy in policies:
        for former in policy.meta.former_codes:
            files[paths.redirect_file(former)] = redirect_html(former, policy.meta.code, policy.meta.title, lang)
    return files


def redirect_html(old: str, new: str, title: str, lang: str) -> str:
    target = paths.folder_link(paths.policy_folder(old), paths.policy_folder(new))
    name = escape(f"Policy {new}: {title}")
    return (
        f'<!doctype html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Policy {escape(old)} is now Policy {escape(new)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n<meta name="robots" content="noindex">\n</head>\n'
        f"<body>\n<main>\n<h1>Policy {escape(old)} is now Policy {escape(new)}</h1>\n"
        f'<p>This policy has a new code. Go to <a href="{target}">{name}</a>.</p>\n</main>\n</body>\n</html>\n'
    )
