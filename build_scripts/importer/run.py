"""Import many files: convert them in a ``spawn`` process pool, then write what may be written."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, UsageError, error, warning
from ..paths.project import POLICIES
from .convert import Outcome, convert
from .crossrefs import unlink_unknown
from .mapped import KeyMap, load_key_map
from .readers import READERS
from .state import ImportState

SUFFIXES = {*READERS, ".md", ".markdown"}
Progress = Callable[[int, int, str], None]


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # target -> text, for --dry-run


def gather(paths: list[Path]) -> list[Path]:
    """The files named, and the importable files inside each folder named (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not files:
        raise UsageError("no files to import (known kinds: " + ", ".join(sorted(SUFFIXES)) + ")")
    return files


def import_files(
    root: Path,
    paths: list[Path],
    *,
    dry_run: bool = False,
    force: bool = False,
    key_map_path: Path | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``paths`` into the project at ``root``; every problem is in the report, nothing is raised for one file."""
    files = gather(paths)
    key_map = load_key_map(key_map_path) if key_map_path else None
    outcomes = list(_convert_all(files, root, key_map, progress))
    report = ImportReport()
    accepted = _accept(outcomes, report)
    known = {path.stem for path in (root / POLICIES).glob("*.md")} | {Path(o.target).stem for o in accepted}
    state = ImportState.load(root)
    for outcome in accepted:
        text, notes = unlink_unknown(outcome.target, outcome.text, outcome.cross_refs, known)
        _place(root, outcome.target, text, outcome.source, state, report, dry_run=dry_run, force=force)
        if outcome.target in report.texts:  # warnings about a file that was not written would mislead
            report.problems += notes
    if report.written and not dry_run:
        state.save()
    return report


@dataclass(frozen=True)
class Accepted:
    """A file's import that may be placed: its target and text."""

    source: str
    target: str
    text: str
    cross_refs: list[tuple[str, str]]


def _accept(outcomes: list[Outcome], report: ImportReport) -> list[Accepted]:
    """The outcomes with a text, one per target; the others are failures in ``report``."""
    owners: dict[str, str] = {}
    accepted: list[Accepted] = []
    for outcome in outcomes:
        report.problems += outcome.problems
        if outcome.target is None or outcome.text is None:
            report.failed.append(outcome.source)
            continue
        if outcome.target in owners:
            message = f"cannot import: {outcome.target} comes from {owners[outcome.target]} already (same code)"
            report.problems.append(error(outcome.source, 1, message, kind="import"))
            report.failed.append(outcome.source)
            continue
        owners[outcome.target] = outcome.source
        accepted.append(Accepted(outcome.source, outcome.target, outcome.text, outcome.cross_refs))
    return accepted


def _place(
    root: Path,
    target: str,
    text: str,
    source: str,
    state: ImportState,
    report: ImportReport,
    *,
    dry_run: bool,
    force: bool,
) -> None:
    path = root / target
    if path.exists() and path.read_text(encoding="utf-8", errors="replace") == text:
        report.unchanged.append(target)
        return
    reason = None if force else state.why_left_alone(path, target)
    if reason:
        report.problems.append(
            warning(target, 1, f"{reason}; left alone (import it with --force to replace it)", kind="import")
        )
        report.left_alone.append(target)
        return
    report.texts[target] = text
    report.written.append(target)
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        state.record(target, text, source)


def _convert_all(files: list[Path], root: Path, key_map: KeyMap | None, progress: Progress | None) -> Iterator[Outcome]:
    """Outcomes in the order of ``files``; two or more files use a pool of worker processes."""
    displays = [_display(path) for path in files]
    if len(files) == 1:
        yield convert(files[0], displays[0], root, key_map)
        if progress:
            progress(1, 1, displays[0])
        return
    workers = min(os.cpu_count() or 1, len(files))
    context = multiprocessing.get_context("spawn")  # fork hangs once typst ran in the parent (FACTS.md)
    results: dict[int, Outcome] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future[Outcome], int] = {
            pool.submit(convert, path, display, root, key_map): index
            for index, (path, display) in enumerate(zip(files, displays, strict=True))
        }
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = _result(future, displays[futures[future]])
            if progress:
                progress(done, len(files), displays[futures[future]])
    yield from (results[index] for index in range(len(files)))


def _result(future: Future[Outcome], display: str) -> Outcome:
    """A worker's outcome; a worker that died is that file's error, not the end of the import."""
    try:
        return future.result()
    except Exception as exc:
        return Outcome(
            display, problems=[error(display, 1, f"cannot import: {exc.__class__.__name__}: {exc}", kind="import")]
        )


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
