"""Commands about the district's own project: its overrides of the tool's files, and filled forms."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ..ack.commands import add_ack_arguments
from ..documents.fill import FillRequest, fill_document, parse_assignments
from ..errors import UsageError
from ..pipeline import prepare
from ..scaffold.init import Settings, init_project, parse_languages
from ..source.models import CodeScheme, time_zone_problem
from ..source.overrides import State, copy_override, diff_override, overrides, record_reviewed
from ..source.source_date import current_environ, resolve_source_date
from .registry import Command, iso_date, project_of


def _init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, metavar="DIR", help="the new project's folder (new or empty)")
    parser.add_argument(
        "--district", required=True, metavar="NAME", help="the district's name, e.g. 'Riverton Public Schools'"
    )
    parser.add_argument("--short", default="", metavar="NAME", help="a short name for headers (default: its initials)")
    parser.add_argument("--state", default=None, metavar="XX", help="the state's two-letter code, e.g. MA")
    parser.add_argument("--time-zone", default="America/New_York", metavar="Area/City", help="e.g. America/Denver")
    parser.add_argument(
        "--languages", default="", metavar="TAGS", help="other languages of letters and forms, e.g. es,pt-BR"
    )
    parser.add_argument(
        "--codes", choices=[s.value for s in CodeScheme], default="masc", help="masc (JICFB) or numeric (5131.2)"
    )
    parser.add_argument(
        "--governing-body", default="", metavar="NAME", help="default: School Committee in MA, else Board of Education"
    )


def _init(args: argparse.Namespace) -> None:
    state = args.state.upper() if args.state else None
    if state is not None and not re.fullmatch(r"[A-Z]{2}", state):
        raise UsageError(f"--state: '{args.state}' is not a two-letter state code (e.g. MA, CO)")
    problem = time_zone_problem(args.time_zone)
    if problem:
        raise UsageError(f"--time-zone: {problem}")
    settings = Settings(
        name=" ".join(args.district.split()),
        short=args.short.strip(),
        state=state,
        time_zone=args.time_zone,
        languages=parse_languages(args.languages),
        scheme=CodeScheme(args.codes),
        governing_body=args.governing_body.strip(),
    )
    if not settings.name:
        raise UsageError("--district: the district's name must not be empty")
    written = init_project(args.folder.resolve(), settings)
    print(f"policy init: wrote {len(written)} files into {args.folder} and made the first commit")
    print("next: fill in the lines marked FILL IN in source/district.yml and mkdocs.yml, then run 'policy check'")


def _templates_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--copy", metavar="PATH", help="start overriding the tool's file PATH (e.g. typst/document.typ)")
    group.add_argument("--diff", metavar="PATH", help="show how the project's copy of PATH differs from the tool's")
    group.add_argument("--reviewed", metavar="PATH", help="record that the copy of PATH holds the tool's latest change")


def _templates(args: argparse.Namespace) -> int:
    project = project_of(args)
    if args.copy:
        target = copy_override(project, args.copy)
        print(f"policy templates: copied the tool's {args.copy} to {project.display(target)}; edit it there")
    elif args.reviewed:
        record_reviewed(project, args.reviewed)
        print(f"policy templates: recorded {args.reviewed} as up to date with the tool")
    elif args.diff:
        print(diff_override(project, args.diff), end="")
    else:
        found = overrides(project)
        for item in found:
            print(f"{project.display(project.templates / item.path)}: {item.describe()}")
        outdated = sum(1 for item in found if item.state is State.OUTDATED)
        files = "file" if len(found) == 1 else "files"
        print(f"policy templates: the project overrides {len(found)} of the tool's {files}; {outdated} outdated")
    return 0


def _fill_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("document", help="the fillable document's id, e.g. trip-disclosure-form")
    parser.add_argument("--school", required=True, help="the school id, e.g. algonquin")
    parser.add_argument(
        "--set", dest="values", action="append", default=[], metavar="FIELD=VALUE", help="a field's value (repeat)"
    )
    parser.add_argument("--lang", default=None, help="the form's language, e.g. es (default: the district's)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: private/, git-ignored)")


def _fill(args: argparse.Namespace) -> None:
    project = project_of(args)
    checked = prepare(project)
    stamp, _notes = resolve_source_date(project.root, current_environ(), None, project.display(project.policies_dir))
    request = FillRequest(args.document, args.school, parse_assignments(args.values), args.lang, args.out)
    path = fill_document(project, checked.manual, checked.district, request, stamp)
    print(f"policy fill: wrote {project.display(path)} (private: do not publish)")


def _ack_arguments(parser: argparse.ArgumentParser) -> None:
    add_ack_arguments(parser, iso_date)


def _ack(args: argparse.Namespace) -> int:
    """``policy ack ...``: Django is imported here only, so no other command ever loads it."""
    from ..ack.run import run

    for line in run(args, (args.project or Path.cwd()).resolve()):
        print(line)
    return 0


COMMANDS = [
    Command("init", "start a new district's policy manual in a new folder", _init_arguments, _init),
    Command(
        "templates",
        "list the tool's files the project overrides, and start or update one",
        _templates_arguments,
        _templates,
    ),
    Command("ack", "the staff acknowledgement service (Django)", _ack_arguments, _ack),
    Command(
        "fill",
        "fill in a form for one school (written to private/, never to the site)",
        _fill_arguments,
        _fill,
    ),
]
