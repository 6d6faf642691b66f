"""What the import recognises in plain text: labels, date forms, references, headings and list nesting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from build_scripts.importer.codes import code_label, cross_ref, from_file_name, title_and_code
from build_scripts.importer.frontlines import title_case
from build_scripts.importer.listdepth import ListStack
from build_scripts.importer.meta import date_line, parse_date
from build_scripts.importer.run import import_files
from tests.test_import import imported, project_without_policies, rendered

MASC_STYLE = """File: JICFB

BULLYING PREVENTION

PURPOSE

The district prohibits bullying
and retaliation in all its schools.

Reporting:

1. Staff shall report bullying at once.
   (a) A report may be oral
       or written.
   (b) The principal keeps a record.
       i. The record is dated.
       ii. The record is signed.
2. Students may report anonymously.

LEGAL REFS.: M.G.L. c. 71, § 37O; 603 CMR 26.00

CROSS REFS.: JICFB-R, Bullying Procedures
             JIC, Student Discipline
             Hazing

ADOPTED: 5/10/2011
Revised 6/15/21
First reading: September 3, 2020
"""


def test_masc_style_text_becomes_front_matter_headings_and_nested_lists(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    source = tmp_path / "bullying.txt"
    source.write_text(MASC_STYLE, encoding="utf-8")
    discipline = tmp_path / "JIC.txt"  # imported with it: its code is linked; JICFB-R is nowhere, so it stays text
    discipline.write_text("Student Discipline - JIC\n\nStudents behave.\n\nAdopted: 1/5/2010\n", encoding="utf-8")
    report = import_files(root, [source, discipline])
    assert report.written == ["source/policies/JICFB.md", "source/policies/JIC.md"], rendered(report)
    text = (root / "source/policies/JICFB.md").read_text(encoding="utf-8")
    assert text.split("---\n")[1] == (
        "code: JICFB\ntitle: Bullying Prevention\nstatus: adopted\nadopted: 2011-05-10\nrevised: [2021-06-15]\n"
        "first_reading: 2020-09-03\nlegal_refs:\n  - M.G.L. c. 71, § 37O\n  - 603 CMR 26.00\ncross_refs:\n"
        "  - JICFB-R, Bullying Procedures\n  - JIC  # JIC, Student Discipline\n  - Hazing\n"
    )
    assert text.split("---\n", 2)[2] == (
        "\n## Purpose {#purpose}\n\n"
        "[]{#purpose-p1} The district prohibits bullying and retaliation in all its schools.\n\n"
        "## Reporting {#reporting}\n\n"
        "1. []{#reporting-1} Staff shall report bullying at once.\n"
        "    a. A report may be oral or written.\n"
        "    b. The principal keeps a record.\n"
        "        i. The record is dated.\n"
        "        i. The record is signed.\n"
        "2. []{#reporting-2} Students may report anonymously.\n"
    )
    assert rendered(report) == [
        "source/policies/JICFB.md:12: warning: cross_refs, entry 1: no policy has the code 'JICFB-R' in the manual or"
        " this import; written as the text 'JICFB-R, Bullying Procedures' (put the code back once that policy is in the"
        " manual)",
        "source/policies/JICFB.md:17: warning: heading guessed from an all-capitals line",
    ]
    policy = imported(root, "JICFB")
    assert policy.problems == []


def test_a_bare_code_that_is_nowhere_becomes_policy_code_text(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    source = tmp_path / "5131.2-cell-phones.txt"
    source.write_text(
        "Cell Phones\n\nStudents may carry phones.\n\nCROSS REFS.: 5131.1; 0401.80\n\nAdopted: 3/20/2019\n",
        encoding="utf-8",
    )
    report = import_files(root, [source])
    assert report.written == ["source/policies/5131.2.md"], rendered(report)
    front = (root / "source/policies/5131.2.md").read_text(encoding="utf-8").split("---\n")[1]
    assert front.endswith("cross_refs:\n  - Policy 5131.1\n  - Policy 0401.80\n")
    assert rendered(report) == [
        f"source/policies/5131.2.md:{n + 7}: warning: cross_refs, entry {n + 1}: no policy has the code '{code}' in the"
        f" manual or this import; written as the text 'Policy {code}' (put the code back once that policy is in"
        " the manual)"
        for n, code in enumerate(["5131.1", "0401.80"])
    ]
    assert imported(root, "5131.2").meta is not None and imported(root, "5131.2").problems == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Adopted: March 20, 2019", ("adopted", [date(2019, 3, 20)])),
        ("Revised 6/15/21", ("revised", [date(2021, 6, 15)])),
        ("ADOPTED: 5/10/2011", ("adopted", [date(2011, 5, 10)])),
        ("Revised: 6/15/21, 2/1/2022", ("revised", [date(2021, 6, 15), date(2022, 2, 1)])),
        ("Adopted by the School Committee: Sept. 3, 2015", ("adopted", [date(2015, 9, 3)])),
        ("Second Reading: 2020-01-07", ("second_reading", [date(2020, 1, 7)])),
        ("Date Adopted: 03/20/2019", ("adopted", [date(2019, 3, 20)])),
        ("Policy adopted: March 20, 2019", ("adopted", [date(2019, 3, 20)])),
        ("Last Revised: 06/01/2021", ("revised", [date(2021, 6, 1)])),
        ("Adopted by the Board of Education on March 20, 2019", ("adopted", [date(2019, 3, 20)])),
        ("Revised on June 15, 2021", ("revised", [date(2021, 6, 15)])),
        ("Adopted: the policy was adopted in 2019", None),
        ("Revised: 2/30/2020", None),
    ],
)
def test_date_lines(text: str, expected: tuple[str, list[date]] | None) -> None:
    assert date_line(text) == expected


def test_a_title_in_capitals_reads_as_a_title() -> None:
    assert title_case("TRANSPORTATION FOR SCHOOL-RELATED TRIPS") == "Transportation for School-Related Trips"
    assert title_case("Use of Devices by STAFF") == "Use of Devices by STAFF"  # lower case: as written


def test_dates_and_titles_in_other_forms() -> None:
    assert parse_date("20 March 2019") == date(2019, 3, 20)
    assert title_and_code("Employee Social Media Policy - G-170") == ("Employee Social Media Policy", "G-170")
    assert title_and_code("JICFB - Bullying Prevention") == ("Bullying Prevention", "JICFB")
    assert title_and_code("Staff - Rules") is None


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("File: 5131.2", "5131.2"),
        ("BP 5131.2", "5131.2"),
        ("AR 5131.2", "5131.2"),
        ("Policy 5131.2", "5131.2"),
        ("0401.80", "0401.80"),
        ("Board Policy 3330", "3330"),
        ("Policy Code: JICFB", "JICFB"),
        ("2019", None),  # a bare number alone could be a year
        ("JICFB", None),
    ],
)
def test_code_lines(line: str, code: str | None) -> None:
    assert code_label(line) == code


def test_numbered_codes_in_titles_file_names_and_cross_references() -> None:
    assert title_and_code("Cell Phones - BP 5131.2") == ("Cell Phones", "5131.2")
    assert title_and_code("Policy 5131.2: Cell Phones") == ("Cell Phones", "5131.2")
    assert title_and_code("0401.80 Dress Code") == ("Dress Code", "0401.80")
    assert title_and_code("5131.2 Students shall not use phones in class.") is None
    assert from_file_name(Path("5131.2-cell-phones.pdf")) == ("5131.2", "Cell Phones")
    assert from_file_name(Path("AR 5131.2 Cell Phones.docx")) == ("5131.2", "Cell Phones")
    assert from_file_name(Path("0401.80.pdf")) == ("0401.80", None)
    assert cross_ref("BP 5131.2 - Bullying") == ("5131.2", "BP 5131.2 - Bullying")
    assert cross_ref("0450 Comprehensive Safety Plan") == ("0450", "0450 Comprehensive Safety Plan")
    assert cross_ref("A Guide to Conduct") == ("A Guide to Conduct", "A Guide to Conduct")


@pytest.mark.parametrize("label", ["BP 5131.2", "AR 5131.2", "Policy 5131.2", "File: 5131.2"])
def test_a_numbered_code_line_names_the_file(tmp_path: Path, label: str) -> None:
    root = project_without_policies(tmp_path)
    source = tmp_path / "cell-phones.txt"
    source.write_text(f"{label}\n\nCell Phones\n\nStudents may carry phones.\n\nAdopted: 3/20/2019\n", "utf-8")
    report = import_files(root, [source])
    assert report.written == ["source/policies/5131.2.md"], rendered(report)
    policy = imported(root, "5131.2")
    assert policy.meta is not None and (policy.meta.code, policy.meta.title) == ("5131.2", "Cell Phones")


def test_list_nesting_from_markers() -> None:
    stack = ListStack()
    seen = [
        stack.place(value, paren, 0)
        for value, paren in [
            ("1", False),
            ("a", True),
            ("b", True),
            ("i", False),
            ("ii", False),
            ("2", False),
            ("h", False),
            ("i", False),
        ]
    ]
    assert seen == [
        (0, "decimal"),
        (1, "lower"),
        (1, "lower"),
        (2, "lower-roman"),
        (2, "lower-roman"),
        (0, "decimal"),
        (1, "lower"),
        (1, "lower"),  # 'i' after 'h' is a letter
    ]


def test_markdown_keys_that_are_neither_ours_nor_mapped_are_errors(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    key_map = tmp_path / "map.yml"
    key_map.write_text("date-adoption: adopted\nauthor: null\n", encoding="utf-8")
    theirs = tmp_path / "theirs.md"
    theirs.write_text(
        "---\ncode: JB\ntitle: Equal Opportunity\ndate-adoption: March 20, 2019\nauthor: Someone\ntags: [x]\n---\n\n"
        "## Rules\n\nNo one is excluded.\n",
        encoding="utf-8",
    )
    report = import_files(root, [theirs], key_map_path=key_map)
    assert [p.render() for p in report.problems] == [
        f"{theirs}:6: cannot import: front-matter key 'tags' is not ours and the key map does not map it (map it to"
        " one of our keys, or to null to drop it)"
    ]
    theirs.write_text(theirs.read_text(encoding="utf-8").replace("tags: [x]\n", ""), encoding="utf-8")
    assert import_files(root, [theirs], key_map_path=key_map).written == ["source/policies/JB.md"]
    assert (root / "source/policies/JB.md").read_text(encoding="utf-8") == (
        "---\ncode: JB\ntitle: Equal Opportunity\nadopted: 2019-03-20\n---\n\n## Rules\n\n[]{#rules-p1} No one is"
        " excluded.\n"
    )


def test_a_lead_in_ending_in_a_colon_is_not_a_heading(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    source = tmp_path / "JK-conduct.txt"
    source.write_text(
        "Student Conduct - JK\n\nRules:\n\nStudents shall observe the following:\n\n1. Be kind.\n2. Be on time.\n",
        encoding="utf-8",
    )
    import_files(root, [source])
    assert (root / "source/policies/JK.md").read_text(encoding="utf-8").split("---\n", 2)[2] == (
        "\n## Rules {#rules}\n\n[]{#rules-p1} Students shall observe the following:\n\n"
        "1. []{#rules-1} Be kind.\n2. []{#rules-2} Be on time.\n"
    )


def test_numbered_all_capitals_headings_lose_their_number_and_keep_their_words(tmp_path: Path) -> None:
    root = project_without_policies(tmp_path)
    source = tmp_path / "KE-complaints.txt"
    source.write_text(
        "Public Complaints - KE\n\nI. PURPOSE\n\nComplaints are heard fairly.\n\nII. PROCEDURE\n\n"
        "1. Write to the principal.\n2. Appeal to the superintendent.\n",
        encoding="utf-8",
    )
    report = import_files(root, [source])
    assert (root / "source/policies/KE.md").read_text(encoding="utf-8").split("---\n", 2)[2] == (
        "\n## Purpose {#purpose}\n\n[]{#purpose-p1} Complaints are heard fairly.\n\n## Procedure {#procedure}\n\n"
        "1. []{#procedure-1} Write to the principal.\n2. []{#procedure-2} Appeal to the superintendent.\n"
    )
    assert rendered(report) == [
        "source/policies/KE.md:2: warning: no adoption date found ('Adopted: March 20, 2019'): imported as a draft",
        "source/policies/KE.md:7: warning: heading guessed from a numbered all-capitals line (its number was left out)",
        "source/policies/KE.md:11: warning: heading guessed from a numbered all-capitals line (its number was left"
        " out)",
    ]
