"""``policy ack ...``: start Django on the chosen database, migrate, and carry out one action.

Actions return the lines to print and raise ``PolicyError``s; ``cli.py`` turns those into exit codes.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import dj_database_url

from ..errors import PolicyError, UsageError


class ChainBroken(PolicyError):
    """``policy ack verify`` found an edited, missing or re-pointed entry."""


def setup(root: Path, database: str | None) -> None:
    """Configure and start Django (once per process) on ``database`` or the environment's."""
    from django.conf import settings

    if settings.configured:  # a second action in the same process (tests): the same database only
        if database and dj_database_url.parse(database)["NAME"] != settings.DATABASES["default"]["NAME"]:
            raise UsageError("this process already uses another database")
        return
    if database:
        try:
            dj_database_url.parse(database)
        except ValueError as exc:
            raise UsageError(f"--database: not a database address ({exc})") from None
        os.environ["DATABASE_URL"] = database
    os.environ.setdefault("ACK_STATE_DIR", str(root / ".ack"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "build_scripts.ack.settings")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command
    from django.db import OperationalError

    try:
        call_command("migrate", verbosity=0, interactive=False)
    except OperationalError as exc:
        raise UsageError(f"cannot use the database: {exc}".strip()) from None


def run(args: argparse.Namespace, root: Path) -> list[str]:
    setup(root, args.database)
    migrate()
    action: Callable[[argparse.Namespace, Path], list[str]] = ACTIONS[args.ack_command]
    return action(args, root)


def _serve(args: argparse.Namespace, root: Path) -> list[str]:
    from .serve import serve

    serve(args.port)
    return []


def _migrate(args: argparse.Namespace, root: Path) -> list[str]:
    return ["policy ack migrate: the database is up to date"]


def _roster(args: argparse.Namespace, root: Path) -> list[str]:
    from .roster import apply_roster, read_roster

    return apply_roster(read_roster(args.file, str(args.file)), _today()).lines()


def _sync(args: argparse.Namespace, root: Path) -> list[str]:
    from .sync import Site, sync

    return sync(Site(args.site or str(root / "site"))).lines()


def _campaign(args: argparse.Namespace, root: Path) -> list[str]:
    from .campaigns import create_campaign

    codes = [c for c in (args.policies or "").split(",") if c.strip()]
    made = create_campaign(
        args.name,
        args.due,
        codes=codes,
        audience=args.audience or "",
        schools=args.schools.split(","),
        roles=args.roles.split(","),
        fresh=args.fresh,
        actor=f"cli:{getpass.getuser()}",
    )
    what = ", ".join(made.policies.values_list("code", flat=True)) or f"every adopted {made.audience} policy"
    return [f"policy ack campaign: {made.name!r}: {what}, due {made.due.isoformat()}"]


def _report(args: argparse.Namespace, root: Path) -> list[str]:
    from .reports import Scope, find_campaign, report, to_csv

    rows = report(Scope(campaign=find_campaign(args.campaign), school=args.school), _today())
    args.csv.write_text(to_csv(rows), encoding="utf-8")
    return [f"policy ack report: {len(rows)} row(s) written to {args.csv}"]


def _remind(args: argparse.Namespace, root: Path) -> list[str]:
    from .remind import remind

    return remind(args.today or _today()).lines()


def _verify(args: argparse.Namespace, root: Path) -> list[str]:
    from .chain import verify

    found = verify()
    if found.problems:
        summary = f"policy ack verify: the log is NOT intact ({len(found.problems)} problem(s))"
        raise ChainBroken("\nerror: ".join(found.problems) + "\n" + summary)  # cli.py prints "error: " first
    return [f"policy ack verify: {found.entries} entries, chain intact; last hash {found.head}"]


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


ACTIONS: dict[str, Callable[[argparse.Namespace, Path], list[str]]] = {
    "serve": _serve,
    "migrate": _migrate,
    "roster": _roster,
    "sync": _sync,
    "campaign": _campaign,
    "report": _report,
    "remind": _remind,
    "verify": _verify,
}
