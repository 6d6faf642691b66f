"""``policy check``, ``build``, ``serve``, ``redline``, ``ids`` and ``schema``: the manual as a whole."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..cache import ContentCache
from ..documents import DocumentSet
from ..errors import PolicyError, UsageError, ValidationFailed
from ..history.git_versions import read_history
from ..history.redline_render import find_version, render_redline, standalone_html
from ..history.versions import read_version, versions_of
from ..paths.project import Project
from ..pipeline import Mode, build, check, prepare
from ..pipeline.plan import output_folder
from ..progress import Progress
from ..render.context import RenderContext
from ..scaffold.schemas import write_schemas
from ..site.lastbuild import attempt, record_build
from ..site.serve import serve
from ..source.ids import write_ids
from ..source.project import load_manual
from ..source.source_date import midnight
from ..textfilters import counted
from .output import print_problems, warning_summary
from .registry import Command, iso_date, project_of


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def _check(args: argparse.Namespace) -> None:
    project = project_of(args)
    _manual, warnings = check(project, strict=args.strict, cache=ContentCache.for_project(project.root))
    print_problems(warnings, args.strict)
    print(f"policy check: no errors{warning_summary(warnings)}")


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: site/)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--preview", action="store_true", help="include drafts and readings, marked DRAFT, into preview/ (never site/)"
    )
    parser.add_argument(
        "--as-of",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="build the manual as in effect on that date (into as-of/DATE/ unless --out; never published)",
    )


def _build(args: argparse.Namespace) -> None:
    project = project_of(args)
    mode = Mode.AS_OF if args.as_of else Mode.PREVIEW if args.preview else Mode.SITE
    out = output_folder(project, args.out, mode, args.as_of)
    with recorded(project, out):
        result = build(
            project, args.out, strict=args.strict, as_of=args.as_of, progress=Progress.for_cli(), preview=args.preview
        )
        record_build(out, attempt(project.root, True, len(result.manifest.policies)))
    print_problems(result.warnings, strict=False)  # what --strict turns into errors failed already
    verb = "previewed (not for publishing) in" if args.preview else "published to"
    print(f"policy build: {counted(len(result.manifest.policies), 'policy')} {verb} {result.out}")


def _ids_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="the policy code, e.g. G-170")


def _ids(args: argparse.Namespace) -> None:
    project = project_of(args)
    path, count = write_ids(project, args.code)
    print(f"policy ids: wrote {counted(count, 'clause id')} into {project.display(path)}")


def _redline_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="the policy code, e.g. G-170")
    parser.add_argument("--from", dest="old", required=True, metavar="DATE|COMMIT", help="the older version")
    parser.add_argument("--to", dest="new", required=True, metavar="DATE|COMMIT", help="the newer version")
    parser.add_argument("--out", type=Path, default=None, help="FILE.html or FILE.pdf (default: HTML on stdout)")


def _redline(args: argparse.Namespace) -> None:
    project = project_of(args)
    code, out = args.code, args.out
    manual = load_manual(project)
    current = manual.policy(code)
    history = read_history(project.root)
    versions = versions_of(history, current.meta) if current and current.meta else history.of(code)
    if manual.district is None or not versions:
        raise UsageError(f"no versions of '{code}' in the git history (and district.yml must be valid)")
    before, after = find_version(versions, args.old), find_version(versions, args.new)
    old, new = (read_version(project, v)[0].lenient() for v in (before, after))
    if old is None or new is None:
        raise UsageError(f"the text of '{code}' of {before.date} or {after.date} cannot be read")
    context = RenderContext(manual.district, project, "", midnight(after.date))
    changes = render_redline((before, old), (after, new), context)
    title = f"Policy {code}: changes from {before.date} to {after.date}"
    if out is not None and out.suffix.lower() == ".pdf":
        out.write_bytes(changes.pdf)
    elif out is not None:
        out.write_text(standalone_html(changes, title, manual.district.language), encoding="utf-8")
    else:
        sys.stdout.write(standalone_html(changes, title, manual.district.language))
    if out is not None:
        print(f"policy redline: wrote {out}")


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")


def _serve(args: argparse.Namespace) -> None:
    project = project_of(args)
    preview = _Preview(project, project.preview_dir.resolve())
    serve(preview.full, preview.out, project.inputs(), args.port, quick=preview.quick)


@contextmanager
def recorded(project: Project, out: Path) -> Iterator[None]:
    """Record a build that fails beside ``out`` (for ``policy doctor``), then let the error go on."""
    try:
        yield
    except ValidationFailed as exc:
        strict = [p.render() for p in exc.problems if p.is_error]
        record_build(out, attempt(project.root, False, problems=strict or [p.render() for p in exc.problems]))
        raise
    except PolicyError as exc:
        record_build(out, attempt(project.root, False, problems=[f"error: {exc}"]))
        raise


@dataclass
class _Preview:
    """``policy serve``'s builds: full ones, and quick ones that take the last good build's documents."""

    project: Project
    out: Path
    documents: DocumentSet | None = None

    def full(self) -> list[str]:
        """Build the preview; the problems of a failed build as lines ([] when it built)."""
        try:
            with recorded(self.project, self.out):
                result = build(self.project, self.out, preview=True)
                record_build(self.out, attempt(self.project.root, True, len(result.manifest.policies)))
            # None: the published preview was reused (same inputs); its documents are the stage cache's
            self.documents = result.documents or self.documents or prepare(self.project).documents
        except ValidationFailed as exc:
            return [p.render() for p in exc.problems if p.is_error]
        except PolicyError as exc:
            return [f"error: {exc}"]
        return []

    def quick(self) -> bool:
        """The edited pages, with the documents of the last good build (stale until the full build)."""
        if self.documents is None:
            return False
        try:
            build(self.project, self.out, preview=True, stale=self.documents)
        except PolicyError:  # the full build that follows reports it
            return False
        return True


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("schemas"), help="output folder (default: schemas/)")


def _schema(args: argparse.Namespace) -> None:
    write_schemas(args.out)
    print(f"policy schema: wrote {args.out}")


COMMANDS = [
    Command("check", "validate every source file", _check_arguments, _check),
    Command("build", "build the site, PDFs and documents", _build_arguments, _build),
    Command("ids", "write clause ids into a policy that has none", _ids_arguments, _ids),
    Command("redline", "show what changed between two versions", _redline_arguments, _redline),
    Command("serve", "build the preview, serve it, rebuild on change", _serve_arguments, _serve),
    Command("schema", "write JSON Schemas of the source files", _schema_arguments, _schema),
]
