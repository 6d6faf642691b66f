"""A project's mkdocs.yml needs only the site's name and address: the tool brings the rest, and what
cannot work is one located message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from build_scripts.paths.project import Project
from build_scripts.pipeline import build
from tests.clerkutil import policy
from tests.conftest import FIXED_EPOCH, copy_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_minimal_mkdocs_yml_builds_the_whole_site(project: Path, tmp_path: Path) -> None:
    (project / "mkdocs.yml").write_text("site_url: https://policies.example.org/\n", encoding="utf-8")
    result = build(Project.at(project), tmp_path / "site", environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    home = (result.out / "index.html").read_text(encoding="utf-8")
    assert "<title>Public Schools of Northborough and Southborough - Policy Manual \u2014 Public Schools" in home
    assert 'href="assets/stylesheets/extra.css"' in home  # the tool's CSS, without the project naming it
    assert "fonts.googleapis.com" not in home  # the tool's theme settings: no outside fonts
    assert (result.out / "search" / "search_index.json").is_file()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("site_name: X\n", "mkdocs.yml:1: site_url: required (an absolute URL such as https://example.org/policies/)"),
        (
            "site_name: X\nsite_url: https://e.org/\ntheme: readthedocs\n",
            "mkdocs.yml:3: theme: 'readthedocs' cannot show the generated pages; remove the theme's name, "
            "or write name: material",
        ),
        (
            "site_name: X\nsite_url: https://e.org/\ntheme:\n  name: material\n  font:\n    text: Roboto\n",
            "mkdocs.yml:5: theme.font: must be false: fonts from Google would make every page call another host",
        ),
        (
            "site_name: X\nsite_url: [https://e.org/\n",
            "mkdocs.yml:3: malformed YAML: expected ',' or ']', but got '<stream end>'",
        ),
    ],
)
def test_a_mkdocs_yml_that_cannot_work_is_one_located_error(
    project: Path, capsys: pytest.CaptureFixture[str], config: str, message: str
) -> None:
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    code, _out, err = policy(capsys, project, "check")
    assert code == 1
    assert [line for line in err.splitlines() if line.startswith("mkdocs.yml")] == [message]


def test_settings_the_build_makes_are_a_warning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text + "nav:\n  - Home: index.md\n", encoding="utf-8")
    code, _out, err = policy(capsys, project, "check")
    assert code == 0
    line = len(text.splitlines()) + 1
    assert (
        f"mkdocs.yml:{line}: warning: nav: set by 'policy build' for each build; this value is not used (remove it)"
        in err
    )
