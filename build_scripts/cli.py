"""The ``policy`` command. The only place that turns errors into messages and exit codes."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from .ack.commands import add_ack_parser
from .cache import ContentCache
from .documents import DocumentSet
from .documents.catalog_tasks import approve, update_catalogs
from .documents.reprint import reprint_lines
from .documents.spec import DocumentSpec
from .documents.status import document_status_lines
from .documents.tripform import TripDetails, write_trip_form
from .errors import PolicyError, Problem, ToolError, UsageError, ValidationFailed
from .history.git_versions import read_history
from .history.packet import write_packet
from .history.redline_render import find_version, render_redline, standalone_html
from .history.versions import read_version, versions_of
from .importer.progress import ProgressLine
from .importer.run import import_files
from .pipeline import build, check, prepare
from .progress import Progress
from .render.context import RenderContext
from .site.serve import serve
from .source.citations import CitationRules
from .source.ids import write_ids
from .source.lifecycle import new_policy, rename_policy, retire_policy
from .source.models import District, PolicyMeta
from .source.project import Manual, Project, load_manual
from .source.source_date import current_environ, midnight, resolve_source_date
from .source.status import due_lines, status_lines


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=None, help="the project folder (default: current folder)")
    parser = argparse.ArgumentParser(prog="policy", description="Build and check a school district's policy manual.")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", parents=[common], help="validate every source file")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd = commands.add_parser("build", parents=[common], help="build the site, PDFs and documents")
    build_cmd.add_argument("--out", type=Path, default=None, help="output folder (default: site/)")
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.add_argument(
        "--preview", action="store_true", help="include drafts and readings, marked DRAFT, into preview/ (never site/)"
    )
    build_cmd.add_argument(
        "--as-of",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="build the manual as in effect on that date (into as-of/DATE/ unless --out; never published)",
    )
    ids_cmd = commands.add_parser("ids", parents=[common], help="write clause ids into a policy that has none")
    ids_cmd.add_argument("code", help="the policy code, e.g. G-170")
    redline_cmd = commands.add_parser("redline", parents=[common], help="show what changed between two versions")
    redline_cmd.add_argument("code", help="the policy code, e.g. G-170")
    redline_cmd.add_argument("--from", dest="old", required=True, metavar="DATE|COMMIT", help="the older version")
    redline_cmd.add_argument("--to", dest="new", required=True, metavar="DATE|COMMIT", help="the newer version")
    redline_cmd.add_argument("--out", type=Path, default=None, help="FILE.html or FILE.pdf (default: HTML on stdout)")
    trip_help = "fill one trip's cell phone disclosure form (written to private/, never to the site)"
    trip_cmd = commands.add_parser("trip-form", parents=[common], help=trip_help)
    trip_cmd.add_argument("--school", required=True, help="the school id, e.g. algonquin")
    trip_cmd.add_argument("--trip", required=True, help="the trip's name")
    trip_cmd.add_argument("--destination", required=True, help="where the trip goes")
    trip_cmd.add_argument("--dates", required=True, help="when, e.g. 'May 4-6, 2027'")
    trip_cmd.add_argument("--leader", required=True, help="the trip leader's name")
    trip_cmd.add_argument("--cell", required=True, help="the trip leader's cell phone number")
    trip_cmd.add_argument("--out", type=Path, default=None, help="output folder (default: private/, git-ignored)")
    trip_cmd.add_argument("--lang", default=None, help="the form's language, e.g. es or pt (default: the district's)")
    import_cmd = commands.add_parser(
        "import", parents=[common], help="turn PDF, DOCX, HTML, text or Markdown files into policies"
    )
    import_cmd.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files, or folders of files")
    import_cmd.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")
    import_cmd.add_argument("--force", action="store_true", help="replace policy files edited since their import")
    import_cmd.add_argument("--map", type=Path, default=None, metavar="MAP.yml", help="their front-matter keys -> ours")
    new_cmd = commands.add_parser("new", parents=[common], help="start a new policy as a draft")
    new_cmd.add_argument("code", help="the new policy's code, e.g. JICFB")
    new_cmd.add_argument("title", help="the policy's title")
    new_cmd.add_argument("--section", default=None, help="the section letter (default: the code's first letter)")
    retire_cmd = commands.add_parser("retire", parents=[common], help="retire an adopted policy")
    retire_cmd.add_argument("code", help="the policy code")
    retire_cmd.add_argument("--date", type=_iso_date, required=True, metavar="YYYY-MM-DD", help="retirement date")
    rename_cmd = commands.add_parser("rename", parents=[common], help="give a policy a new code")
    rename_cmd.add_argument("old", help="the current code")
    rename_cmd.add_argument("new", help="the new code")
    status_cmd = commands.add_parser("status", parents=[common], help="drafts at each reading; reviews due")
    status_cmd.add_argument("--due", action="store_true", help="list policies due for review, overdue first")
    packet_cmd = commands.add_parser("packet", parents=[common], help="the committee's packet of changes since REF")
    packet_cmd.add_argument("--base", required=True, metavar="REF", help="the git ref to compare with, e.g. main")
    packet_cmd.add_argument("--out", type=Path, default=None, help="FILE.pdf or FILE.html (default: packets/)")
    serve_cmd = commands.add_parser("serve", parents=[common], help="build the preview, serve it, rebuild on change")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    translations_help = "merge today's English into source/translations/<lang>.po (by id; translations kept)"
    commands.add_parser("translations", parents=[common], help=translations_help)
    approve_cmd = commands.add_parser("approve", parents=[common], help="record a person's review of a document")
    approve_cmd.add_argument("document", help="the document id, e.g. parent-letter")
    approve_cmd.add_argument("--lang", default=None, help="approve its translation into this language (e.g. es)")
    approve_cmd.add_argument("--by", required=True, help="the name of the person who reviewed it")
    reprint_cmd = commands.add_parser("reprint", parents=[common], help="list printed documents changed since COMMIT")
    reprint_cmd.add_argument("--since", required=True, metavar="COMMIT", help="the commit the printed copies came from")
    schema_cmd = commands.add_parser("schema", parents=[common], help="write JSON Schemas of the source files")
    schema_cmd.add_argument("--out", type=Path, default=Path("schemas"), help="output folder (default: schemas/)")
    add_ack_parser(commands, common, _iso_date)
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write YYYY-MM-DD)") from None


def _print_problems(problems: list[Problem], strict: bool) -> None:
    for problem in sorted(problems):
        print(problem.render(strict=strict), file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.command == "schema":
        return _write_schemas(args.out)
    if args.command == "ack":
        return _ack(args)
    project = Project.at(args.project or Path.cwd())
    if args.command == "check":
        _manual, warnings = check(project, strict=args.strict, cache=ContentCache.for_project(project.root))
        _print_problems(warnings, args.strict)
        print(f"policy check: no errors ({len(warnings)} warning(s))")
    elif args.command == "build":
        result = build(
            project, args.out, strict=args.strict, as_of=args.as_of, progress=Progress.for_cli(), preview=args.preview
        )
        _print_problems(result.warnings, strict=False)  # what --strict turns into errors failed already
        verb = "previewed (not for publishing) in" if args.preview else "published to"
        print(f"policy build: {len(result.manifest.policies)} policies {verb} {result.out}")
    elif args.command == "redline":
        _write_redline(project, args.code, args.old, args.new, args.out)
    elif args.command == "trip-form":
        path = _trip_form(project, args)
        print(f"policy trip-form: wrote {project.display(path)} (private: do not publish)")
    elif args.command == "import":
        return _import(project, args)
    elif args.command in LIFECYCLE:
        LIFECYCLE[args.command](project, args)
    elif args.command == "ids":
        path, count = write_ids(project, args.code)
        print(f"policy ids: wrote {count} clause ids into {project.display(path)}")
    return 0


def _ack(args: argparse.Namespace) -> int:
    """``policy ack ...``: Django is imported here only, so no other command ever loads it."""
    from .ack.run import run

    for line in run(args, (args.project or Path.cwd()).resolve()):
        print(line)
    return 0


def _new(project: Project, args: argparse.Namespace) -> None:
    path = new_policy(project, args.code, args.title, args.section)
    print(f"policy new: wrote {project.display(path)} (status: draft); edit it, then run 'policy check'")


def _retire(project: Project, args: argparse.Namespace) -> None:
    path = retire_policy(project, args.code, args.date)
    print(f"policy retire: {args.code} is retired as of {args.date} ({project.display(path)})")


def _rename(project: Project, args: argparse.Namespace) -> None:
    renamed = rename_policy(project, args.old, args.new)
    how = "git mv" if renamed.moved_with_git else "moved"
    print(f"policy rename: {args.old} is now {args.new} ({how} to {renamed.path}; old pages redirect)")
    for path in renamed.updated:
        print(f"  updated {path}")


def _status(project: Project, args: argparse.Namespace) -> None:
    checked = prepare(project)
    today = date.today()
    lines = due_lines(checked.manual, today) if args.due else status_lines(checked.manual, today)
    if not args.due:
        lines += document_status_lines(checked.documents, checked.district.language)
    for line in lines:
        print(line)


def _packet(project: Project, args: argparse.Namespace) -> None:
    path, count = write_packet(project, args.base, args.out)
    print(f"policy packet: {count} changed policies since {args.base}; wrote {project.display(path)}")


def _serve(project: Project, args: argparse.Namespace) -> None:
    preview = _Preview(project, (project.root / "preview").resolve())
    watched = [project.root / "source", project.templates, project.mkdocs_yml]
    serve(preview.full, preview.out, watched, args.port, quick=preview.quick)


@dataclass
class _Preview:
    """``policy serve``'s builds: full ones, and quick ones that take the last good build's documents."""

    project: Project
    out: Path
    documents: DocumentSet | None = None

    def full(self) -> list[str]:
        """Build the preview; the problems of a failed build as lines ([] when it built)."""
        try:
            result = build(self.project, self.out, preview=True)
            # None: the published preview was reused (same inputs); its documents are the stage cache's
            self.documents = result.documents or self.documents or prepare(self.project, preview=True).documents
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


def _valid_manual(project: Project) -> Manual:
    manual = load_manual(project)
    if manual.district is None or any(p.is_error for p in manual.problems):
        raise ValidationFailed(manual.problems)
    return manual


def _translations(project: Project, args: argparse.Namespace) -> None:
    for line in update_catalogs(project, _valid_manual(project)):
        print(line)


def _approve(project: Project, args: argparse.Namespace) -> None:
    print(approve(project, _valid_manual(project), args.document, args.lang, args.by, date.today()))


def _reprint(project: Project, args: argparse.Namespace) -> None:
    for line in reprint_lines(project, args.since):
        print(line)


LIFECYCLE: dict[str, Callable[[Project, argparse.Namespace], None]] = {
    "translations": _translations,
    "approve": _approve,
    "reprint": _reprint,
    "new": _new,
    "retire": _retire,
    "rename": _rename,
    "status": _status,
    "packet": _packet,
    "serve": _serve,
}


def _write_redline(project: Project, code: str, old: str, new: str, out: Path | None) -> None:
    manual = load_manual(project)
    current = manual.policy(code)
    history = read_history(project.root)
    versions = versions_of(history, current.meta) if current and current.meta else history.of(code)
    if manual.district is None or not versions:
        raise UsageError(f"no versions of '{code}' in the git history (and district.yml must be valid)")
    before, after = find_version(versions, old), find_version(versions, new)
    parsed = [read_version(project, v)[0] for v in (before, after)]
    context = RenderContext(manual.district, project.templates, "", midnight(after.date))
    changes = render_redline((before, parsed[0]), (after, parsed[1]), context)
    title = f"Policy {code}: changes from {before.date} to {after.date}"
    if out is not None and out.suffix.lower() == ".pdf":
        out.write_bytes(changes.pdf)
    elif out is not None:
        out.write_text(standalone_html(changes, title, manual.district.language), encoding="utf-8")
    else:
        sys.stdout.write(standalone_html(changes, title, manual.district.language))
    if out is not None:
        print(f"policy redline: wrote {out}")


def _trip_form(project: Project, args: argparse.Namespace) -> Path:
    manual, _warnings = check(project)
    assert manual.district is not None
    stamp, _notes = resolve_source_date(project.root, current_environ(), None, "source/policies")
    details = TripDetails(args.trip, args.destination, args.dates, args.leader, args.cell)
    return write_trip_form(project, manual, args.school, details, stamp, args.out, args.lang)


def _import(project: Project, args: argparse.Namespace) -> int:
    report = import_files(
        project.root,
        args.paths,
        dry_run=args.dry_run,
        force=args.force,
        key_map_path=args.map,
        progress=ProgressLine(sys.stderr),
    )
    _print_problems(report.problems, strict=False)
    for target, text in report.texts.items() if args.dry_run else ():
        print(f"==> {target} (would be written)\n{text}")
    verb = "would write" if args.dry_run else "wrote"
    print(
        f"policy import: {verb} {len(report.written)} file(s), {len(report.unchanged)} unchanged, "
        f"{len(report.left_alone)} left alone, {len(report.failed)} failed"
    )
    return 1 if report.failed else 0


def _write_schemas(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, model in SCHEMAS:
        schema = json.dumps(model.model_json_schema(), indent=2, sort_keys=True)
        (out / f"{name}.schema.json").write_text(schema + "\n", encoding="utf-8")
    print(f"policy schema: wrote {out}")
    return 0


SCHEMAS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("policy-front-matter", PolicyMeta),
    ("district", District),
    ("citations", CitationRules),
    ("document-spec", DocumentSpec),
)


GC_THRESHOLD = (50_000, 20, 20)  # Python's default (700, 10, 10) spent 13% of a one-policy rebuild in GC


def main(argv: list[str] | None = None) -> int:
    gc.set_threshold(*GC_THRESHOLD)  # a build holds millions of AST nodes that live until it ends
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    try:
        return _run(args)
    except ValidationFailed as exc:
        _print_problems(exc.problems, getattr(args, "strict", False))
        errors = sum(1 for p in exc.problems if p.is_error or getattr(args, "strict", False))
        suffix = "; nothing was built" if args.command == "build" else ""
        print(f"policy {args.command}: {errors} error(s){suffix}", file=sys.stderr)
        return 1
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except PolicyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
