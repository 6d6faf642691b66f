"""A policy bound in a document keeps its ids apart from every other policy's (``idspace.py``)."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from build_scripts.documents.idspace import own_ids
from build_scripts.paths.project import Project
from build_scripts.pipeline import build
from tests.conftest import FIXED_EPOCH, HISTORY_POLICY

ID = re.compile(r'\bid="([^"]+)"')


def test_ids_and_the_links_to_them_are_prefixed_with_the_code_and_nothing_else_changes() -> None:
    link = {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "see"}], ["#rules-1", ""]]}
    away = {"t": "Link", "c": [["", [], []], [{"t": "Str", "c": "top"}], ["#top", ""]]}
    blocks = [
        {"t": "Header", "c": [2, ["rules", [], []], [{"t": "Str", "c": "Rules"}]]},
        {"t": "Para", "c": [{"t": "Span", "c": [["rules-1", [], []], []]}, link, away]},
    ]
    renamed = own_ids(blocks, "JICFB")
    assert renamed[0]["c"][1][0] == "jicfb--rules"
    assert renamed[1]["c"][0]["c"][0][0] == "jicfb--rules-1"
    assert renamed[1]["c"][1]["c"][2] == ["#jicfb--rules-1", ""]
    assert renamed[1]["c"][2]["c"][2] == ["#top", ""]  # not an id of the policy: left alone
    assert blocks[0]["c"][1][0] == "rules"  # the library's parsed policy is shared: never changed


def test_two_policies_with_the_same_section_ids_share_no_id_in_the_handbook(
    sample_project: Callable[..., Project], tmp_path: Path
) -> None:
    text = HISTORY_POLICY.format(dates="adopted: 2024-03-01", first="Bullying is prohibited.", who="Staff")
    project = sample_project({"JICFB.md": text})
    result = build(project, tmp_path / "site", environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    page = (result.out / "documents" / "staff-handbook" / "index.html").read_text(encoding="utf-8")
    ids = Counter(ID.findall(page))
    assert [name for name, count in ids.items() if count > 1] == []
    assert {"g-170--definitions", "jicfb--definitions", "jicfb--rules"} <= set(ids)
    assert 'href="#jicfb--definitions"' in page  # the page's table of contents leads to each policy's own
