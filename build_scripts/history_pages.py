"""Pages of the history: one permanent page (and PDF) per version, and each policy's History list."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .models import District
from .versions import RenderedVersion


def history_items(versions: list[RenderedVersion]) -> list[dict[str, Any]]:
    """The History list of a policy page, oldest first, links relative to the policy page."""
    items = []
    for index, item in enumerate(versions):
        base = f"versions/{item.version.date.isoformat()}/"
        items.append(
            {
                "date": item.version.date,
                "kind": item.version.kind,
                "commit": item.version.commit,
                "superseded_on": item.superseded_on,
                "page": base + "index.md",
                "pdf": base + item.pdf_name,
                "redline": base + "redline/index.md" if index > 0 and _has_redline(item) else None,
            }
        )
    return items


def _has_redline(item: RenderedVersion) -> bool:
    return item.redline is not None


def version_page(env: Environment, item: RenderedVersion, district: District) -> str:
    redline = {"previous": item.redline.previous_date} if item.redline else None
    return env.get_template("version.md.j2").render(
        meta=item.rendered.meta,
        version=item.version,
        superseded_on=item.superseded_on,
        lang=district.language,
        pdf={"name": item.pdf_name, "size": len(item.rendered.pdf)},
        redline=redline,
        body=Markup(item.rendered.body_markdown),
    )


def version_files(
    env: Environment, versions: dict[str, list[RenderedVersion]], district: District
) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for items in versions.values():
        for item in items:
            files[item.folder + "index.md"] = version_page(env, item, district)
            files[item.pdf_path] = item.rendered.pdf
            files.update({item.folder + name: data for name, data in item.rendered.images.items()})
    return files
