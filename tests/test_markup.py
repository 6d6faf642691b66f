"""Raw HTML in a policy: the allow-list renders natively in page and PDF; everything else is a located error."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from build_scripts.errors import ValidationFailed
from build_scripts.pandoc.runner import POLICY_READER, read_markdown, write_ast
from build_scripts.paths.project import Project
from build_scripts.pipeline import check
from build_scripts.render.page_body import body_markdown
from build_scripts.render.pdf import body_to_typst
from build_scripts.source.markup import has_raw, native_markup
from build_scripts.source.policies import parse_policy

HEAD = "---\ncode: JICFB\ntitle: Bullying Prevention\nadopted: 2020-05-01\n---\n\n"
ALLOWED = (
    'Fines under M.G.L. c. 71 <abbr title="Massachusetts General Laws">MGL</abbr>, H<sub>2</sub>O, '
    "10<sup>th</sup> <b>grade</b> and <i>all</i> staff.<br>Next line.\n\n"
    '<table>\n<caption>Who acts</caption>\n<tr><th scope="col">Step</th><th>Who</th></tr>\n'
    '<tr><td>Report</td><td colspan="1">Staff</td></tr>\n</table>\n'
)
REFUSED = [
    ("<script>alert(1)</script>", "HTML element <script> is not allowed in a policy"),
    ('<b onclick="alert(1)">x</b>', "event handler attribute 'onclick' on <b> is not allowed in a policy"),
    ('<a href="javascript:alert(1)">x</a>', "HTML element <a> is not allowed in a policy"),
    ('<iframe src="https://example.org"></iframe>', "HTML element <iframe> is not allowed in a policy"),
    ('<object data="x.swf"></object>', "HTML element <object> is not allowed in a policy"),
    ("<style>body{display:none}</style>", "HTML element <style> is not allowed in a policy"),
    ('<b style="color:red">x</b>', "attribute 'style' on <b> is not allowed in a policy"),
    ("<img src=x onerror=alert(1)>", "HTML element <img> is not allowed in a policy"),
    ("<!-- a note -->", "HTML comments are not allowed in a policy (they would not be published): remove it"),
    ("<sup>unclosed", "<sup> has no matching </sup>"),
    ("[x](javascript:alert(4))", "a 'javascript:' link is not allowed; use http, https, mailto or tel"),
    ("[x](vbscript:msgbox)", "a 'vbscript:' link is not allowed; use http, https, mailto or tel"),
]


def parsed(body: str) -> tuple[str, str, list[str]]:
    policy = parse_policy(HEAD + body, "source/policies/JICFB.md", Path("JICFB.md"), Path("."))
    assert policy.scan is not None
    page = body_markdown(policy.scan.ast, "t")
    typst = body_to_typst(policy.scan.ast, "t")
    return page, typst, [p.render() for p in policy.problems]


def test_allowed_html_renders_natively_in_page_and_pdf() -> None:
    page, typst, problems = parsed(ALLOWED)
    assert problems == []
    assert '<abbr title="Massachusetts General Laws">MGL</abbr>' in page
    assert "H<sub>2</sub>O, 10<sup>th</sup> <strong>grade</strong> and <em>all</em> staff.<br>" in page
    assert "<caption>Who acts</caption>" in page and '<th scope="col">Step</th>' in page and "<td>Staff</td>" in page
    assert "H#sub[2]O, 10#super[th] #strong[grade] and #emph[all] staff. \\\nNext line." in typst
    assert "#table(" in typst and "[Report]" in typst


@pytest.mark.parametrize(("html", "message"), REFUSED, ids=[r[0][:20] for r in REFUSED])
def test_other_markup_is_a_located_error_and_stays_text(html: str, message: str) -> None:
    page, typst, problems = parsed(f"First paragraph.\n\nSee {html} here.\n")
    line = HEAD.count("\n") + 3
    assert any(p.startswith(f"source/policies/JICFB.md:{line}: {message}") for p in problems), problems
    assert not re.search(r"<(script|iframe|object|style|img|a href|b |!-- a)|<a[^>]*javascript:", page), page
    assert "#link(" not in typst and "#html" not in typst


def test_check_refuses_a_script_with_every_problem_at_once(sample_project: Callable[..., Project]) -> None:
    body = "Intro.\n\n<script>alert(1)</script>\n\nMore <iframe src=x></iframe>.\n"
    with pytest.raises(ValidationFailed) as failed:
        check(sample_project({"JICFB.md": HEAD + body}))
    rendered = [p.render() for p in failed.value.problems if p.is_error and "JICFB" in p.path]
    allowed = "(allowed: b, strong, i, em, u, s, del, sub, sup, abbr (title), br and tables (table, tr, th, td ...))"
    assert rendered == [
        f"source/policies/JICFB.md:9: HTML element <script> is not allowed in a policy {allowed}",
        f"source/policies/JICFB.md:11: HTML element <iframe> is not allowed in a policy {allowed}",
    ]


def test_personal_phone_numbers_and_emails_are_warnings_office_numbers_are_not(
    sample_project: Callable[..., Project],
) -> None:
    body = (
        "Call the office at (508) 351-7000 or Ms. Smith at 508.555.0199 or write to jsmith@gmail.com.\n\n"
        "Adopted 2019-03-20 under 950 CMR 32.03 and M.G.L. c. 71, section 37O.\n"
    )
    project = sample_project({"JICFB.md": HEAD + body})
    district = project.district_file
    district.write_text(district.read_text().replace("grades: 9-12", "grades: 9-12, phone: 508-351-7000"))
    _manual, warnings = check(project)
    line = HEAD.count("\n") + 1
    assert [w.render() for w in warnings if "JICFB" in w.path] == [
        f"source/policies/JICFB.md:{line}: warning: e-mail address 'jsmith@gmail.com': not one of the district's "
        "published contacts (source/district.yml); is it personal?",
        f"source/policies/JICFB.md:{line}: warning: phone number '508.555.0199': not one of the district's "
        "published contacts (source/district.yml); is it personal?",
    ]


def test_page_body_goes_through_nh3_no_inline_style_survives() -> None:
    wide = "| a | b |\n|---|---|\n| " + "very long cell text " * 8 + "| x |\n"
    raw = write_ast(read_markdown(wide, "t"), "html5", "t")
    assert '<col style="width' in raw  # what pandoc writes for a wide pipe table
    page, _typst, problems = parsed(wide)
    assert problems == [] and "style=" not in page and "<td>x</td>" in page


def test_a_number_typed_into_a_template_is_a_warning_unless_the_district_publishes_it(
    sample_project: Callable[..., Project],
) -> None:
    project = sample_project()
    letter = project.root / "templates" / "documents" / "parent-letter.md.j2"
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text + "\nCall Mr. Jones at 508-555-0142 or the office at 508-555-0100.\n", encoding="utf-8")
    district = project.district_file
    district.write_text(district.read_text().replace("  contact:\n", "  contact:\n    phone: 508-555-0100\n", 1))
    _manual, warnings = check(project)
    line = len(text.split("\n")) + 1
    assert [w.render() for w in warnings if w.path.startswith("templates/")] == [
        f"templates/documents/parent-letter.md.j2:{line}: warning: phone number '508-555-0142': not one of the "
        "district's published contacts (source/district.yml); is it personal?"
    ]


def test_a_body_without_raw_html_is_kept_as_it_is_and_its_links_still_checked() -> None:
    """No copy of a body that holds no raw HTML (most policies); a raw tag deep inside a table is found."""
    plain = read_markdown("| a | b |\n|---|---|\n| [x](javascript:alert(1)) | y |\n", "t.md", POLICY_READER)
    kept, problems = native_markup(plain, "t.md")
    assert kept is plain and not has_raw(plain["blocks"])
    assert [p.message for p in problems] == ["a 'javascript:' link is not allowed; use http, https, mailto or tel"]
    raw = read_markdown("| a | b |\n|---|---|\n| H<sub>2</sub>O | y |\n", "t.md", POLICY_READER)
    assert has_raw(raw["blocks"]) and native_markup(raw, "t.md")[0] is not raw
