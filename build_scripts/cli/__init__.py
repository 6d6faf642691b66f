"""The ``policy`` command. The only place that turns errors into messages and exit codes."""

from __future__ import annotations

import argparse
import gc
import logging
import sys

from ..errors import PolicyError, ToolError, UsageError, ValidationFailed
from ..scaffold.schemas import SCHEMAS
from . import clerk_commands, district_commands, site_commands
from .output import print_problems
from .registry import Command, add_parsers

COMMANDS: list[Command] = [*site_commands.COMMANDS, *clerk_commands.COMMANDS, *district_commands.COMMANDS]
GC_THRESHOLD = (50_000, 20, 20)  # Python's default (700, 10, 10) spent 13% of a one-policy rebuild in GC

__all__ = ["COMMANDS", "SCHEMAS", "main"]


def _parser() -> argparse.ArgumentParser:
    return add_parsers(COMMANDS)


def _run(args: argparse.Namespace) -> int:
    command = next(c for c in COMMANDS if c.name == args.command)
    return command.run(args) or 0


def main(argv: list[str] | None = None) -> int:
    gc.set_threshold(*GC_THRESHOLD)  # a build holds millions of AST nodes that live until it ends
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    try:
        return _run(args)
    except ValidationFailed as exc:
        strict = getattr(args, "strict", False)
        print_problems(exc.problems, strict)
        errors = sum(1 for p in exc.problems if p.is_error or strict)
        suffix = "; nothing was built" if args.command == "build" else ""
        print(f"policy {args.command}: {errors} error(s){suffix}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ToolError, PolicyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
