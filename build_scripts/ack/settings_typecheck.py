"""The settings mypy's Django plugin loads: the real ones, with a placeholder key (so type checking
never writes ``.ack/secret_key``) on SQLite in memory."""

import os

os.environ.setdefault("ACK_SECRET_KEY", "type-checking-only")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from .settings import *  # noqa: F403
