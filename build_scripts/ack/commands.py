"""The ``policy ack ...`` command line. Only argparse here: ``policy --help`` never imports Django."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

DEFAULT_PORT = 8001


def add_ack_arguments(ack: argparse.ArgumentParser, iso_date: Callable[[str], date]) -> None:
    """The actions of ``policy ack`` (serve, roster, sync, campaign, report, remind, verify ...)."""
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument(
        "--database",
        default=None,
        metavar="URL",
        help="e.g. postgresql://user@host/db (default: DATABASE_URL, else .ack/ack.sqlite3)",
    )
    actions = ack.add_subparsers(dest="ack_command", required=True, metavar="ACTION")
    serve = actions.add_parser("serve", parents=[database], help="migrate, then serve on 127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    actions.add_parser("migrate", parents=[database], help="create or update the database's tables")
    roster = actions.add_parser("roster", parents=[database], help="load staff from a CSV: email, name, school, role")
    roster.add_argument("file", type=Path, metavar="FILE.csv")
    sync = actions.add_parser("sync", parents=[database], help="policies and versions from the published site")
    sync.add_argument("--site", default=None, metavar="DIR|URL", help="a built site (default: the project's site/)")
    _campaign(actions, database, iso_date)
    report = actions.add_parser("report", parents=[database], help="done, due, overdue and exempt, as CSV")
    report.add_argument("--campaign", default=None, metavar="NAME")
    report.add_argument("--school", default=None, metavar="ID")
    report.add_argument("--csv", type=Path, required=True, metavar="FILE")
    remind = actions.add_parser("remind", parents=[database], help="e-mail reminders and escalations (once a day)")
    remind.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day to remind for (default: today in ACK_TIME_ZONE)",
    )
    actions.add_parser("verify", parents=[database], help="recompute the evidence log's hash chain")


def _campaign(
    actions: argparse._SubParsersAction[argparse.ArgumentParser],
    database: argparse.ArgumentParser,
    iso_date: Callable[[str], date],
) -> None:
    campaign = actions.add_parser("campaign", parents=[database], help="assign policies to people, with a due date")
    campaign.add_argument("name", help='e.g. "2026-27 start of year"')
    chosen = campaign.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--policies", metavar="CODES", help="comma-separated codes, e.g. G-170,JICFB")
    chosen.add_argument(
        "--audience",
        choices=["staff", "parents", "students", "public"],
        help="every adopted policy for this audience (new ones join as they are synced)",
    )
    campaign.add_argument("--due", type=iso_date, required=True, metavar="YYYY-MM-DD")
    campaign.add_argument("--schools", default="", metavar="IDS", help="comma-separated schools (default: all)")
    campaign.add_argument("--roles", default="", metavar="ROLES", help="comma-separated roles (default: all)")
    campaign.add_argument(
        "--fresh", action="store_true", help="only acknowledgements made during this campaign count (a yearly notice)"
    )
