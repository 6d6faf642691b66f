"""Documents through pandoc: many read or written in a few processes (``jobs.py``), and DOCX files."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from ..cache import ContentCache
from ..errors import ToolError
from .jobs import read_markdown_many
from .jobs import write_many as jobs_write_many
from .runner import TIMEOUT_SECONDS, Ast, pandoc_path, read_markdown


def read_many(texts: list[str], subject: str) -> list[Ast]:
    """Parse Markdown texts, each on its own, in one pandoc process per core (see ``jobs.py``)."""
    asts = read_markdown_many([(subject, text) for text in texts], ContentCache(None))
    return [ast if ast is not None else read_markdown(text, subject) for ast, text in zip(asts, texts, strict=True)]


def write_many(asts: list[Ast], writer: str, subject: str) -> list[str]:
    """Write ASTs with one of pandoc's writers, each on its own, in one pandoc process per core."""
    return [text.strip("\n") + "\n" for text in jobs_write_many([(subject, ast, writer) for ast in asts])]


def write_docx(ast: Ast, subject: str, epoch: int, reference: bytes | None = None) -> bytes:
    """A DOCX file from an AST, stamped with ``epoch`` (pandoc honours SOURCE_DATE_EPOCH), styled by
    the ``reference`` document when given."""
    with tempfile.TemporaryDirectory(prefix="policy-docx-") as folder:
        target = Path(folder) / "out.docx"
        command = [pandoc_path(), "-f", "json", "-t", "docx", "-o", str(target)]
        if reference is not None:
            (Path(folder) / "reference.docx").write_bytes(reference)
            command.append(f"--reference-doc={Path(folder) / 'reference.docx'}")
        try:
            done = subprocess.run(
                command, input=json.dumps(ast), capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=_env(epoch)
            )
        except subprocess.TimeoutExpired:
            raise ToolError("pandoc", subject, f"timed out after {TIMEOUT_SECONDS} s: {' '.join(command)}") from None
        if done.returncode != 0:
            raise ToolError("pandoc", subject, f"{' '.join(command)}\n{done.stderr}")
        return target.read_bytes()


def _env(epoch: int) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}


__all__ = ["read_many", "write_docx", "write_many"]
