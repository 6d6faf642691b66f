"""A whole manual brought in by `policy import` passes `policy check` and builds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_scripts.importer.run import import_files
from build_scripts.paths.project import Project
from build_scripts.pipeline import build, check
from tests.conftest import FIXED_EPOCH, copy_project
from tools.import_samples import KEY_MAP, WRITERS, make_sample, manual_codes, write_sample

COUNT = 42


def test_a_manual_of_42_imported_policies_checks_and_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = Project.at(copy_project(tmp_path / "project"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    codes = manual_codes(COUNT)
    for index in range(COUNT):
        write_sample(make_sample(index, codes, size=2), inbox, WRITERS[index % len(WRITERS)])
    key_map = tmp_path / "map.yml"
    key_map.write_text(KEY_MAP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = import_files(project.root, [inbox], key_map_path=key_map)
    assert report.failed == [], [p.render() for p in report.problems if p.is_error]
    assert len(report.written) == COUNT
    manual, _warnings = check(project)  # raises ValidationFailed, with every problem, if any is an error
    assert len(manual.published) == COUNT + 1  # and the shipped G-170
    result = build(project, tmp_path / "site", environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    assert len(result.manifest.policies) == COUNT + 1
    page = next((tmp_path / "site" / "policies").glob("jaj-10*/index.html"), None) or next(
        p for p in (tmp_path / "site" / "policies").rglob("index.html") if "JAJ-10" in p.read_text(encoding="utf-8")
    )
    assert make_sample(9, codes, size=2).title in page.read_text(encoding="utf-8")
