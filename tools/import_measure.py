"""Import the sample manual into a new district's project and measure what came out.

    .venv/bin/python -m tools.import_measure [N] [--keep DIR]

Writes N policies of ``tools/sample_manual.py`` (default 40) as PDFs and Word files, makes a fresh project
from this repository (``mkdocs.yml``, ``source/district.yml``, ``source/citations.yml``, ``templates/``, no
policies), runs `policy import` on them, then counts: titles right, files losing a word (refused by the
import, or missing a word of the truth), references right, then runs `policy check` and `policy build`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from build_scripts.errors import ValidationFailed
from build_scripts.importer.run import ImportReport, import_files
from build_scripts.paths.project import Project
from build_scripts.pipeline import build, check
from build_scripts.scaffold.init import MASC_SECTIONS, Settings, init_project
from build_scripts.source.clauses import Section
from build_scripts.source.locate import words
from build_scripts.source.models import CODE_PATTERN, CodeScheme
from build_scripts.source.policies import PolicyFile, read_policy
from tools.sample_manual import Policy, sample_manual, write_manual

REPO = Path(__file__).resolve().parent.parent
FIXED_EPOCH = "1700000000"


@dataclass
class Figures:
    files: int = 0
    imported: int = 0
    titles_right: int = 0
    wrong_titles: list[str] = field(default_factory=list)  # 'file: expected | got'
    losing_words: list[str] = field(default_factory=list)  # 'file: why'
    wrong_refs: list[str] = field(default_factory=list)
    check_errors: list[str] = field(default_factory=list)
    built_pages: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[str]:
        share = 100 * self.titles_right / self.files if self.files else 0.0
        times = ", ".join(f"{stage} {value:.1f} s" for stage, value in self.seconds.items())
        return [
            f"files: {self.files}, imported: {self.imported}",
            f"titles right: {self.titles_right}/{self.files} ({share:.0f}%)",
            f"files losing a word: {len(self.losing_words)}",
            f"references wrong: {len(self.wrong_refs)}",
            f"policy check: {'passes' if not self.check_errors else f'{len(self.check_errors)} error(s)'}",
            f"policy build: {'succeeds' if self.built_pages else 'not run'}, {self.built_pages} policy page(s)",
            f"time: {times}",
            *(f"  wrong title: {line}" for line in self.wrong_titles),
            *(f"  losing words: {line}" for line in self.losing_words),
            *(f"  wrong references: {line}" for line in self.wrong_refs),
            *(f"  check: {line}" for line in self.check_errors),
        ]


def fresh_project(target: Path) -> Path:
    """A new district's project as ``policy init`` writes it (numbered codes, letters and forms that quote
    no policy), its district.yml declaring the MASC sections too: the sample manual mixes both kinds."""
    settings = Settings(name="Riverton Public Schools", time_zone="America/Denver", scheme=CodeScheme.NUMERIC)
    init_project(target, settings)
    district_file = target / "source" / "district.yml"
    district = yaml.safe_load(district_file.read_text(encoding="utf-8"))
    district["sections"].update({key: title.format(body=settings.body) for key, title in MASC_SECTIONS})
    district_file.write_text(yaml.safe_dump(district, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for example in (target / "source" / "policies").glob("*.md"):
        example.unlink()  # the example draft: the manual brings its own
    return target


def measure(count: int, folder: Path, *, only: list[str] | None = None, build_site: bool = True) -> Figures:
    """Write the sample (``count`` policies, or the ``only`` codes), import it into a fresh project in
    ``folder``, and count what came out."""
    figures = Figures(seconds={})
    started = time.perf_counter()
    policies = sample_manual(count, only=only)
    files = write_manual(policies, folder / "inbox")
    root = fresh_project(folder / "project")
    figures.seconds["inputs"] = time.perf_counter() - started
    started = time.perf_counter()
    report = import_files(root, files)
    figures.seconds["import"] = time.perf_counter() - started
    _compare(policies, files, report, root, figures)
    project = Project.at(root)
    started = time.perf_counter()
    try:
        check(project)
    except ValidationFailed as exc:
        figures.check_errors = [p.render() for p in exc.problems if p.is_error]
    figures.seconds["check"] = time.perf_counter() - started
    if build_site and not figures.check_errors:
        started = time.perf_counter()
        result = build(project, folder / "site", environ={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
        figures.built_pages = len(result.manifest.policies)
        figures.seconds["build"] = time.perf_counter() - started
    return figures


def _compare(policies: list[Policy], files: list[Path], report: ImportReport, root: Path, figures: Figures) -> None:
    figures.files = len(policies)
    refused = {p.path: p.message for p in report.problems if p.is_error}
    for policy, path in zip(policies, files, strict=True):
        target = root / "source" / "policies" / f"{policy.code}.md"
        if not target.exists():
            figures.losing_words.append(f"{path.name}: not imported ({refused.get(str(path), 'no error')})")
            continue
        figures.imported += 1
        imported = read_policy(target, f"source/policies/{policy.code}.md")
        title = imported.meta.title if imported.meta else ""
        if title == policy.title:
            figures.titles_right += 1
        else:
            figures.wrong_titles.append(f"{path.name}: {policy.title!r} | {title!r}")
        missing = _missing_words(policy, imported)
        if missing:
            figures.losing_words.append(f"{path.name}: {' '.join(missing[:8])}")
        wrong = _wrong_refs(policy, imported)
        if wrong:
            figures.wrong_refs.append(f"{path.name}: {wrong}")


def _missing_words(policy: Policy, imported: PolicyFile) -> list[str]:
    """Words of the truth's body not found, in order, in the imported body."""
    found: list[str] = []
    for event in imported.scan.events if imported.scan else []:
        found += words(event.title if isinstance(event, Section) else event.text)
    position, missing = 0, []
    for word in words(policy.body_words()):
        try:
            position = found.index(word, position) + 1
        except ValueError:
            missing.append(word)
    return missing


def _wrong_refs(policy: Policy, imported: PolicyFile) -> str:
    meta = imported.meta
    if meta is None:
        return "no front matter"
    # a code the manual has is linked; any other reference is text ('Policy CODE' for a bare code)
    expected = [code or (f"Policy {text}" if CODE_PATTERN.match(text) else text) for text, code in policy.cross_refs]
    if meta.legal_refs != policy.legal_refs:
        return f"legal_refs {meta.legal_refs} != {policy.legal_refs}"
    return "" if meta.cross_refs == expected else f"cross_refs {meta.cross_refs} != {expected}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.import_measure", description=__doc__.split("\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (inputs, project, site)")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="import-measure-"))
    try:
        figures = measure(args.count, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print("\n".join(figures.lines()))
    good = not (figures.losing_words or figures.check_errors) and figures.built_pages == figures.files
    return 0 if good and figures.titles_right * 100 >= figures.files * 95 else 1


if __name__ == "__main__":
    sys.exit(main())
