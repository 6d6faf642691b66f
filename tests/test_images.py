"""Images in a policy body: located problems, content-addressed files, alt text in the PDF."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from build_scripts.errors import ValidationFailed
from build_scripts.paths.project import Project
from build_scripts.pipeline import build, check
from tests.conftest import FIXED_EPOCH

HEAD = "---\ncode: JICFB\ntitle: Bullying Prevention\nadopted: 2020-05-01\n---\n\nIntro.\n\n"


def tiny_png() -> bytes:
    raw = b"".join(b"\x00" + b"\x80\x20\x20" * 4 for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 4, 2, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def project_with_image(sample_project: Callable[..., Project], body: str) -> Project:
    project = sample_project({"JICFB.md": HEAD + body})
    (project.root / "source" / "media").mkdir()
    (project.root / "source" / "media" / "chart.png").write_bytes(tiny_png())
    return project


def test_image_problems_are_located(sample_project: Callable[..., Project]) -> None:
    body = (
        "![](../media/chart.png)\n\n![Remote](https://example.org/x.png)\n\n![Gone](../media/gone.png)\n\n"
        "![Secret](../../../etc/hostname)\n"
    )
    project = project_with_image(sample_project, body)
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    assert [p.render() for p in failed.value.problems if p.is_error] == [
        "source/policies/JICFB.md:9: image '../media/chart.png' has no alt text: describe what it shows, "
        "e.g. ![Organisation chart](../media/chart.png)",
        "source/policies/JICFB.md:11: image 'https://example.org/x.png': use a file in the project's source/ "
        "folder, not a web address or absolute path",
        "source/policies/JICFB.md:13: image '../media/gone.png': file not found",
        "source/policies/JICFB.md:15: image '../../../etc/hostname': the file must be inside the project's "
        "source/ folder",
    ]


def test_image_is_published_with_its_alt_text(sample_project: Callable[..., Project], tmp_path: Path) -> None:
    project = project_with_image(sample_project, '![Chart of "reports" by month](../media/chart.png)\n')
    result = build(project, tmp_path / "out", environ={"SOURCE_DATE_EPOCH": FIXED_EPOCH})
    images = list((result.out / "policies" / "jicfb" / "images").iterdir())
    assert [p.read_bytes() for p in images] == [tiny_png()]
    html = (result.out / "policies" / "jicfb" / "index.html").read_text()
    assert f'<img src="images/{images[0].name}" alt="Chart of “reports” by month">' in html
    with pikepdf.open(result.out / "policies" / "jicfb" / "JICFB.pdf") as pdf:
        alts = [str(node.Alt) for node in _struct_nodes(pdf.Root.StructTreeRoot) if node.get("/S") == "/Figure"]
    assert alts == ['Chart of "reports" by month']


def _struct_nodes(node: object) -> list[pikepdf.Dictionary]:
    found: list[pikepdf.Dictionary] = []
    if isinstance(node, pikepdf.Dictionary):
        found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            found += _struct_nodes(kid)
    return found


def test_non_utf8_policy_is_a_located_problem(sample_project: Callable[..., Project]) -> None:
    project = sample_project()
    (project.policies_dir / "JICFB.md").write_bytes(b"---\ncode: JICFB\ntitle: Caf\xe9\n---\n")
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    assert [p.render() for p in failed.value.problems if p.is_error] == [
        "source/policies/JICFB.md:3: the file is not UTF-8 text; save it as UTF-8"
    ]
