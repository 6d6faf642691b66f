"""Every validation problem, as the clerk reads it: exact `path:line: message` text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from build_scripts.errors import ValidationFailed
from build_scripts.paths.project import Project
from build_scripts.pipeline import check

HEAD = "---\ncode: JICFB\ntitle: Bullying Prevention\nadopted: 2020-05-01\n"
BODY = "---\n\nStudents shall not bully.\n"


def problems_for(
    sample_project: Callable[..., Project], text: str, strict: bool = False, name: str = "JICFB.md"
) -> list[str]:
    project = sample_project({name: text})
    with pytest.raises(ValidationFailed) as failed:
        check(project, strict=strict)
    return [p.render(strict=strict) for p in failed.value.problems if "G-170" not in p.path]


CASES = [
    (
        HEAD.replace("2020-05-01", "2019-13-20") + BODY,
        "source/policies/JICFB.md:4: adopted: not a valid date ('2019-13-20'): 2019 has no month 13",
    ),
    (
        HEAD.replace("2020-05-01", "2019-02-30") + BODY,
        "source/policies/JICFB.md:4: adopted: not a valid date ('2019-02-30'): February has no 30th",
    ),
    (
        HEAD.replace("2020-05-01", "March 20, 2019") + BODY,
        "source/policies/JICFB.md:4: adopted: not a valid date ('March 20, 2019'); write it as YYYY-MM-DD: 2019-03-20",
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
        "source/policies/JICFB.md:2: code: 'jicfb 2' is not a policy code (did you mean 'JICFB-2'?): use capital "
        "letters and digits, joined by '-' or '.' (e.g. G-170, JICFB, 5131.2)",
    ),
    (
        HEAD + "status: aproved\n" + BODY,
        "source/policies/JICFB.md:5: status: 'aproved' is not one of draft, first-reading, second-reading, "
        "adopted or retired",
    ),
    (
        HEAD + "audience: [staff, teachers]\n" + BODY,
        "source/policies/JICFB.md:5: audience, entry 2: 'teachers' is not one of staff, parents, students or public",
    ),
    (
        HEAD + "revised:\n  - 2021-01-01\n  - 2020-12-01\n" + BODY,
        "source/policies/JICFB.md:7: revised, entry 2: 2020-12-01 is not after the previous revision 2021-01-01",
    ),
    (
        HEAD + "revised: [2019-01-01]\n" + BODY,
        "source/policies/JICFB.md:5: revised, entry 1: 2019-01-01 is not after the adoption date 2020-05-01",
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
        HEAD + "cross_refs: [JICFC]\n" + BODY,
        "source/policies/JICFB.md:5: cross_refs, entry 1: no policy has the code 'JICFC'",
    ),
    (
        HEAD + "legal_refs: notalist\n" + BODY,
        "source/policies/JICFB.md:5: legal_refs: write it in square brackets: legal_refs: [notalist]",
    ),
    (HEAD + "title: again\n" + BODY, "source/policies/JICFB.md:5: title: appears twice (first on line 3); keep one"),
    (
        HEAD + "cross_refs: [G-170\n" + BODY,
        "source/policies/JICFB.md:5: the '[' on this line has no closing ']': add ']' at the end",
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


JICK = "---\ncode: JICK\ntitle: Bullying Prevention\nadopted: 2020-05-01\n"
RULES = "\n## Rules {#rules}\n\n1. []{#rules-1} Bullying is prohibited.\n"
AT = "source/policies/JICK.md:"
# Issue 20's table: each mistake a new clerk made in JICK.md, and every message `policy check` then
# gives for that file. One mistake, one message, and the message says the fix.
TABLE = [
    (
        "closing fence missing",
        JICK + RULES,
        [AT + "4: the fields at the top have no closing '---' line: add one after line 4, before the text on line 6"],
    ),
    (
        "colon in the title",
        JICK.replace("Prevention", "Prevention: Students and Staff") + "---\n" + RULES,
        [AT + '3: put the title in quotes: title: "Bullying Prevention: Students and Staff"'],
    ),
    (
        "no space after the colon",
        JICK.replace("title: ", "title:") + "---\n" + RULES,
        [AT + "3: put a space after the colon: title: Bullying Prevention"],
    ),
    (
        "a tab before a list entry",
        JICK + "legal_refs:\n\t- M.G.L. c. 71, § 37O\n---\n" + RULES,
        [AT + "6: found a tab before '- M.G.L. c. 71, § 37O': indent with spaces instead"],
    ),
    (
        "status in capitals",
        JICK.replace("adopted: 2020-05-01", "status: Draft") + "---\n" + RULES,
        [
            AT + "4: status: 'Draft' is not one of draft, first-reading, second-reading, adopted or retired "
            "(did you mean 'draft'?)"
        ],
    ),
    (
        "one cross reference without brackets",
        JICK + "cross_refs: G-170\n---\n" + RULES,
        [AT + "5: cross_refs: write it in square brackets: cross_refs: [G-170]"],
    ),
    (
        "the second cross reference unknown",
        JICK + "cross_refs: [G-170, JICZ]\n---\n" + RULES,
        [AT + "5: cross_refs, entry 2: no policy has the code 'JICZ'"],
    ),
    (
        "codes misspelt",
        JICK + "cross_refs: [G170, g-170]\n---\n" + RULES,
        [
            AT + "5: cross_refs, entry 1: no policy has the code 'G170' (did you mean 'G-170'?)",
            AT + "5: cross_refs, entry 2: 'g-170' is not a policy code (did you mean 'G-170'?)",
        ],
    ),
    (
        "a day that does not exist",
        JICK.replace("2020-05-01", "2019-02-30") + "---\n" + RULES,
        [AT + "4: adopted: not a valid date ('2019-02-30'): February has no 30th"],
    ),
    (
        "the code disagrees with the file name",
        JICK.replace("JICK", "JICL") + "---\n" + RULES,
        [
            AT + "2: code: 'JICL' does not match the file name JICK.md: write code: JICK, or rename the file to "
            "JICL.md (to give a policy a new code, use 'policy rename JICK JICL')"
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [row[1:] for row in TABLE], ids=[row[0] for row in TABLE])
def test_each_mistake_in_the_clerks_table_gives_only_the_message_that_says_the_fix(
    sample_project: Callable[..., Project], text: str, expected: list[str]
) -> None:
    assert problems_for(sample_project, text, name="JICK.md") == expected


# Relatives of the table's mistakes: each gives one message that says the fix.
RELATIVES = [
    (JICK + "audience: [staff]\n", [AT + "5: the fields at the top have no closing '---' line: add one after line 5"]),
    (
        JICK + "\nText before a rule.\n\n---\n\nMore text.\n",
        [AT + "4: the fields at the top have no closing '---' line: add one after line 4, before the text on line 6"],
    ),
    (
        "---\n" + RULES,
        [
            AT + "1: no fields follow this '---' line: write the policy's fields (code: …, title: …) after it, "
            "then a line '---'"
        ],
    ),
    (
        JICK.replace("2020-05-01", "2019-13-20") + RULES,
        [
            AT + "4: adopted: not a valid date ('2019-13-20'): 2019 has no month 13",
            AT + "4: the fields at the top have no closing '---' line: add one after line 4, before the text on line 6",
        ],
    ),
    (JICK.replace("code: ", "code:") + "---\n" + RULES, [AT + "2: put a space after the colon: code: JICK"]),
    (
        JICK + "legal_refs:\n  - M.G.L. c. 71: § 37O\n---\n" + RULES,
        [AT + "6: legal_refs, entry 1: it holds ': ', so put it in quotes: \"M.G.L. c. 71: § 37O\""],
    ),
    (
        JICK + "legal_refs:\n  - a: b: c\n---\n" + RULES,
        [AT + '6: put the entry in quotes: - "a: b: c"'],
    ),
    (
        JICK.replace("title: Bullying Prevention", 'title: "Bullying" Prevention') + "---\n" + RULES,
        [AT + "3: put the whole of the title in quotes: title: '\"Bullying\" Prevention'"],
    ),
    (
        JICK.replace("title: Bullying Prevention", 'title: "Bullying Prevention') + "---\n" + RULES,
        [AT + "3: the text that starts with '\"' on this line has no closing '\"'"],
    ),
    (
        JICK + "cross_refs: @G-170\n---\n" + RULES,
        [AT + "5: a value cannot start with '@': put it in quotes: cross_refs: \"@G-170\""],
    ),
    (
        JICK + "cross_refs: - G-170\n---\n" + RULES,
        [AT + "5: start each '- ' entry on a line of its own, below 'cross_refs:' and indented by two spaces"],
    ),
    (
        JICK + "legal_refs:\n  - M.G.L. c. 71\n - M.G.L. c. 76\n---\n" + RULES,
        [
            AT + "7: this line is not lined up with the lines above it: start it in the same column as the field or "
            "list entry it belongs with"
        ],
    ),
    (
        JICK + "status: first reading\n---\n" + RULES,
        [
            AT + "5: status: 'first reading' is not one of draft, first-reading, second-reading, adopted or retired "
            "(did you mean 'first-reading'?)"
        ],
    ),
    (
        JICK + "audience: [Staff, parent]\n---\n" + RULES,
        [
            AT
            + "5: audience, entry 1: 'Staff' is not one of staff, parents, students or public (did you mean 'staff'?)",
            AT + "5: audience, entry 2: 'parent' is not one of staff, parents, students or public "
            "(did you mean 'parents'?)",
        ],
    ),
    (JICK + "audience: staff\n---\n" + RULES, [AT + "5: audience: write it in square brackets: audience: [staff]"]),
    (
        JICK + "cross_refs: G-170, JICFB\n---\n" + RULES,
        [AT + "5: cross_refs: write it in square brackets: cross_refs: [G-170, JICFB]"],
    ),
    (
        JICK + "legal_refs: M.G.L. c. 71, § 37O\n---\n" + RULES,
        [AT + '5: legal_refs: write it in square brackets: legal_refs: ["M.G.L. c. 71, § 37O"]'],
    ),
    (
        JICK + "section: j\n---\n" + RULES,
        [
            AT
            + "5: section: 'j' is not a section declared in source/district.yml (A, B, C, D, E, F, G, H, I, J, K, L) "
            "(did you mean 'J'?)"
        ],
    ),
    (JICK + "Title: Bullying\n---\n" + RULES, [AT + "5: Title: unknown field (did you mean 'title'?)"]),
    (
        JICK.replace("2020-05-01", "2019-02-29") + "---\n" + RULES,
        [AT + "4: adopted: not a valid date ('2019-02-29'): February 2019 has no 29th (2019 is not a leap year)"],
    ),
    (
        JICK.replace("2020-05-01", "2019-20-03") + "---\n" + RULES,
        [AT + "4: adopted: not a valid date ('2019-20-03'): 2019 has no month 20; did you mean 2019-03-20?"],
    ),
    (
        JICK.replace("2020-05-01", "3/20/2019") + "---\n" + RULES,
        [AT + "4: adopted: not a valid date ('3/20/2019'); write it as YYYY-MM-DD: 2019-03-20"],
    ),
    (
        JICK.replace("Bullying Prevention", "Bullying\u2028Prevention") + "---\n" + RULES,
        [AT + "3: this line holds a line separator (U+2028), often pasted from a word processor: delete it"],
    ),
    (
        JICK.replace("Bullying Prevention", "Bullying\x07Prevention") + "---\n" + RULES,
        [AT + "3: this line holds a control character (U+0007) that cannot be used here: delete it"],
    ),
    (
        JICK + 'status: "a\u2028b"\n---\n' + RULES,
        [
            AT + "5: status: 'a\\u2028b' is not one of draft, first-reading, second-reading, adopted or retired",
        ],
    ),
    (
        JICK + "cross_refs: [JICK-R]\nformer_codes: [JICK-X]\n---\n" + RULES,
        [AT + "5: cross_refs, entry 1: no policy has the code 'JICK-R'"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RELATIVES, ids=[r[1][0].split(": ", 1)[1][:40] for r in RELATIVES])
def test_each_relative_of_the_table_gives_only_the_message_that_says_the_fix(
    sample_project: Callable[..., Project], text: str, expected: list[str]
) -> None:
    assert problems_for(sample_project, text, name="JICK.md") == expected


def test_a_numbered_code_with_a_dot_is_a_code(sample_project: Callable[..., Project]) -> None:
    text = "---\ncode: 5131.2\ntitle: Bullying Prevention\nsection: J\nadopted: 2020-05-01\n---\n" + RULES
    project = sample_project({"5131.2.md": text, "JICK.md": JICK + "cross_refs: [5131.20, 5131.2]\n---\n" + RULES})
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    assert [p.render() for p in failed.value.problems if "G-170" not in p.path] == [
        AT + "5: cross_refs, entry 1: no policy has the code '5131.20' (did you mean '5131.2'?)"
    ]


def test_the_section_of_an_undeclared_code_letter(sample_project: Callable[..., Project]) -> None:
    assert problems_for(sample_project, HEAD.replace("JICFB", "XYZ") + BODY, name="XYZ.md") == [
        "source/policies/XYZ.md:2: section: 'X' (what the code XYZ implies) is not a section declared in "
        "source/district.yml (A, B, C, D, E, F, G, H, I, J, K, L)"
    ]


def test_a_file_not_named_by_a_code_is_renamed(sample_project: Callable[..., Project]) -> None:
    assert problems_for(sample_project, HEAD + BODY, name="bullying.md") == [
        "source/policies/bullying.md:2: code: 'JICFB' does not match the file name bullying.md: rename the file to "
        "JICFB.md"
    ]


def test_a_policy_with_errors_is_not_reported_again_where_another_refers_to_it(
    sample_project: Callable[..., Project],
) -> None:
    """JICK's own mistake is the only message: G-170's reference to it is not a second one."""
    project = sample_project(
        {
            "JICK.md": JICK.replace("title: ", "title:") + "---\n" + RULES,
            "JICFB.md": HEAD.replace("adopted", "status: draft\nadopted") + "cross_refs: [JICK]\n" + BODY,
        }
    )
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    assert [p.render() for p in failed.value.problems if "G-170" not in p.path] == [
        AT + "3: put a space after the colon: title: Bullying Prevention"
    ]


def test_a_document_template_without_its_closing_fence_says_where_it_belongs(
    sample_project: Callable[..., Project],
) -> None:
    project = sample_project()
    (project.templates / "documents" / "note.md.j2").write_text("---\nid: note\ntitle: A Note\n\nDear families,\n")
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    assert [p.render() for p in failed.value.problems if p.is_error] == [
        "templates/documents/note.md.j2:3: the fields at the top have no closing '---' line: add one after line 3, "
        "before the text on line 5"
    ]


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
        "source/policies/JICFB.md:5: warning: cross_refs, entry 1: 'Hazing' is not a policy code; shown as text "
        "(unresolved)" in [w.render() for w in warnings]
    )
    with pytest.raises(ValidationFailed) as failed:
        check(project, strict=True)
    assert (
        "source/policies/JICFB.md:5: cross_refs, entry 1: 'Hazing' is not a policy code; shown as text (unresolved)"
        in [p.render(strict=True) for p in failed.value.problems]
    )


def test_five_mistakes_in_one_file_give_five_sorted_messages(sample_project: Callable[..., Project]) -> None:
    text = (
        "---\ncode: JICFB\ntitle: Bullying Prevention\nstatus: aproved\nadopted: 2019-13-20\n"
        "colour: blue\nsection: Q\ncross_refs: [JICFC]\n---\n\nText.\n"
    )
    assert problems_for(sample_project, text) == [
        "source/policies/JICFB.md:4: status: 'aproved' is not one of draft, first-reading, second-reading, "
        "adopted or retired",
        "source/policies/JICFB.md:5: adopted: not a valid date ('2019-13-20'): 2019 has no month 13",
        "source/policies/JICFB.md:6: colour: unknown field (known fields: code, title, section, status, adopted, "
        "revised, first_reading, second_reading, review_by, legal_refs, cross_refs, audience, retired, former_codes)",
        "source/policies/JICFB.md:7: section: 'Q' is not a section declared in source/district.yml "
        "(A, B, C, D, E, F, G, H, I, J, K, L)",
        "source/policies/JICFB.md:8: cross_refs, entry 1: no policy has the code 'JICFC'",
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
        f"source/district.yml:{line}: schools, entry 1, grades: '9-13' does not have the expected form"
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
