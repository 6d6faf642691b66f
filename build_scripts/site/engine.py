"""The engine that turns the generated Markdown into HTML: MkDocs 1.6, or ProperDocs, its maintained
drop-in fork (``POLICY_HTML_ENGINE=properdocs``). The pipeline's logic stays outside either: each
receives the same generated docs folder and settings, and either can take over.

MkDocs runs in this process. ProperDocs runs in a child process (``python -m
build_scripts.site.engine_main properdocs``), which imports ``properdocs.replacement`` before anything
else, so that Material and its plugins, which import ``mkdocs``, get ProperDocs' modules.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import ToolError, UsageError

ENGINES = ("mkdocs", "properdocs")
ENGINE_VARIABLE = "POLICY_HTML_ENGINE"
TIMEOUT = 1800  # seconds: a 400-policy manual renders in under a minute


@dataclass(frozen=True)
class EngineJob:
    """One HTML build: the project's mkdocs.yml, the full settings, the theme folders, the date."""

    config_file: str
    options: dict[str, Any]
    theme_dirs: list[str]  # the tool's overrides, placed after the project's and before Material's
    epoch: int
    dirty: bool


def chosen_engine(environ: dict[str, str] | None = None) -> str:
    name = (environ if environ is not None else os.environ).get(ENGINE_VARIABLE, "") or "mkdocs"
    if name not in ENGINES:
        raise UsageError(f"{ENGINE_VARIABLE}: '{name}' is not an HTML engine ({', '.join(ENGINES)})")
    return name


def run_engine(job: EngineJob, engine: str) -> None:
    """Build the HTML; any warning (strict) or failure is a ToolError with the engine's own words."""
    if engine == "mkdocs":
        build_in_process(job)
        return
    payload = json.dumps(asdict(job), default=str)
    command = [sys.executable, "-m", "build_scripts.site.engine_main", engine]
    done = subprocess.run(command, input=payload, capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode != 0:
        raise ToolError(engine, job.config_file, done.stderr.strip() or f"exit code {done.returncode}")


class _DirtyNotice(logging.Filter):
    """MkDocs warns on every ``dirty`` build (meant for previews); ours keeps the site consistent."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def build_in_process(job: EngineJob) -> None:
    from mkdocs.commands.build import build  # imported here: under ProperDocs, its modules answer
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    notice = _DirtyNotice()
    build_logger = logging.getLogger("mkdocs.commands.build")
    build_logger.addFilter(notice)
    with _captured_log() as log, _environment("SOURCE_DATE_EPOCH", str(job.epoch)):
        try:
            config = load_config(config_file=job.config_file, **job.options)
            config.theme.dirs[1:1] = job.theme_dirs
            build(config, dirty=job.dirty)
        except (MkDocsException, SystemExit) as exc:
            raise ToolError("MkDocs", job.config_file, f"{exc}\n{log.getvalue()}") from None
        finally:
            build_logger.removeFilter(notice)


@contextmanager
def _captured_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old
