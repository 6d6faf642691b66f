"""The policy office's everyday commands: a policy's life (new, retire, rename), where things stand
(status), the committee's packet, translations and approvals, reprints, and importing a manual."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..documents.catalog_tasks import approve, update_catalogs
from ..documents.reprint import reprint_lines
from ..documents.status import document_status_lines
from ..errors import ValidationFailed
from ..history.packet import write_packet
from ..importer.progress import ProgressLine
from ..importer.run import import_files
from ..paths.project import Project
from ..pipeline import prepare
from ..source.lifecycle import new_policy, rename_policy, retire_policy
from ..source.project import Manual, load_manual
from ..source.status import due_lines, status_lines
from .output import print_problems
from .registry import Command, iso_date, no_arguments, project_of


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="the new policy's code, e.g. JICFB")
    parser.add_argument("title", help="the policy's title")
    parser.add_argument("--section", default=None, help="the section letter (default: the code's first letter)")


def _new(args: argparse.Namespace) -> None:
    project = project_of(args)
    path = new_policy(project, args.code, args.title, args.section)
    print(f"policy new: wrote {project.display(path)} (status: draft); edit it, then run 'policy check'")


def _retire_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="the policy code")
    parser.add_argument("--date", type=iso_date, required=True, metavar="YYYY-MM-DD", help="retirement date")


def _retire(args: argparse.Namespace) -> None:
    project = project_of(args)
    path = retire_policy(project, args.code, args.date)
    print(f"policy retire: {args.code} is retired as of {args.date} ({project.display(path)})")


def _rename_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", help="the current code")
    parser.add_argument("new", help="the new code")


def _rename(args: argparse.Namespace) -> None:
    renamed = rename_policy(project_of(args), args.old, args.new)
    how = "git mv" if renamed.moved_with_git else "moved"
    print(f"policy rename: {args.old} is now {args.new} ({how} to {renamed.path}; old pages redirect)")
    for path in renamed.updated:
        print(f"  updated {path}")


def _status_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--due", action="store_true", help="list policies due for review, overdue first")


def _status(args: argparse.Namespace) -> None:
    checked = prepare(project_of(args))
    today = date.today()
    lines = due_lines(checked.manual, today) if args.due else status_lines(checked.manual, today)
    if not args.due:
        lines += document_status_lines(checked.documents, checked.district.language)
    for line in lines:
        print(line)


def _packet_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, metavar="REF", help="the git ref to compare with, e.g. main")
    parser.add_argument("--out", type=Path, default=None, help="FILE.pdf or FILE.html (default: packets/)")


def _packet(args: argparse.Namespace) -> None:
    project = project_of(args)
    path, count = write_packet(project, args.base, args.out)
    print(f"policy packet: {count} changed policies since {args.base}; wrote {project.display(path)}")


def _valid_manual(project: Project) -> Manual:
    manual = load_manual(project)
    if manual.district is None or any(p.is_error for p in manual.problems):
        raise ValidationFailed(manual.problems)
    return manual


def _translations(args: argparse.Namespace) -> None:
    project = project_of(args)
    for line in update_catalogs(project, _valid_manual(project)):
        print(line)


def _approve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("document", help="the document id, e.g. parent-letter")
    parser.add_argument("--lang", default=None, help="approve its translation into this language (e.g. es)")
    parser.add_argument("--by", required=True, help="the name of the person who reviewed it")


def _approve(args: argparse.Namespace) -> None:
    project = project_of(args)
    print(approve(project, _valid_manual(project), args.document, args.lang, args.by, date.today()))


def _reprint_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", required=True, metavar="COMMIT", help="the commit the printed copies came from")


def _reprint(args: argparse.Namespace) -> None:
    for line in reprint_lines(project_of(args), args.since):
        print(line)


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files, or folders of files")
    parser.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")
    parser.add_argument("--force", action="store_true", help="replace policy files edited since their import")
    parser.add_argument("--map", type=Path, default=None, metavar="MAP.yml", help="their front-matter keys -> ours")


def _import(args: argparse.Namespace) -> int:
    project = project_of(args)
    report = import_files(
        project.root,
        args.paths,
        dry_run=args.dry_run,
        force=args.force,
        key_map_path=args.map,
        progress=ProgressLine(sys.stderr),
    )
    print_problems(report.problems, strict=False)
    for target, text in report.texts.items() if args.dry_run else ():
        print(f"==> {target} (would be written)\n{text}")
    verb = "would write" if args.dry_run else "wrote"
    print(
        f"policy import: {verb} {len(report.written)} file(s), {len(report.unchanged)} unchanged, "
        f"{len(report.left_alone)} left alone, {len(report.failed)} failed"
    )
    return 1 if report.failed else 0


COMMANDS = [
    Command("new", "start a new policy as a draft", _new_arguments, _new),
    Command("retire", "retire an adopted policy", _retire_arguments, _retire),
    Command("rename", "give a policy a new code", _rename_arguments, _rename),
    Command("status", "drafts at each reading; reviews due", _status_arguments, _status),
    Command("packet", "the committee's packet of changes since REF", _packet_arguments, _packet),
    Command(
        "translations",
        "merge today's English into source/translations/<lang>.po (by id; translations kept)",
        no_arguments,
        _translations,
    ),
    Command("approve", "record a person's review of a document", _approve_arguments, _approve),
    Command("reprint", "list printed documents changed since COMMIT", _reprint_arguments, _reprint),
    Command("import", "turn PDF, DOCX, HTML, text or Markdown files into policies", _import_arguments, _import),
]
