"""`policy new`, `policy retire`, `policy rename` and `policy status`, run in-process with exact messages."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from build_scripts.paths.project import Project
from build_scripts.pipeline import build
from build_scripts.source.lifecycle import replace_cross_ref, replace_template_refs
from tests.clerkutil import policy, project_in_git
from tests.conftest import FIXED_EPOCH, copy_project, git_commit

G170_WARNINGS = 0  # G-170's names of related policies and the missing letterhead fields: silenced on purpose


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_new_writes_a_valid_draft_with_clause_ids(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    code, out, err = policy(capsys, root, "new", "JICFB", "Bullying Prevention", "--section", "J")
    assert (code, err) == (0, "")
    assert out == "policy new: wrote source/policies/JICFB.md (status: draft); edit it, then run 'policy check'\n"
    text = (root / "source" / "policies" / "JICFB.md").read_text()
    assert text.startswith("---\ncode: JICFB\ntitle: Bullying Prevention\nsection: J\nstatus: draft\n")
    assert "[]{#purpose-p1}" in text and "1. []{#policy-1}" in text
    code, out, err = policy(capsys, root, "check")
    assert (code, out) == (0, "policy check: no errors (no warnings)\n")
    assert "JICFB" not in err  # the skeleton itself is clean


def test_new_quotes_a_title_that_yaml_would_misread(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    assert policy(capsys, root, "new", "KB", 'Parents\' Rights: "Access" #1')[0] == 0
    assert 'title: "Parents\' Rights: \\"Access\\" #1"\n' in (root / "source" / "policies" / "KB.md").read_text()
    assert policy(capsys, root, "check")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("G-170", "Again"), "error: policy 'G-170' already exists (source/policies/G-170.md); choose another code\n"),
        (
            ("g170", "Lower"),
            "error: 'g170' is not a policy code (did you mean 'G170'?): use capital letters and digits, joined by "
            "'-' or '.' (e.g. G-170, JICFB, 5131.2)\n",
        ),
        (
            ("JICFB", "Bullying", "--section", "Q"),
            "error: section 'Q' is not declared in source/district.yml (A, B, C, D, E, F, G, H, I, J, K, L)\n",
        ),
        (
            ("XY-1", "Unknown Section"),
            "error: the code XY-1 implies the section 'X', which is not in source/district.yml (A, B, C, D, E, F, G, "
            "H, I, J, K, L); add it there, or give --section X\n",
        ),
    ],
)
def test_new_refuses_clearly(
    capsys: pytest.CaptureFixture[str], root: Path, args: tuple[str, ...], message: str
) -> None:
    before = sorted(p.name for p in (root / "source" / "policies").iterdir())
    assert policy(capsys, root, "new", *args) == (2, "", message)
    assert sorted(p.name for p in (root / "source" / "policies").iterdir()) == before


def test_retire_sets_status_and_date_and_keeps_the_rest(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    path = root / "source" / "policies" / "G-170.md"
    before = path.read_text()
    code, out, _err = policy(capsys, root, "retire", "G-170", "--date", "2026-06-30")
    assert (code, out) == (0, "policy retire: G-170 is retired as of 2026-06-30 (source/policies/G-170.md)\n")
    after = path.read_text()
    assert after == before.replace("status: adopted\n", "status: retired\n").replace(
        "audience: [staff, parents]\n", "audience: [staff, parents]\nretired: 2026-06-30\n"
    )


def test_retire_refuses_a_draft_and_an_early_date(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    policy(capsys, root, "new", "JICFB", "Bullying")
    assert policy(capsys, root, "retire", "JICFB", "--date", "2026-01-01") == (
        2,
        "",
        "error: policy 'JICFB' is draft; only an adopted policy can be retired\n",
    )
    assert policy(capsys, root, "retire", "G-170", "--date", "2019-01-01") == (
        2,
        "",
        "error: the retirement date 2019-01-01 is before the policy's last adoption or revision date\n",
    )
    assert policy(capsys, root, "retire", "NOPE", "--date", "2026-01-01")[2] == (
        "error: no policy has the code 'NOPE' in source/policies/\n"
    )


TEMPLATE_NAMES = ("parent-letter", "publication-permission-form", "trip-disclosure-form")


def first_line(root: Path, name: str, needle: str) -> int:
    """The first line of a document template that names ``needle`` (where the warning points)."""
    text = (root / "templates" / "documents" / f"{name}.md.j2").read_text(encoding="utf-8")
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def test_check_warns_when_a_document_quotes_a_retired_policy(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    policy(capsys, root, "retire", "G-170", "--date", "2026-06-30")
    code, out, err = policy(capsys, root, "check")
    assert (code, out) == (0, "policy check: no errors (3 warnings: 3 quote.retired)\n")
    assert err.splitlines()[G170_WARNINGS:] == [
        f"templates/documents/{name}.md.j2:{line}: warning: quotes policy 'G-170', which is retired since "
        "2026-06-30; quote the policy that replaces it"
        for name, line in ((n, first_line(root, n, "G-170")) for n in TEMPLATE_NAMES)
    ]


def test_rename_moves_with_git_and_updates_every_reference(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = project_in_git(tmp_path / "project")
    referrer = "---\ncode: GBEA\ntitle: Staff Ethics\nadopted: 2020-01-01\ncross_refs: [G-170]\n---\n\nText.\n"
    (root / "source" / "policies" / "GBEA.md").write_text(referrer)
    code, out, err = policy(capsys, root, "rename", "G-170", "GBEEA")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "policy rename: G-170 is now GBEEA (git mv to source/policies/GBEEA.md; old pages redirect)",
        "  updated source/policies/GBEA.md",
        "  updated templates/documents/parent-letter.md.j2",
        "  updated templates/documents/publication-permission-form.md.j2",
        "  updated templates/documents/trip-disclosure-form.md.j2",
    ]  # the staff handbook quotes policies by audience, not by code: unchanged
    status = subprocess.run(["git", "status", "--short"], cwd=root, capture_output=True, text=True, timeout=60)
    assert "RM source/policies/G-170.md -> source/policies/GBEEA.md" in status.stdout
    moved = (root / "source" / "policies" / "GBEEA.md").read_text()
    assert "code: GBEEA\n" in moved and "former_codes: [G-170]\n" in moved
    assert "cross_refs: [GBEEA]" in (root / "source" / "policies" / "GBEA.md").read_text()
    letter = (root / "templates" / "documents" / "parent-letter.md.j2").read_text()
    assert "  - GBEEA#expectations-2\n" in letter and 'cite("GBEEA", "expectations-2")' in letter
    assert "G-170#" not in letter and 'cite("G-170"' not in letter and 'policy("G-170")' not in letter
    assert policy(capsys, root, "check")[0] == 0


def test_rename_refuses_a_taken_or_former_code(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    assert policy(capsys, root, "rename", "G-170", "GBEEA")[0] == 0
    policy(capsys, root, "new", "JICFB", "Bullying")
    assert policy(capsys, root, "rename", "JICFB", "G-170") == (
        2,
        "",
        "error: the code 'G-170' is already used by source/policies/GBEEA.md; choose another code\n",
    )
    assert policy(capsys, root, "rename", "JICFB", "GBEEA")[2] == (
        "error: policy 'GBEEA' already exists (source/policies/GBEEA.md); choose another code\n"
    )


READING = "---\ncode: {code}\ntitle: {title}\nstatus: {status}\n{dates}---\n\nThe text of {code}.\n"


def test_status_summarises_readings_and_due_lists_overdue_first(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    folder = root / "source" / "policies"
    folder.joinpath("JICFB.md").write_text(
        READING.format(
            code="JICFB",
            title="Bullying",
            status="second-reading",
            dates="first_reading: 2026-09-01\nsecond_reading: 2026-10-06\n",
        )
    )
    folder.joinpath("JIC.md").write_text(READING.format(code="JIC", title="Conduct", status="draft", dates=""))
    folder.joinpath("GBEA.md").write_text(
        READING.format(
            code="GBEA", title="Ethics", status="adopted", dates="adopted: 2025-01-01\nreview_by: 2099-01-01\n"
        )
    )
    district = root / "source" / "district.yml"
    district.write_text(district.read_text() + "review_cycle_years: 3\n")
    code, out, _err = policy(capsys, root, "status")
    assert code == 0
    assert out.splitlines() == [
        "policy status: 2 adopted, 0 retired, 1 draft, 0 first reading, 1 second reading",
        "  second reading: JICFB Bullying (first reading 2026-09-01, second reading 2026-10-06)",
        "  draft: JIC Conduct",
        "review: 1 overdue, 0 due within 90 days (see 'policy status --due')",
        "translations (es, Español): 30 documents; stale: none; "
        "draft, not reviewed: parent-letter, publication-permission-form, trip-disclosure-form",
        "translations (pt, Português): 30 documents; stale: none; "
        "draft, not reviewed: parent-letter, publication-permission-form, trip-disclosure-form",
        "awaiting approval (en): none",
    ]
    code, out, _err = policy(capsys, root, "status", "--due")
    lines = out.splitlines()
    assert lines[0].startswith("policy status --due: 2 policies have a review date, 1 overdue (today is ")
    assert lines[1:] == [
        "  OVERDUE 2022-03-20  G-170  Employee Social Media Policy (review cycle)",
        "  due     2099-01-01  GBEA  Ethics",
    ]


def test_rename_touches_only_the_exact_code() -> None:
    text = "---\ncode: A\ntitle: G-170 notes\ncross_refs:\n  - G-170\n  - G-1700\n  - XG-170\n---\n\nG-170 stays.\n"
    assert replace_cross_ref(text, "G-170", "GB") == text.replace("  - G-170\n", "  - GB\n")
    spec = '  - G-170#a-1\n  - G-1700#a-1\n{{ cite("G-170", "a-1") }} {{ clause("G-1700", "a") }} G-170 text\n'
    assert replace_template_refs(spec, "G-170", "GB") == (
        '  - GB#a-1\n  - G-1700#a-1\n{{ cite("GB", "a-1") }} {{ clause("G-1700", "a") }} G-170 text\n'
    )


def test_the_old_url_of_a_renamed_policy_redirects(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = project_in_git(tmp_path / "project")
    assert policy(capsys, root, "rename", "G-170", "GBEEA")[0] == 0
    code, _out, err = policy(capsys, root, "build")
    assert code == 0, err
    redirect = (root / "site" / "policies" / "g-170" / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../gbeea/">' in redirect
    assert '<html lang="en">' in redirect and "<title>Policy G-170 is now Policy GBEEA</title>" in redirect
    assert 'Go to <a href="../gbeea/">Policy GBEEA: Employee Social Media Policy</a>.' in redirect
    assert "Employee Social Media Policy" in (root / "site" / "policies" / "gbeea" / "index.html").read_text()
    assert "policies/g-170/" not in (root / "site" / "search" / "search_index.json").read_text()
    assert "policies/g-170/" not in (root / "site" / "sitemap.xml").read_text()
    assert "g-170" not in (root / "site" / "sections" / "g" / "index.html").read_text().lower()


def test_a_renamed_policy_keeps_its_versions_under_the_new_code(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """G-170 adopted in 2019 and revised in 2025, then renamed GBEEA: GBEEA's history holds both
    versions (each old text still says the code it had), and nothing is published under the old code."""
    root = project_in_git(tmp_path / "project")
    g170 = root / "source" / "policies" / "G-170.md"
    g170.write_text(g170.read_text().replace("adopted: 2019-03-20\n", "adopted: 2019-03-20\nrevised: [2025-06-01]\n"))
    git_commit(root, "Revise G-170", "2025-06-02T09:00:00Z")
    assert policy(capsys, root, "rename", "G-170", "GBEEA")[0] == 0
    git_commit(root, "Rename G-170 to GBEEA", "2025-07-01T09:00:00Z")
    result = build(Project.at(root), tmp_path / "site", environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    [entry] = [p for p in result.manifest.policies if p.code == "GBEEA"]
    assert [(v.date.isoformat(), v.page) for v in entry.versions] == [
        ("2019-03-20", "policies/gbeea/versions/2019-03-20/"),
        ("2025-06-01", "policies/gbeea/versions/2025-06-01/"),
    ]
    assert entry.versions[1].redline == "policies/gbeea/versions/2025-06-01/redline/"
    first = (result.out / "policies" / "gbeea" / "versions" / "2019-03-20" / "index.html").read_text()
    assert "G-170" in first
    assert not (result.out / "policies" / "g-170" / "versions").exists()
