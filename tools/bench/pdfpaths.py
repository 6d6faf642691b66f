"""The two PDF paths the benchmark compares, each run in its own process and printing JSON.

``python -m tools.bench.pdfpaths ours --project DIR``: our path as the pipeline runs it today, in one
process: read every policy (``load_manual``: pandoc parses each body), then ``render_policy`` for each
published policy (typst PDF/UA-1, plus the page body). Both times are reported.

``python -m tools.bench.pdfpaths weasyprint --project DIR --out DIR``: the usual MkDocs PDF path, end
to end from the same Markdown files: pandoc -> standalone HTML, then WeasyPrint with
``pdf_variant="pdf/ua-1"`` and the project's own DejaVu fonts.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

PUBLISHED = re.compile(r"^status:\s*(adopted|retired)\s*$", re.MULTILINE)
PANDOC_TIMEOUT = 120
CSS = """
@font-face {{ font-family: "DejaVu Serif"; src: url("{fonts}/DejaVuSerif.ttf"); }}
@font-face {{ font-family: "DejaVu Serif"; font-weight: bold; src: url("{fonts}/DejaVuSerif-Bold.ttf"); }}
@font-face {{ font-family: "DejaVu Serif"; font-style: italic; src: url("{fonts}/DejaVuSerif-Italic.ttf"); }}
@page {{ size: letter; margin: 2.5cm; @bottom-center {{ content: "Page " counter(page) " of " counter(pages); }} }}
body {{ font-family: "DejaVu Serif"; font-size: 11pt; line-height: 1.4; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #999; padding: 2pt 4pt; }}
"""


def published_files(project: Path) -> list[Path]:
    """Policy files whose front matter says adopted or retired (what the build publishes)."""
    files = sorted((project / "source" / "policies").glob("*.md"))
    return [path for path in files if PUBLISHED.search(path.read_text(encoding="utf-8").split("\n---", 1)[0])]


def ours(project: Path) -> dict[str, float | int]:
    """Time our PDF path: parse every policy, then render each published one (page body + PDF)."""
    from build_scripts.paths.project import Project
    from build_scripts.render.context import RenderContext
    from build_scripts.render.policy import Layout, render_policy
    from build_scripts.source.project import load_manual

    start = time.perf_counter()
    manual = load_manual(Project.at(project))
    loaded = time.perf_counter()
    if manual.district is None:
        raise SystemExit(f"{project}: district.yml is not valid")
    layout = Layout.load(RenderContext(manual.district, Project.at(project), "", 1_700_000_000))
    rendered = [render_policy(policy, layout) for policy in manual.published]
    done = time.perf_counter()
    return {"policies": len(rendered), "load_seconds": loaded - start, "render_seconds": done - loaded}


def weasyprint(project: Path, out: Path) -> dict[str, float | int]:
    """Time pandoc (Markdown -> standalone HTML) and WeasyPrint (HTML -> PDF/UA-1) for each policy."""
    import pypandoc
    from weasyprint import CSS as Stylesheet
    from weasyprint import HTML

    from build_scripts.paths.project import Project

    out.mkdir(parents=True, exist_ok=True)
    stylesheet = Stylesheet(string=CSS.format(fonts=Project.at(project).fonts[-1].as_uri()))
    pandoc, pandoc_seconds, weasy_seconds, pages = str(pypandoc.get_pandoc_path()), 0.0, 0.0, 0
    files = published_files(project)
    for path in files:
        start = time.perf_counter()
        html = subprocess.run(
            [pandoc, "-f", "markdown", "-t", "html5", "-s", "--metadata", "lang=en", str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=PANDOC_TIMEOUT,
        ).stdout
        middle = time.perf_counter()
        document = HTML(string=html, base_url=str(path.parent)).render(stylesheets=[stylesheet])
        document.write_pdf(out / f"{path.stem}.pdf", pdf_variant="pdf/ua-1")
        pandoc_seconds += middle - start
        weasy_seconds += time.perf_counter() - middle
        pages += len(document.pages)
    return {
        "policies": len(files),
        "pages": pages,
        "pandoc_seconds": pandoc_seconds,
        "weasyprint_seconds": weasy_seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.pdfpaths", description=__doc__)
    parser.add_argument("path", choices=("ours", "weasyprint"))
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=None, help="where WeasyPrint writes its PDFs")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    result = ours(project) if args.path == "ours" else weasyprint(project, args.out or project / "weasyprint")
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
