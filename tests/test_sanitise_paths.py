"""Every path from policy text to an output goes through one sanitiser: a ``javascript:`` link in a
policy is plain text on the policy page and PDF, in the staff handbook (page, PDF, DOCX), on a
version page and in a redline. The stages are called directly, since ``policy check`` refuses the
link before a build would start (old versions are rendered even when today's checks fail)."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest

from build_scripts.documents.build import render_documents
from build_scripts.history.git_versions import Version
from build_scripts.history.redline import redline
from build_scripts.history.redline_typst import redline_typst
from build_scripts.history.versions import read_version
from build_scripts.paths.project import Project
from build_scripts.render.context import RenderContext
from build_scripts.render.policy import Layout, render_policy
from build_scripts.source.project import Manual, load_manual
from build_scripts.source.source_date import SourceDate
from tests.conftest import copy_project
from tests.documents_helpers import pdf_text

HOSTILE_CLAUSE = (
    "[]{#scope-p2} Report [phishing](javascript:alert(4)) and [data pages](data:text/html,hi) "
    "to the [help desk](https://example.org/help)."
)
UNSAFE = re.compile(r"javascript:|data:text", re.IGNORECASE)


def pdf_links(pdf: bytes) -> list[str]:
    """Every link target in a PDF's annotations."""
    with pikepdf.open(BytesIO(pdf)) as doc:
        return [
            str(annot.A.URI)
            for page in doc.pages
            for annot in page.get("/Annots", [])
            if "/A" in annot and "/URI" in annot.A
        ]


def hostile_text() -> str:
    text = (Path(__file__).parent.parent / "source" / "policies" / "G-170.md").read_text(encoding="utf-8")
    anchor = "## Purpose {#purpose}"
    return text.replace(anchor, f"{HOSTILE_CLAUSE}\n\n{anchor}", 1)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Manual]:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (root / "source" / "policies" / "G-170.md").write_text(hostile_text(), encoding="utf-8")
    project = Project.at(root)
    manual = load_manual(project)
    assert manual.district is not None and manual.published
    return project, manual


def test_policy_page_and_pdf_show_the_link_text_only(hostile: tuple[Project, Manual]) -> None:
    project, manual = hostile
    assert manual.district is not None
    rendered = render_policy(manual.published[0], Layout.load(RenderContext(manual.district, project, "", 1700000000)))
    assert not UNSAFE.search(rendered.body_markdown)
    assert "phishing" in rendered.body_markdown and 'href="https://example.org/help"' in rendered.body_markdown
    assert not UNSAFE.search(" ".join(pdf_links(rendered.pdf)))


def test_handbook_page_pdf_and_documents_show_the_link_text_only(
    hostile: tuple[Project, Manual], tmp_path: Path
) -> None:
    project, manual = hostile
    assert manual.district is not None
    documents = render_documents(project, manual, manual.district, SourceDate(1700000000, None, "test"))
    handbook = next(d for d in documents.documents if d.id == "staff-handbook")
    assert "Report phishing and data pages" in " ".join(handbook.page_markdown.split())
    for document in documents.documents:
        assert not UNSAFE.search(document.page_markdown), document.id
        assert not UNSAFE.search(" ".join(pdf_links(document.pdf))), document.id
        assert document.docx is None or not UNSAFE.search(document.docx.decode("latin-1")), document.id
    pdf = tmp_path / "handbook.pdf"
    pdf.write_bytes(handbook.pdf)
    assert "Report phishing and data pages to the help desk" in pdf_text(pdf)


def test_version_page_and_pdf_show_the_link_text_only(hostile: tuple[Project, Manual]) -> None:
    project, manual = hostile
    assert manual.district is not None
    version = Version(
        code="G-170",
        path="source/policies/G-170.md",
        commit="0" * 40,
        date=manual.published[0].meta.adopted,  # type: ignore[union-attr]
        kind="adopted",
        text=hostile_text(),
    )
    parsed, _notes = read_version(project, version)
    rendered = render_policy(parsed, Layout.load(RenderContext(manual.district, project, "", 1700000000)))
    assert "phishing" in rendered.body_markdown
    assert not UNSAFE.search(rendered.body_markdown)
    assert not UNSAFE.search(" ".join(pdf_links(rendered.pdf)))


def test_redline_shows_the_link_text_only(hostile: tuple[Project, Manual]) -> None:
    _project, manual = hostile
    new = manual.published[0].scan
    assert new is not None
    old = {**new.ast, "blocks": new.ast["blocks"][2:]}
    changes = redline(old, new.ast)
    assert "phishing" in changes.to_html() and "phishing" in redline_typst(changes)
    assert not UNSAFE.search(changes.to_html()) and not UNSAFE.search(redline_typst(changes))
    assert "<a " not in changes.to_html()
