"""Document templates: located errors in `policy check`, escaping, and no copied policy prose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_scripts.errors import ValidationFailed
from build_scripts.paths.project import Project
from build_scripts.pipeline import check
from build_scripts.source.front_matter import split_front_matter
from tests.conftest import ROOT, run_cli
from tests.documents_helpers import project_copy, words

TEMPLATES = ROOT / "templates" / "documents"
RUN = 8  # words in a row that a template may not share with any policy


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return project_copy(tmp_path / "project")


def edit_template(project: Project, name: str, old: str, new: str) -> None:
    path = project.root / "templates" / "documents" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(project: Project) -> list[str]:
    with pytest.raises(ValidationFailed) as failed:
        check(project)
    return [p.render() for p in failed.value.problems if p.is_error]


def line_of(project: Project, name: str, needle: str) -> int:
    text = (project.root / "templates" / "documents" / name).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_template_errors_are_located_in_the_users_terms(project: Project) -> None:
    trip, letter, form = "trip-disclosure-form.md.j2", "parent-letter.md.j2", "publication-permission-form.md.j2"
    edit_template(project, trip, '"school-line" school=school.name', '"school-line" school=schol.name')
    edit_template(project, form, '"expectations-7") }}', '"expectations-77") }}')
    edit_template(project, letter, 'cite("G-170", "web-tools-4")', 'cite("G-170", "web-tools-5")')
    edit_template(project, letter, '{% trans "town" town=school.town %}', '{% trans "town" town=school.adress %}')
    assert problems_of(project) == [
        f"templates/documents/{letter}:{line_of(project, letter, 'town=school.adress')}: "
        "'adress' is not a field of a school (school.id, name, town, grades, address, phone, principal_title)",
        f"templates/documents/{form}:{line_of(project, form, 'expectations-77')}: policy G-170 has no clause"
        " 'expectations-77' (did you mean 'expectations-7' or 'expectations-9' or 'expectations-8'?)",
        f"templates/documents/{trip}:{line_of(project, trip, 'schol.name')}: "
        "'schol' is not defined in document templates",
    ]


def test_undeclared_and_unused_clauses_are_errors(project: Project) -> None:
    letter = "parent-letter.md.j2"
    edit_template(project, letter, 'cite("G-170", "web-tools-4")', 'cite("G-170", "web-tools-5")')
    [problem] = problems_of(project)
    line = line_of(project, letter, "web-tools-5")
    assert problem == (
        f"templates/documents/{letter}:{line}: "
        "clause G-170#web-tools-5 is used but not listed under 'clauses' in the front matter"
    )
    edit_template(
        project, letter, '{% trans "no-internet" cite=cite("G-170", "web-tools-5") %}', '{% trans "no-internet" %}'
    )
    edit_template(project, letter, "through social\nmedia ({{ cite }}).", "through social\nmedia.")
    [problem] = problems_of(project)
    line = line_of(project, letter, "  - G-170#web-tools-4")
    assert problem == (
        f"templates/documents/{letter}:{line}: "
        "clauses, entry 6: 'G-170#web-tools-4' is listed but the template never quotes or cites it"
    )


def test_syntax_and_spec_errors_are_located(project: Project) -> None:
    edit_template(project, "staff-handbook.md.j2", "{% for item in policies %}", "{% for item in policies %")
    edit_template(project, "parent-letter.md.j2", "per_school: true", "per_school: sometimes")
    problems = problems_of(project)
    line = line_of(project, "parent-letter.md.j2", "per_school: sometimes")
    assert (
        problems[0] == f"templates/documents/parent-letter.md.j2:{line}: per_school: 'sometimes' is not true or false"
    )
    assert problems[1].startswith("templates/documents/staff-handbook.md.j2:")
    assert "template syntax:" in problems[1]


def test_policy_check_prints_template_errors_and_exits_1(project: Project) -> None:
    edit_template(
        project,
        "trip-disclosure-form.md.j2",
        '## {% trans "trip-heading" %}Trip{% endtrans %}\n',
        "## {{ trip_name }}\n",
    )
    done = run_cli("check", cwd=project.root)
    assert done.returncode == 1
    line = line_of(project, "trip-disclosure-form.md.j2", "{{ trip_name }}")
    expected = f"trip-disclosure-form.md.j2:{line}: 'trip_name' is not defined in document templates"
    assert expected in done.stderr
    assert "UndefinedError" not in done.stderr and "Traceback" not in done.stderr


def copied_runs(template_text: str, policy_texts: list[str], size: int = RUN) -> list[str]:
    """The longest stretches of the template made of ``size``-word runs that also occur in a policy."""
    policy_runs = set()
    for text in policy_texts:
        tokens = words(text)
        policy_runs |= {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}
    tokens = words(template_text)
    starts = [i for i in range(len(tokens) - size + 1) if tuple(tokens[i : i + size]) in policy_runs]
    spans: list[list[int]] = []
    for start in starts:
        if spans and start <= spans[-1][1]:
            spans[-1][1] = start + size
        else:
            spans.append([start, start + size])
    return [" ".join(tokens[a:b]) for a, b in spans]


def policy_bodies() -> list[str]:
    return [split_front_matter(p.read_text(encoding="utf-8")).body for p in (ROOT / "source" / "policies").glob("*.md")]


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.md.j2")), ids=lambda p: p.name)
def test_templates_contain_no_copied_policy_prose(template: Path) -> None:
    assert copied_runs(template.read_text(encoding="utf-8"), policy_bodies()) == []


def test_copied_prose_check_finds_a_pasted_sentence() -> None:
    pasted = "Dear families, Staff shall not identify students by their “last names” on District web tools."
    expected = "staff shall not identify students by their last names on district"
    assert copied_runs(pasted, policy_bodies()) == [expected]
    assert copied_runs("Staff will not show your child's last name.", policy_bodies()) == []


def test_words_normalise_case_punctuation_and_quotes() -> None:
    assert words("“Speaking FOR the school-district,” it's") == ["speaking", "for", "the", "school", "district", "its"]
    assert re.sub(r"\s", "", "a") == "a"


def test_policy_schema_writes_the_document_spec_schema(tmp_path: Path) -> None:
    done = run_cli("schema", "--out", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    schema = (tmp_path / "document-spec.schema.json").read_text(encoding="utf-8")
    assert '"per_school"' in schema and "Made once for every school" in schema


def test_a_malformed_block_is_located_in_its_own_template(project: Project) -> None:
    """A bad field key in the permission form is reported at its line of that template, not at line 1
    of whichever template happens to be first."""
    name = "publication-permission-form.md.j2"
    edit_template(
        project, name, '::: {.field key="student-name" span="3"}', '::: {.field key="student-name" span="seven"}'
    )
    line = line_of(project, name, 'span="seven"')
    assert problems_of(project) == [
        f"templates/documents/{name}:{line}: field span 'seven' must be a whole number from 1 to 6"
    ]


def test_one_page_overflows_are_found_by_check_for_every_school(project: Project) -> None:
    """`policy check` makes the documents the build publishes, so a one-page form that overflows is an
    error of the check, at the spec's one_page line, for every school and language it overflows in."""
    name = "trip-disclosure-form.md.j2"
    text = (project.root / "templates" / "documents" / name).read_text(encoding="utf-8")
    filler = "\n\n".join(f"Extra paragraph {n} that makes the form too long to fit." for n in range(60))
    (project.root / "templates" / "documents" / name).write_text(text + "\n\n" + filler + "\n", encoding="utf-8")
    problems = problems_of(project)
    line = line_of(project, name, "one_page:")
    schools = [p for p in problems if p.startswith(f"templates/documents/{name}:{line}: one_page: ")]
    assert len(schools) == 30 and len(problems) == 30  # 10 schools, in English, Spanish and Portuguese
    assert all(p.endswith(" pages") for p in schools)
    assert sum(1 for p in schools if "Trip Cell Phone Disclosure Form \u2014 " in p) == 10
    assert sum(1 for p in schools if "(Español) prints on" in p) == 10
