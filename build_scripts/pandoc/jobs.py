"""Many pandoc reads and writes in a few processes, each document converted on its own.

Starting pandoc costs 60-90 ms; a manual of 400 policies needs three conversions each. One
``pandoc lua`` process per core runs a list of jobs (``pandoc.read``/``pandoc.write`` per document,
so heading ids and footnote numbers never leak from one document into the next). Parsed Markdown
is cached by the hash of its text before pandoc is asked at all.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from ..cache import ContentCache, cache_key
from ..errors import ToolError
from .runner import MAX_DEPTH, READER, TIMEOUT_SECONDS, Ast, json_depth, pandoc_path, read_markdown, write_ast

SCRIPT = Path(__file__).with_name("jobs.lua")
SECONDS_PER_JOB = 2  # on top of TIMEOUT_SECONDS, for a chunk of many documents
BYTES_PER_SECOND = 50_000  # and for large input (a 400-policy handbook is megabytes of AST)


@dataclass(frozen=True)
class Job:
    """Read Markdown ``text`` (``writer`` None) or write the JSON AST ``text`` with ``writer``."""

    subject: str
    text: str
    writer: str | None = None
    reader: str = READER


def _encode(job: Job) -> dict[str, str]:
    if job.writer is None:
        return {"op": "read", "format": job.reader, "text": job.text}
    return {"op": "write", "format": job.writer, "text": job.text}


def _run_chunk(jobs: list[Job]) -> list[str]:
    command = [pandoc_path(), "lua", str(SCRIPT)]
    payload = json.dumps([_encode(job) for job in jobs])
    timeout = TIMEOUT_SECONDS + SECONDS_PER_JOB * len(jobs) + len(payload) // BYTES_PER_SECOND
    try:
        done = subprocess.run(command, input=payload, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return _one_by_one(jobs)
    if done.returncode != 0:
        return _one_by_one(jobs)  # find the document that fails, and report pandoc's own message for it
    results = json.loads(done.stdout)
    if not isinstance(results, list) or len(results) != len(jobs):
        raise ToolError("pandoc", jobs[0].subject, f"expected {len(jobs)} results from {' '.join(command)}")
    return [str(r) for r in results]


def _one_by_one(jobs: list[Job]) -> list[str]:
    results = []
    for job in jobs:
        if job.writer is None:
            results.append(json.dumps(read_markdown(job.text, job.subject, job.reader)))
        else:
            results.append(write_ast(json.loads(job.text), job.writer, job.subject))
    return results


def run_jobs(jobs: list[Job], workers: int | None = None) -> list[str]:
    """Every job's output, in order; the jobs are split over one pandoc process per core."""
    if not jobs:
        return []
    count = max(1, min(workers or os.cpu_count() or 2, len(jobs)))
    chunks = [jobs[i::count] for i in range(count)]
    with ThreadPoolExecutor(max_workers=count) as pool:
        outputs = list(pool.map(_run_chunk, chunks))
    results = [""] * len(jobs)
    for index, output in enumerate(outputs):
        results[index::count] = output
    return results


def ast_cache_key(text: str, reader: str) -> str:
    return cache_key("ast", reader, pandoc_version(), text)


@functools.cache
def pandoc_version() -> str:
    """The pandoc inside the pypandoc-binary wheel (asked once: it reads package metadata from disk)."""
    return version("pypandoc-binary")


def read_markdown_many(texts: list[tuple[str, str]], cache: ContentCache, reader: str = READER) -> list[Ast | None]:
    """Parse ``(subject, markdown)`` pairs; cached ASTs are reused, the rest parsed in a few processes.

    None stands for a text nested too deeply to walk (``MAX_DEPTH``): ``read_markdown`` reports it
    (``TooDeep``). The depth is measured once, when pandoc parses the text, and kept in the cache.
    """
    asts: list[Ast | None] = []
    missing: list[int] = []
    for index, (_subject, text) in enumerate(texts):
        stored = cache.get(ast_cache_key(text, reader))
        deep = stored is not None and int(stored.get("depth", b"0")) > MAX_DEPTH
        asts.append(None if stored is None or deep else _loads(stored["ast.json"]))
        if stored is None:
            missing.append(index)
    outputs = run_jobs([Job(texts[i][0], texts[i][1], reader=reader) for i in missing])
    for index, output in zip(missing, outputs, strict=True):
        ast = _loads(output)
        depth = json_depth(ast) if ast is not None else MAX_DEPTH + 1
        cache.put(ast_cache_key(texts[index][1], reader), {"ast.json": output.encode(), "depth": str(depth).encode()})
        asts[index] = ast if depth <= MAX_DEPTH else None
    return asts


def _loads(data: str | bytes) -> Ast | None:
    try:
        ast: Ast = json.loads(data)
    except RecursionError:
        return None
    return ast


def write_many(items: list[tuple[str, Ast, str]]) -> list[str]:
    """Write ``(subject, ast, writer)`` items (``typst``, ``html5`` ...), each document on its own."""
    return run_jobs([Job(subject, json.dumps(ast), writer) for subject, ast, writer in items])
