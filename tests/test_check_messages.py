"""Every validation problem, as the clerk reads it: exact `path:line: message` text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from build_scripts.errors import ValidationFailed
from build_scripts.paths.project import Project
from build_scripts.pipeline import check

HEAD = "---\ncode: JICFB\ntitle: Bullying Prevention\nadopted: 2020-05-01\n"
BODY = "---\n\nStudents shall not bully.\n"


def problems_for(sample_project: Callable[..., Project], text: str, strict: bool = False) -> list[str]:
    project = sample_project({"JICFB.md": text})
    with pytest.raises(ValidationFailed) as failed:
        check(project, strict=strict)
    return [p.render(strict=strict) for p in failed.value.problems if "G-170" not in p.path]


CASES = [
    (
        HEAD.replace("2020-05-01", "2019-13-20") + BODY,
        "source/policies/JICFB.md:4: adopted: not a valid date ('2019-13-20'); write it as YYYY-MM-DD",
    ),
    (
        HEAD.replace("2020-05-01", "2019-02-30") + BODY,
        "source/policies/JICFB.md:4: adopted: not a valid date ('2019-02-30'); write it as YYYY-MM-DD",
    ),
    (
        HEAD.replace("2020-05-01", "March 20, 2019") + BODY,
        "source/policies/JICFB.md:4: adopted: not a valid date ('March 20, 2019'); write it as YYYY-MM-DD",
    ),
    (
        HEAD + "colour: blue\n" + BODY,
        "source/policies/JICFB.md:5: colour: unknown field (known fields: code, title, section, status, adopted, "
        "revised, first_reading, second_reading, review_by, legal_refs, cross_refs, audience, retired, former_codes)",
    ),
    (HEAD + "adopt: 2020-05-01\n" + BODY, "source/policies/JICFB.md:5: adopt: unknown field (did you mean 'adopted'?)"),
    (
        HEAD.replace("title: Bullying Prevention\n", "") + BODY,
        "source/policies/JICFB.md:2: title: required field is missing",
    ),
    (
        HEAD.replace("title: Bullying Prevention", "title: ''") + BODY,
        "source/policies/JICFB.md:3: title: must not be empty",
    ),
    (
        HEAD.replace("code: JICFB", "code: jicfb 2") + BODY,
        "source/policies/JICFB.md:2: code: 'jicfb 2' is not a policy code: use capital letters, digits and '-' "
        "(e.g. G-170, JICFB, GBEB-R)",
    ),
    (
        HEAD + "status: aproved\n" + BODY,
        "source/policies/JICFB.md:5: status: 'aproved' is not one of draft, first-reading, second-reading, "
        "adopted or retired",
    ),
    (
        HEAD + "audience: [staff, teachers]\n" + BODY,
        "source/policies/JICFB.md:5: audience[1]: 'teachers' is not one of staff, parents, students or public",
    ),
    (
        HEAD + "revised:\n  - 2021-01-01\n  - 2020-12-01\n" + BODY,
        "source/policies/JICFB.md:7: revised[1]: 2020-12-01 is not after the previous revision 2021-01-01",
    ),
    (
        HEAD + "revised: [2019-01-01]\n" + BODY,
        "source/policies/JICFB.md:5: revised[0]: 2019-01-01 is not after the adoption date 2020-05-01",
    ),
    (
        HEAD.replace("adopted: 2020-05-01\n", "status: adopted\n") + BODY,
        "source/policies/JICFB.md:4: adopted: required when status is 'adopted'",
    ),
    (
        HEAD + "section: Q\n" + BODY,
        "source/policies/JICFB.md:5: section: 'Q' is not a section declared in source/district.yml "
        "(A, B, C, D, E, F, G, H, I, J, K, L)",
    ),
    (
        HEAD.replace("JICFB", "XYZ") + BODY,
        "source/policies/JICFB.md:2: section: 'X' (what the code XYZ implies) is not a section declared in "
        "source/district.yml (A, B, C, D, E, F, G, H, I, J, K, L)",
    ),
    (
        HEAD + "cross_refs: [JICFC]\n" + BODY,
        "source/policies/JICFB.md:5: cross_refs[0]: no policy has the code 'JICFC'",
    ),
    (HEAD + "legal_refs: notalist\n" + BODY, "source/policies/JICFB.md:5: legal_refs: expected a list, got 'notalist'"),
    (HEAD + "title: again\n" + BODY, "source/policies/JICFB.md:5: malformed YAML: key 'title' appears twice"),
    (
        HEAD + "cross_refs: [G-170\n" + BODY,
        "source/policies/JICFB.md:5: malformed YAML: expected ',' or ']', but got '<stream end>'",
    ),
    (
        HEAD + "legal_refs: " + "[" * 5000 + "]" * 5000 + "\n" + BODY,
        "source/policies/JICFB.md:5: malformed YAML: nested more than 10 levels deep",
    ),
    (
        HEAD + "legal_refs: &law [M.G.L. c. 71]\ncross_refs: *law\n" + BODY,
        "source/policies/JICFB.md:5: malformed YAML: anchor '&law' not allowed; write each value out in full",
    ),
    (
        HEAD + "cross_refs: *law\n" + BODY,
        "source/policies/JICFB.md:5: malformed YAML: alias '*law' not allowed; write each value out in full",
    ),
    (
        HEAD + "legal_refs: [" + "x" * 1_000_000 + "]\n" + BODY,
        "source/policies/JICFB.md:1: the file is 1.0 MB; a source file may be at most 1 MB, so it was not read",
    ),
    (
        "No front matter here.\n",
        "source/policies/JICFB.md:1: no front matter: start the file with a '---' line, "
        "the policy's fields, then '---'",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[1].split(": ", 1)[1][:40] for c in CASES])
def test_each_problem_has_its_exact_message(sample_project: Callable[..., Project], text: str, expected: str) -> None:
    assert problems_for(sample_project, text) == [expected]


def test_duplicate_code_is_reported_on_every_file(sample_project: Callable[..., Project]) -> None:
    project = sample_project({"copy.md": (project_root_g170()).replace("title: Employee", "title: Copy of")})
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    assert [p.render() for p in failed.value.problems if p.is_error] == [
        "source/policies/G-170.md:2: code: 'G-170' is also used by source/policies/copy.md",
        "source/policies/copy.md:2: code: 'G-170' is also used by source/policies/G-170.md",
    ]


def test_free_text_cross_reference_is_a_warning_and_strict_makes_it_an_error(
    sample_project: Callable[..., Project],
) -> None:
    project = sample_project({"JICFB.md": HEAD + "cross_refs: [Hazing]\n" + BODY})
    _manual, warnings = check(project)
    assert (
        "source/policies/JICFB.md:5: warning: cross_refs[0]: 'Hazing' is not a policy code; shown as text "
        "(unresolved)" in [w.render() for w in warnings]
    )
    with pytest.raises(ValidationFailed) as failed:
        check(project, strict=True)
    assert "source/policies/JICFB.md:5: cross_refs[0]: 'Hazing' is not a policy code; shown as text (unresolved)" in [
        p.render(strict=True) for p in failed.value.problems
    ]


def test_five_mistakes_in_one_file_give_five_sorted_messages(sample_project: Callable[..., Project]) -> None:
    text = (
        "---\ncode: JICFB\ntitle: Bullying Prevention\nstatus: aproved\nadopted: 2019-13-20\n"
        "colour: blue\nsection: Q\ncross_refs: [JICFC]\n---\n\nText.\n"
    )
    assert problems_for(sample_project, text) == [
        "source/policies/JICFB.md:4: status: 'aproved' is not one of draft, first-reading, second-reading, "
        "adopted or retired",
        "source/policies/JICFB.md:5: adopted: not a valid date ('2019-13-20'); write it as YYYY-MM-DD",
        "source/policies/JICFB.md:6: colour: unknown field (known fields: code, title, section, status, adopted, "
        "revised, first_reading, second_reading, review_by, legal_refs, cross_refs, audience, retired, former_codes)",
        "source/policies/JICFB.md:7: section: 'Q' is not a section declared in source/district.yml "
        "(A, B, C, D, E, F, G, H, I, J, K, L)",
        "source/policies/JICFB.md:8: cross_refs[0]: no policy has the code 'JICFC'",
    ]


def test_other_files_are_still_checked_when_one_is_unreadable(sample_project: Callable[..., Project]) -> None:
    project = sample_project({"A.md": "---\ncode: [\n---\n", "JICFB.md": HEAD + "section: Q\n" + BODY})
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    paths = [p.path for p in failed.value.problems if p.is_error]
    assert paths == ["source/policies/A.md", "source/policies/JICFB.md"]


def test_district_errors_are_located(sample_project: Callable[..., Project]) -> None:
    project = sample_project()
    district = project.district_file
    district.write_text(district.read_text().replace("grades: 9-12", "grades: 9-13"))
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    line = next(i for i, t in enumerate(district.read_text().splitlines(), 1) if "9-13" in t)
    assert [p.render() for p in failed.value.problems if p.is_error] == [
        f"source/district.yml:{line}: schools[0].grades: '9-13' does not have the expected form"
    ]


def project_root_g170() -> str:
    from tests.conftest import ROOT

    return (ROOT / "source" / "policies" / "G-170.md").read_text(encoding="utf-8")


def test_deep_nesting_in_district_data_is_located_without_a_traceback(
    sample_project: Callable[..., Project], capsys: pytest.CaptureFixture[str]
) -> None:
    from build_scripts.cli import main

    project = sample_project()
    district = project.district_file
    district.write_text(district.read_text() + "extra: " + "{a: " * 3000 + "\n")
    line = len(district.read_text().splitlines())
    assert main(["check", "--project", str(project.root)]) == 1
    err = capsys.readouterr().err
    assert f"source/district.yml:{line}: malformed YAML: nested more than 10 levels deep" in err
    assert "Traceback" not in err and "RecursionError" not in err


def test_a_body_nested_too_deeply_is_located_without_a_traceback(sample_project: Callable[..., Project]) -> None:
    assert problems_for(sample_project, HEAD + BODY + "\n" + "> " * 1500 + "deep\n") == [
        "source/policies/JICFB.md:6: the text nests lists, quotes or emphasis more than about 50 levels deep"
    ]
