"""Turn measured runs into the benchmark's JSON and its table (sizes in decimal KB, MB, GB)."""

from __future__ import annotations

import gzip
import statistics
from pathlib import Path
from typing import Any

from .measure import Run

# Targets from issue 8 for the 400-policy benchmark on a 2-core machine.
TARGETS = {
    "cold_build": 30.0,
    "no_change_rebuild": 2.0,
    "one_policy_edit": 4.0,
    "peak_memory_bytes": 1.5e9,
    "pdf_speedup": 5.0,
    "page_max_bytes": 60e3,
    "search_index_gzip_bytes": 1e6,
}
LABELS = {
    "cold_build": "cold build",
    "no_change_rebuild": "no-change rebuild",
    "one_policy_edit": "one-policy edit",
    "one_template_edit": "one-template edit",
    "check": "policy check",
}
# The stage the build's timing lines would call its policy-PDF stage (POLICY_TIMINGS=1).
PDF_STAGE = "policies"  # pipeline.build(): every policy's page body and PDF


def summarise_runs(runs: list[Run]) -> dict[str, Any]:
    """Median and every run of one scenario: seconds, peak memory, stage timings."""
    stages = list(dict.fromkeys(stage for run in runs for stage in run.timings))
    return {
        "median_seconds": statistics.median(r.seconds for r in runs),
        "seconds": [r.seconds for r in runs],
        "median_cpu_seconds": statistics.median(r.cpu_seconds for r in runs),
        "cpu_seconds": [r.cpu_seconds for r in runs],
        "peak_rss_bytes": [r.peak_rss_bytes for r in runs],
        "max_single_rss_bytes": [r.max_single_rss_bytes for r in runs],
        "published": [r.published for r in runs],
        "stages": {s: statistics.median(r.timings.get(s, 0.0) for r in runs) for s in stages},
    }


def peak_memory(results: dict[str, list[Run]]) -> dict[str, Any]:
    """Per run, the largest peak of any scenario; their median."""
    count = len(next(iter(results.values())))
    per_run = [max(runs[i].peak_rss_bytes for runs in results.values()) for i in range(count)]
    return {"median_bytes": statistics.median(per_run), "runs": per_run}


def pdf_comparison(ours: dict[str, float | int], weasy: dict[str, float | int], cold: dict[str, Any]) -> dict[str, Any]:
    """Our policy-PDF stage against pandoc HTML + WeasyPrint; the build's own stage when it reports one."""
    stage = cold["stages"].get(PDF_STAGE)
    our_seconds = float(stage) if stage is not None else float(ours["render_seconds"])
    weasy_seconds = float(weasy["pandoc_seconds"]) + float(weasy["weasyprint_seconds"])
    return {
        "ours": ours,
        "ours_source": f"build timing '{PDF_STAGE}'" if stage is not None else "render_policy in one process",
        "ours_seconds": our_seconds,
        "weasyprint": weasy,
        "weasyprint_seconds": weasy_seconds,
        "speedup": weasy_seconds / our_seconds if our_seconds else None,
    }


def site_weight(site: Path) -> dict[str, Any]:
    """HTML bytes of policy pages (``policies/*/index.html``) and the search index, raw and gzipped."""
    sizes = sorted(p.stat().st_size for p in site.glob("policies/*/index.html"))
    index = site / "search" / "search_index.json"
    data = index.read_bytes() if index.is_file() else b""
    return {
        "policy_pages": len(sizes),
        "page_median_bytes": statistics.median(sizes) if sizes else None,
        "page_max_bytes": max(sizes) if sizes else None,
        "search_index_bytes": len(data),
        "search_index_gzip_bytes": len(gzip.compress(data, compresslevel=6, mtime=0)),
    }


def _met(value: float | None, target: float, *, at_least: bool = False) -> str:
    if value is None:
        return "n/a"
    return "yes" if (value >= target if at_least else value <= target) else "no"


def _size(value: float | None) -> str:
    if value is None:
        return "n/a"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if value >= scale:
            digits = {"GB": 2, "MB": 1, "KB": 0}[unit]
            return f"{value / scale:.{digits}f} {unit}"
    return f"{value:.0f} B"


def table_rows(summary: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(measure, median, runs, target, met) for every row of the table; scenarios show their median CPU time."""
    rows = []
    for name, label in LABELS.items():
        item = summary["scenarios"][name]
        runs = ", ".join(f"{s:.1f}" for s in item["seconds"]) + f"; CPU {item['median_cpu_seconds']:.1f} s"
        target = TARGETS.get(name)
        met = _met(item["median_seconds"], target) if target else ""
        rows.append((label, f"{item['median_seconds']:.1f} s", runs, f"<= {target:.0f} s" if target else "", met))
    memory = summary["peak_memory"]
    limit = TARGETS["peak_memory_bytes"]
    runs = ", ".join(_size(b) for b in memory["runs"])
    rows.append(("peak memory", _size(memory["median_bytes"]), runs, "<= 1.5 GB", _met(memory["median_bytes"], limit)))
    rows.append(_pdf_row(summary["pdf"]))
    rows += _site_rows(summary["site"])
    return rows


def _pdf_row(pdf: dict[str, Any]) -> tuple[str, str, str, str, str]:
    speedup = pdf["speedup"]
    detail = f"ours {pdf['ours_seconds']:.1f} s, WeasyPrint path {pdf['weasyprint_seconds']:.1f} s"
    shown = f"{speedup:.1f}x" if speedup is not None else "n/a"
    return (
        "PDF stage vs WeasyPrint",
        shown,
        detail,
        ">= 5x faster",
        _met(speedup, TARGETS["pdf_speedup"], at_least=True),
    )


def _site_rows(site: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    page = f"median {_size(site['page_median_bytes'])}, {site['policy_pages']} pages"
    gz = site["search_index_gzip_bytes"]
    return [
        ("policy page HTML (max)", _size(site["page_max_bytes"]), page, "<= 60 KB", _met(site["page_max_bytes"], 60e3)),
        ("search index gzipped", _size(gz), f"raw {_size(site['search_index_bytes'])}", "<= 1 MB", _met(gz, 1e6)),
    ]


def render_table(summary: dict[str, Any]) -> str:
    """A Markdown table (readable on a terminal, pasteable into the README), then stage timings."""
    header = ("measure", "median", "runs", "target", "met")
    lines = [_row(header), _row(tuple("---" for _ in header))]
    lines += [_row(row) for row in table_rows(summary)]
    stages = stage_table(summary)
    return "\n".join(lines) + ("\n\n" + stages if stages else "")


def stage_table(summary: dict[str, Any]) -> str:
    """Median seconds per stage and scenario, from the ``timing:`` lines of each build."""
    source = summary["scenarios"]
    builds = [n for n in LABELS if n in source and source[n]["stages"]]
    stages = list(dict.fromkeys(s for n in builds for s in source[n]["stages"]))
    if not stages:
        return ""
    lines = [_row(("stage", *(LABELS[n] for n in builds))), _row(tuple("---" for _ in range(len(builds) + 1)))]
    for stage in stages:
        cells = [f"{source[n]['stages'].get(stage, 0.0):.2f} s" for n in builds]
        lines.append(_row((stage, *cells)))
    return "\n".join(lines)


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"
