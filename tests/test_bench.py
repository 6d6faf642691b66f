"""The benchmark (``make bench``): its synthetic manual is valid and has history; a tiny run reports real outputs.

Nothing here asserts a time: performance is measured by the benchmark, not by tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pikepdf
import pytest

from build_scripts.cli import main as policy_main
from build_scripts.history.git_versions import read_history
from build_scripts.source.models import CODE_PATTERN
from tools.bench.__main__ import main as bench_main
from tools.bench.manual import TEMPLATE_WORDS, edit_policy, edit_template, generate_manual
from tools.bench.measure import parse_timings
from tools.bench.policies import MAX_WORDS, MIN_WORDS
from tools.bench.report import render_table
from tools.bench.stages import STAGES, build_times_itself

SECTIONS = set("ABCDEFGHIJKL")


def _body_words(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").split("\n---\n", 1)[1].split())


def test_synthetic_manual_passes_policy_check_and_has_versions_and_redlines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manual = generate_manual(tmp_path / "project", 12)
    assert policy_main(["check", "--project", str(manual.root)]) == 0
    # G-170's cross references to policies named by title are of a kind the shipped district silences.
    assert capsys.readouterr().out.strip() == "policy check: no errors (no warnings)"
    assert len(manual.codes) == 12 and all(CODE_PATTERN.match(c) and c[0] in SECTIONS for c in manual.codes)
    for code in manual.codes:
        assert MIN_WORDS <= _body_words(manual.policy_path(code)) <= MAX_WORDS, code
        text = manual.policy_path(code).read_text(encoding="utf-8")
        assert "## Purpose {#purpose}" in text and "\n:   " in text and "\n| --- |" in text
        assert re.search(r"^    1\. ", text, re.M) or re.search(r"^1\. ", text, re.M)
    history = read_history(manual.root)
    assert not history.problems
    kinds = [v.kind for versions in history.versions.values() for v in versions]
    assert kinds.count("adopted") == 13  # every policy's first version, G-170 included
    assert kinds.count("retired") == len(manual.retired) == 1
    assert kinds.count("revised") >= 4  # one revision commit a year, each with at least one policy
    assert any(len(versions) > 1 for versions in history.versions.values())  # so the build makes redlines


def test_same_seed_same_manual(tmp_path: Path) -> None:
    one = generate_manual(tmp_path / "one", 5, history=False)
    two = generate_manual(tmp_path / "two", 5, history=False)
    assert one.codes == two.codes
    for code in one.codes:
        assert one.policy_path(code).read_bytes() == two.policy_path(code).read_bytes()


def test_edits_change_one_sentence_of_a_policy_and_one_word_of_a_template(tmp_path: Path) -> None:
    manual = generate_manual(tmp_path / "project", 2, history=False)
    path = manual.policy_path(manual.codes[0])
    before = path.read_text(encoding="utf-8").splitlines()
    edit_policy(path, 0)
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and ", as revised in benchmark run 0." in changed[0][1]
    letter = edit_template(manual.root, 0)
    assert f"Dear {TEMPLATE_WORDS[0]}," in letter.read_text(encoding="utf-8")
    edit_template(manual.root, 1)
    assert f"Dear {TEMPLATE_WORDS[1]}," in letter.read_text(encoding="utf-8")


def test_the_build_reports_every_stage_itself() -> None:
    assert build_times_itself()


def test_timing_lines_are_parsed_and_summed_per_stage() -> None:
    text = "INFO: building\ntiming: load 1.5\ntiming: policy-pdfs 2.25\nnoise timing: x 9\ntiming: load 0.5\n"
    assert parse_timings(text) == {"load": 2.0, "policy-pdfs": 2.25}


def test_tiny_bench_run_prints_the_table_and_writes_the_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work, report = tmp_path / "work", tmp_path / "bench.json"
    args = ["--policies", "8", "--runs", "1", "--json", str(report), "--workdir", str(work)]
    assert bench_main(args) == 0
    summary = json.loads(report.read_text(encoding="utf-8"))
    keys = {"machine", "manual", "runs", "memory_method", "scenarios", "peak_memory", "pdf", "site", "stage_method"}
    assert set(summary) == keys
    assert summary["manual"]["policy_files"] == 9 and summary["runs"] == 1
    scenarios = summary["scenarios"]
    assert set(scenarios) == {"cold_build", "no_change_rebuild", "one_policy_edit", "one_template_edit", "check"}
    for name in ("cold_build", "no_change_rebuild", "one_policy_edit", "one_template_edit"):
        assert scenarios[name]["published"] == [9], name  # the count `policy build` reports
        assert scenarios[name]["peak_rss_bytes"][0] > 10_000_000, name
        assert scenarios[name]["cpu_seconds"][0] > 0, name
    assert summary["pdf"]["ours"]["policies"] == 9 and summary["pdf"]["weasyprint"]["policies"] == 9
    assert summary["pdf"]["speedup"] > 0
    assert summary["site"]["policy_pages"] == 9 and summary["site"]["search_index_gzip_bytes"] > 0
    site = work / "project" / "site"
    edited = [p for p in site.glob("policies/*/index.html") if "as revised in benchmark run 0" in p.read_text()]
    assert len(edited) == 1  # the one-policy edit reached the published page
    letters = list(site.glob("documents/**/*.html"))
    assert any(f"Dear {TEMPLATE_WORDS[0]}," in p.read_text() for p in letters)  # and the template edit, the letters
    pdfs = sorted((work / "weasyprint").glob("*.pdf"))
    assert len(pdfs) == 9
    with pikepdf.open(pdfs[0]) as pdf, pdf.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"  # WeasyPrint wrote the PDF/UA-1 variant
    assert set(scenarios["cold_build"]["stages"]) == set(STAGES)  # the build's own timing lines
    table = capsys.readouterr().out
    # a no-change rebuild returns at once (the inputs are the published site's): it has no stages to show
    assert scenarios["no_change_rebuild"]["stages"] == {}
    assert "\n| stage | cold build | one-policy edit | one-template edit |\n" in table
    for label in ("cold build", "no-change rebuild", "one-policy edit", "one-template edit", "policy check"):
        assert re.search(rf"^\| {label} \| \d+\.\d s \|", table, re.M), label
    for label in ("peak memory", "PDF stage vs WeasyPrint", "policy page HTML (max)", "search index gzipped"):
        assert f"| {label} |" in table, label


def _scenario(seconds: float, stages: dict[str, float] | None = None) -> dict[str, object]:
    return {
        "median_seconds": seconds,
        "seconds": [seconds],
        "median_cpu_seconds": seconds * 1.5,
        "stages": stages or {},
    }


def test_table_compares_medians_with_the_targets_and_shows_the_stage_profile() -> None:
    scenarios = {
        "cold_build": _scenario(48.0, {"mkdocs": 9.5, "total": 50.0}),
        "no_change_rebuild": _scenario(1.5),
        "one_policy_edit": _scenario(4.0),
        "one_template_edit": _scenario(9.25),
        "check": _scenario(27.0),
    }
    summary = {
        "scenarios": scenarios,
        "peak_memory": {"median_bytes": 2.4e9, "runs": [2.4e9]},
        "pdf": {"speedup": 2.0, "ours_seconds": 10.0, "weasyprint_seconds": 20.0},
        "site": {"policy_pages": 401, "page_median_bytes": 103e3, "page_max_bytes": 150e3}
        | {
            "search_index_bytes": 1.2e6,
            "search_index_gzip_bytes": 171e3,
        },
    }
    assert render_table(summary).splitlines() == [
        "| measure | median | runs | target | met |",
        "| --- | --- | --- | --- | --- |",
        "| cold build | 48.0 s | 48.0; CPU 72.0 s | <= 30 s | no |",
        "| no-change rebuild | 1.5 s | 1.5; CPU 2.2 s | <= 2 s | yes |",
        "| one-policy edit | 4.0 s | 4.0; CPU 6.0 s | <= 4 s | yes |",
        "| one-template edit | 9.2 s | 9.2; CPU 13.9 s |  |  |",
        "| policy check | 27.0 s | 27.0; CPU 40.5 s |  |  |",
        "| peak memory | 2.40 GB | 2.40 GB | <= 1.5 GB | no |",
        "| PDF stage vs WeasyPrint | 2.0x | ours 10.0 s, WeasyPrint path 20.0 s | >= 5x faster | no |",
        "| policy page HTML (max) | 150 KB | median 103 KB, 401 pages | <= 60 KB | no |",
        "| search index gzipped | 171 KB | raw 1.2 MB | <= 1 MB | yes |",
        "",
        "| stage | cold build |",
        "| --- | --- |",
        "| mkdocs | 9.50 s |",
        "| total | 50.00 s |",
    ]
