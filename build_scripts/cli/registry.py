"""Declarative registration of the ``policy`` subcommands: each is a name, its help, its arguments
and the function that runs it (a table, as pelican's readers are, instead of an if/elif chain)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..paths.project import Project

Arguments = Callable[[argparse.ArgumentParser], None]
Handler = Callable[[argparse.Namespace], int | None]  # an exit code, or None for 0


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    arguments: Arguments
    run: Handler


def project_of(args: argparse.Namespace) -> Project:
    """The project the command acts on: ``--project DIR``, else the current folder."""
    return Project.at(args.project or Path.cwd())


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write YYYY-MM-DD)") from None


def no_arguments(_parser: argparse.ArgumentParser) -> None:
    """A command that takes only ``--project``."""


def add_parsers(commands: list[Command]) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=None, help="the project folder (default: current folder)")
    parser = argparse.ArgumentParser(prog="policy", description="Build and check a school district's policy manual.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in commands:
        sub = subparsers.add_parser(command.name, parents=[common], help=command.help, description=command.help)
        command.arguments(sub)
    return parser
