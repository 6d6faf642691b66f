"""Policy PDFs: the marked AST -> typst (pandoc) -> PDF/UA-1 (typst), with the project's fonts."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import typst

from ..errors import ToolError
from ..pandoc.runner import Ast, write_ast
from .transforms import for_typst

PDF_STANDARDS = ["ua-1"]
POOL_FROM = 8  # fewer PDFs than this are made in this process (a worker takes ~0.5 s to start)
TASKS_PER_WORKER = 40
Job = TypeVar("Job")
Made = TypeVar("Made")
_typst_compile: Any = typst.compile  # its overloads cannot type bytes input with these options


@dataclass(frozen=True)
class TypstJob:
    """Everything one PDF depends on: layout source, body, data values, fonts and a timestamp."""

    subject: str
    layout: str
    body: str
    inputs: dict[str, str]
    fonts: tuple[Path, ...]  # font folders: the project's, then the tool's
    timestamp: int
    files: dict[str, bytes] = field(default_factory=dict)  # relative path in the typst root -> content


def body_to_typst(ast: Ast, subject: str) -> str:
    """The policy body as typst markup (all text escaped by pandoc; clause labels added)."""
    return write_ast(for_typst(ast), "typst", subject)


def compile_pdfs(jobs: list[TypstJob], done: Callable[[], None] | None = None) -> list[bytes]:
    """Many PDFs, in order, on every core. typst keeps what it memoises for the life of a process
    (typst-py never evicts it: 800 policy PDFs in one process peaked at 8 GB), so they are made in
    worker processes that are replaced every ``TASKS_PER_WORKER`` PDFs; ``spawn``, since a forked
    child of a process that ran typst hangs. (``multiprocessing.Pool``: ``ProcessPoolExecutor``'s
    ``max_tasks_per_child`` deadlocked here on Python 3.11.)"""
    return in_workers(compile_pdf, jobs, done)


def in_workers(make: Callable[[Job], Made], jobs: list[Job], done: Callable[[], None] | None = None) -> list[Made]:
    """``make`` (a module-level function, so a spawned worker can import it) of each job, in order:
    in worker processes as ``compile_pdfs`` explains, or in this process for fewer than ``POOL_FROM``."""
    if len(jobs) < POOL_FROM:
        return [_counted(make(job), done) for job in jobs]
    workers = min(os.cpu_count() or 2, len(jobs))
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, maxtasksperchild=TASKS_PER_WORKER) as pool:
        return [_counted(pdf, done) for pdf in pool.imap(make, jobs)]


def _counted(made: Made, done: Callable[[], None] | None) -> Made:
    if done is not None:
        done()
    return made


def compile_pdf(job: TypstJob) -> bytes:
    """Compile in a fresh, empty root folder so the document can read no other file."""
    source = (job.layout + "\n" + job.body).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="policy-typst-") as root:
        for relative, content in job.files.items():
            (Path(root) / relative).parent.mkdir(parents=True, exist_ok=True)
            (Path(root) / relative).write_bytes(content)
        try:
            pdf = _typst_compile(
                source,
                root=root,
                font_paths=[str(folder) for folder in job.fonts],
                ignore_system_fonts=True,
                sys_inputs=job.inputs,
                pdf_standards=PDF_STANDARDS,
                timestamp=job.timestamp,
            )
        except Exception as exc:  # typst raises its own TypstError/RuntimeError types
            raise ToolError("typst", job.subject, str(exc)) from None
    if not isinstance(pdf, bytes):
        raise ToolError("typst", job.subject, "typst returned no PDF")
    return pdf
