"""What a clause is, its id, text and hash; id problems; `policy ids`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest

from build_scripts.errors import UsageError, ValidationFailed
from build_scripts.pandoc.runner import normalize_text, read_markdown
from build_scripts.paths.project import Project
from build_scripts.pipeline import check
from build_scripts.source.clauses import scan_clauses
from build_scripts.source.ids import write_ids
from build_scripts.source.policies import read_policy
from tests.conftest import ROOT

G170 = ROOT / "source" / "policies" / "G-170.md"
HEAD = "---\ncode: JICFB\ntitle: Bullying Prevention\nadopted: 2020-05-01\n---\n"


def test_g170_clause_ids_in_order() -> None:
    policy = read_policy(G170, "G-170.md")
    assert policy.problems == []
    assert policy.scan is not None
    ids = [c.id for c in policy.scan.clauses]
    assert len(ids) == 32
    assert ids[:5] == [
        "scope-p1",
        "purpose-p1",
        "purpose-p2",
        "definitions-social-media",
        "definitions-electronic-communication",
    ]
    assert "expectations-9" in ids and "cellular-phones-4" in ids and "statement-to-staff-p2" in ids
    assert all(c.authored for c in policy.scan.clauses)


def test_clause_text_label_section_and_hash() -> None:
    policy = read_policy(G170, "G-170.md")
    clause = policy.clause("cellular-phones-2")
    assert clause is not None and clause.section is not None
    assert clause.text == (
        "Staff members shall only contact students via their personal cell phones for specific purposes "
        "(i.e., the student has not returned to a bus on a field trip)."
    )
    assert (clause.section.short, clause.label, clause.kind) == ("Cellular Phones", "2", "item")
    assert clause.sha256 == hashlib.sha256(clause.text.encode()).hexdigest()
    paragraph = policy.clause("purpose-p2")
    assert paragraph is not None and paragraph.label == "paragraph 2"
    definition = policy.clause("definitions-electronic-communication")
    assert definition is not None
    assert (
        definition.text == "Electronic Communication: Any communication or interaction which occurs through "
        "electronic means."
    )
    quoted = policy.clause("expectations-1")
    assert quoted is not None and '"speaking for the school district."' in quoted.text


def test_normalised_text_uses_nfc_straight_quotes_single_spaces() -> None:
    assert normalize_text("  Cafe\u0301 \u201cquoted\u201d  it\u2019s\n x ") == 'Caf\u00e9 "quoted" it\'s x'


def test_later_paragraphs_of_an_item_belong_to_it() -> None:
    scan = scan_clauses(
        read_markdown(
            "## Rules {#rules}\n\n1. []{#rules-1} First.\n\n    More of first.\n\n2. []{#rules-2} Second.\n", "t"
        )
    )
    assert [(c.id, c.text) for c in scan.clauses] == [("rules-1", "First. More of first."), ("rules-2", "Second.")]


def test_policy_without_ids_gets_positional_anchors() -> None:
    scan = scan_clauses(read_markdown("Intro.\n\n### Deep {#deep}\n\n- one\n- two\n\n> quoted\n", "t"))
    assert [(c.id, c.authored, c.kind) for c in scan.clauses] == [
        ("clause-1", False, "paragraph"),
        ("clause-2", False, "item"),
        ("clause-3", False, "item"),
        ("clause-4", False, "quote"),
    ]
    assert scan.sections[0].level == 2  # the first heading is renumbered to level 2


def test_headings_never_skip_levels() -> None:
    scan = scan_clauses(read_markdown("#### A\n\n###### B\n\n### C\n\n##### D\n", "t"))
    assert [s.level for s in scan.sections] == [2, 3, 2, 3]


def id_problems(sample_project: Callable[..., Project], body: str) -> list[str]:
    project = sample_project({"JICFB.md": HEAD + body})
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    return [p.render() for p in failed.value.problems if p.is_error]


def test_missing_malformed_and_duplicate_ids(sample_project: Callable[..., Project]) -> None:
    body = (
        "\n## Rules {#rules}\n\n"  # 6, 7, 8
        "[]{#rules-p1} Intro.\n\n"  # 9
        "1. []{#rules-1} First.\n"  # 11
        "2. Second has no id.\n"  # 12
        "3. []{#Rules_3} Third.\n"  # 13
        "4. []{#rules-1} Fourth.\n"  # 14
        "5. []{#other-5} Fifth.\n"  # 15
    )
    assert id_problems(sample_project, body) == [
        "source/policies/JICFB.md:12: clause has no id; this policy uses clause ids, so add one, e.g. []{#rules-2}",
        "source/policies/JICFB.md:13: clause id 'Rules_3' is malformed: use lower-case letters, digits and '-', "
        "starting with the section key 'rules-'",
        "source/policies/JICFB.md:14: clause id 'rules-1' is used twice (first on line 11)",
        "source/policies/JICFB.md:15: clause id 'other-5' is malformed: use lower-case letters, digits and '-', "
        "starting with the section key 'rules-'",
    ]


def test_a_policy_without_ids_is_valid(sample_project: Callable[..., Project]) -> None:
    _manual, warnings = check(sample_project({"JICFB.md": HEAD + "\nIntro.\n\n## Rules\n\n1. One.\n"}))
    assert [w for w in warnings if "JICFB" in w.path] == []


def test_policy_ids_writes_ids_that_then_validate(sample_project: Callable[..., Project]) -> None:
    body = (
        "\nIntro paragraph.\n\n## Rules {#rules}\n\nA paragraph\nwrapped over two lines.\n\n"
        "1. First rule.\n2. Second rule.\n   - nested, not a clause\n\n"
        "## Definitions {#definitions}\n\nBully\n:   A person who bullies.\n\n> Quoted words.\n"
    )
    project = sample_project({"JICFB.md": HEAD + body})
    path, count = write_ids(project, "JICFB")
    text = path.read_text()
    assert count == 6
    assert "[]{#p1} Intro paragraph." in text
    assert "[]{#rules-p1} A paragraph\nwrapped over two lines." in text
    assert "1. []{#rules-1} First rule.\n2. []{#rules-2} Second rule.\n   - nested" in text
    assert "[]{#definitions-bully} Bully\n" in text
    assert "> []{#definitions-p2} Quoted words." in text
    check(project)  # validates cleanly
    with pytest.raises(UsageError, match="already has clause ids"):
        write_ids(project, "JICFB")


def test_policy_ids_unknown_code(sample_project: Callable[..., Project]) -> None:
    with pytest.raises(UsageError, match="no policy has the code 'NOPE'"):
        write_ids(sample_project(), "NOPE")


def test_policy_ids_never_puts_an_id_on_a_nested_item_that_opens_like_a_later_clause(
    sample_project: Callable[..., Project],
) -> None:
    body = (
        "\n## Rules {#rules}\n\n1. The principal keeps a record.\n    a. Staff are trained each year.\n"
        "    b. Police are called.\n2. Staff are trained each year.\n"
    )
    project = sample_project({"JICFB.md": HEAD + body})
    path, count = write_ids(project, "JICFB")
    assert count == 2
    assert path.read_text().endswith(
        "1. []{#rules-1} The principal keeps a record.\n    a. Staff are trained each year.\n"
        "    b. Police are called.\n2. []{#rules-2} Staff are trained each year.\n"
    )
    check(project)
