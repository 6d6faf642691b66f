"""Commands about the district's own project: its overrides of the tool's files, and filled forms."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..documents.tripform import TripDetails, write_trip_form
from ..pipeline import check
from ..source.overrides import State, copy_override, diff_override, overrides, record_reviewed
from ..source.source_date import current_environ, resolve_source_date
from .registry import Command, project_of


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
            print(f"templates/{item.path}: {item.describe()}")
        outdated = sum(1 for item in found if item.state is State.OUTDATED)
        files = "file" if len(found) == 1 else "files"
        print(f"policy templates: the project overrides {len(found)} of the tool's {files}; {outdated} outdated")
    return 0


def _trip_form_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--school", required=True, help="the school id, e.g. algonquin")
    parser.add_argument("--trip", required=True, help="the trip's name")
    parser.add_argument("--destination", required=True, help="where the trip goes")
    parser.add_argument("--dates", required=True, help="when, e.g. 'May 4-6, 2027'")
    parser.add_argument("--leader", required=True, help="the trip leader's name")
    parser.add_argument("--cell", required=True, help="the trip leader's cell phone number")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: private/, git-ignored)")
    parser.add_argument("--lang", default=None, help="the form's language, e.g. es or pt (default: the district's)")


def _trip_form(args: argparse.Namespace) -> None:
    project = project_of(args)
    manual, _warnings = check(project)
    assert manual.district is not None
    stamp, _notes = resolve_source_date(project.root, current_environ(), None, "source/policies")
    details = TripDetails(args.trip, args.destination, args.dates, args.leader, args.cell)
    path = write_trip_form(project, manual, args.school, details, stamp, args.out, args.lang)
    print(f"policy trip-form: wrote {project.display(path)} (private: do not publish)")


COMMANDS = [
    Command(
        "templates",
        "list the tool's files the project overrides, and start or update one",
        _templates_arguments,
        _templates,
    ),
    Command(
        "trip-form",
        "fill one trip's cell phone disclosure form (written to private/, never to the site)",
        _trip_form_arguments,
        _trip_form,
    ),
]
