"""Fuzzing the sources: generated broken policy files and district data never crash `policy check`.

For every generated file, `policy check` (in-process) exits 1 and prints at least one
`path:line: message`; every line it prints is located or its summary; no traceback; each example
within a generous deadline. `make test` runs a bounded number of examples (profile "ci");
`make fuzz` runs many more (profile "fuzz", HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tracemalloc
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.cli import main
from tests.conftest import copy_project

pytestmark = pytest.mark.fuzz

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=timedelta(seconds=20),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.register_profile("fuzz", parent=settings.get_profile("ci"), max_examples=1000, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

LOCATED = re.compile(r"^(source|templates)/[\w./-]+:\d+: \S")
SUMMARY = re.compile(r"^policy check: \d+ errors?$")
FIELDS = [
    ("code", "FUZZ"),
    ("title", "Fuzz Policy"),
    ("status", "adopted"),
    ("adopted", "2020-05-01"),
    ("audience", "[staff]"),
]
BODY = "## Rules {#rules}\n\n1. []{#rules-1} Staff shall be kind.\n"


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project without its policies (each example adds one file)."""
    root = copy_project(tmp_path_factory.mktemp("fuzz") / "project")
    shutil.rmtree(root / "source" / "policies")
    (root / "source" / "policies").mkdir()
    return root


def run_check(root: Path) -> tuple[int, str]:
    err, out = io.StringIO(), io.StringIO()
    with redirect_stderr(err), redirect_stdout(out):
        code = main(["check", "--project", str(root)])
    return code, err.getvalue()


def assert_located_failure(code: int, stderr: str) -> None:
    lines = stderr.splitlines()
    assert code == 1, stderr
    assert "Traceback" not in stderr
    assert any(LOCATED.match(line) for line in lines), stderr
    assert [line for line in lines if not (LOCATED.match(line) or SUMMARY.match(line))] == [], stderr


def render(fields: list[tuple[str, str]], body: str = BODY) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields) + "---\n\n" + body


# One definite break per file: each returns the file's text (or bytes).
def _malformed(value: str) -> Callable[[list[tuple[str, str]]], str]:
    return lambda fields: render([*fields, ("cross_refs", value)])


MALFORMED = st.sampled_from(["[G-170", "{a: 1", '"unterminated', "[a, [b, [c]", "@reserved", "a: b: c", "]", "- x\n-"])
WRONG_TYPE = st.sampled_from(["title: [a, b]", "code: {x: 1}", "audience: staff", "revised: 2021-01-01", "status: 3"])
BAD_DATE = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(13, 99), st.integers(1, 40)
)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
BAD_DATE_TEXT = st.one_of(
    BAD_DATE,
    st.text(alphabet="0123456789-/., ", min_size=1, max_size=12).filter(lambda t: t.strip() and not ISO.search(t)),
)


@st.composite
def broken_policy(draw: st.DrawFn) -> bytes:
    fields = list(FIELDS)
    kind = draw(
        st.sampled_from(
            [
                *("malformed", "wrong-type", "missing", "duplicate", "date", "unterminated", "utf8", "alias"),
                *("nesting", "deep-body"),
            ]
        )
    )
    if kind == "malformed":
        text = render([*fields, ("cross_refs", draw(MALFORMED))])
    elif kind == "wrong-type":
        key, value = draw(WRONG_TYPE).split(": ", 1)
        text = render(
            [(k, value if k == key else v) for k, v in fields] + ([] if key in dict(fields) else [(key, value)])
        )
    elif kind == "missing":
        drop = draw(st.sampled_from(["code", "title", "adopted"]))
        text = render([(k, v) for k, v in fields if k != drop])
    elif kind == "duplicate":
        text = render([*fields, draw(st.sampled_from(fields))])
    elif kind == "date":
        text = render([(k, f"'{draw(BAD_DATE_TEXT)}'" if k == "adopted" else v) for k, v in fields])
    elif kind == "unterminated":
        text = render(fields).replace("---\n\n", "\n", 1)
    elif kind == "alias":
        laughs = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9))
        text = render(fields).replace("---\n", "---\nl0: &l0 lol\n" + laughs, 1)
    elif kind == "nesting":
        depth = draw(st.integers(11, 20_000))
        text = render([*fields, ("cross_refs", draw(st.sampled_from(["[", "{a: "])) * depth)])
    elif kind == "deep-body":
        depth = draw(st.integers(60, 600))
        text = render(fields, body=draw(st.sampled_from(["> ", "- ", "1. ", "* "])) * depth + "deep\n")
    else:
        text = render(fields)
    return _noise(draw, text, invalid_utf8=kind == "utf8")


def _noise(draw: st.DrawFn, text: str, *, invalid_utf8: bool) -> bytes:
    """BOM, CRLF, tabs, very long lines, arbitrary Unicode in the body; optional invalid UTF-8."""
    if draw(st.booleans()):
        text = text.replace(BODY, BODY + draw(st.text(max_size=200)) + "\n")
    if draw(st.booleans()):
        text = text.replace(BODY, BODY + "word " * draw(st.integers(1000, 40_000)) + "\n")
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = text.replace(BODY, "\t" + BODY)
    data = (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8", "surrogatepass")
    if invalid_utf8:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80\x80"])) + data[cut:]
    return data


@given(broken_policy())
def test_broken_policy_files_give_located_errors(fuzz_project: Path, data: bytes) -> None:
    (fuzz_project / "source" / "policies" / "FUZZ.md").write_bytes(data)
    assert_located_failure(*run_check(fuzz_project))


@given(st.binary(max_size=3000), st.booleans())
def test_arbitrary_bytes_after_a_fence_never_crash(fuzz_project: Path, data: bytes, fenced: bool) -> None:
    (fuzz_project / "source" / "policies" / "FUZZ.md").write_bytes((b"---\n" if fenced else b"") + data)
    code, stderr = run_check(fuzz_project)
    assert code in (0, 1) and "Traceback" not in stderr
    if code == 1:
        assert_located_failure(code, stderr)


DISTRICT_BREAKS = st.sampled_from(
    [
        ("grades: 9-12", "grades: [9, 12]"),
        ("grades: 9-12", "grades: 9-13"),
        ("language: en", "language: [en]"),
        ("language: en", "language: en\nlanguage: es"),
        ('school_year: "2026-2027"', "school_year: 2026"),
        ("  name: Public Schools", "  name: &n Public Schools"),
        ("schools:", "schools: " + "[" * 50),
        ("district:", "district: {"),
        ("sections:", "sections: *x"),
        ("  A: Foundations", "\tA: Foundations"),
    ]
)


@given(DISTRICT_BREAKS, st.booleans(), st.booleans())
def test_broken_district_data_gives_located_errors(
    fuzz_project: Path, change: tuple[str, str], crlf: bool, bom: bool
) -> None:
    (fuzz_project / "source" / "policies" / "FUZZ.md").write_text(render(FIELDS))
    district = fuzz_project / "source" / "district.yml"
    original = district.read_bytes()
    text = original.decode().replace(change[0], change[1], 1)
    assert text != original.decode()
    try:
        district.write_bytes(
            (b"\xef\xbb\xbf" if bom else b"") + (text.replace("\n", "\r\n") if crlf else text).encode()
        )
        assert_located_failure(*run_check(fuzz_project))
    finally:
        district.write_bytes(original)


def test_billion_laughs_and_huge_files_stay_small_in_memory(fuzz_project: Path) -> None:
    laughs = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 12))
    policies = fuzz_project / "source" / "policies"
    (policies / "FUZZ.md").write_text(render(FIELDS).replace("---\n", "---\nl0: &l0 lol\n" + laughs, 1))
    (policies / "HUGE.md").write_text(render(FIELDS) + "x" * 5_000_000)
    tracemalloc.start()
    try:
        code, stderr = run_check(fuzz_project)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        (policies / "HUGE.md").unlink()
    assert_located_failure(code, stderr)
    assert "source/policies/HUGE.md:1: the file is 5.0 MB; a source file may be at most 1 MB" in stderr
    assert peak < 20_000_000, f"peak {peak / 1e6:.1f} MB"
