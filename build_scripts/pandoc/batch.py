"""Many documents through one pandoc process: pandoc's start-up dominates each call.

Reading wraps every document in a fenced div with a known id; writing puts a raw separator block
between documents. Template text can never produce either (the reader disables raw blocks).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from ..errors import ToolError
from .runner import READER, TIMEOUT_SECONDS, Ast, Node, pandoc_path, read_markdown, run_pandoc

WRAPPER = "document-batch-{}"
SEPARATORS = {
    "typst": ("typst", "// ---- document-batch-separator ----"),
    "markdown_phpextra": ("html", "<!-- document-batch-separator -->"),
}
FENCE = re.compile(r"^(:{3,})\s*(\S.*)?$")


def fences_balanced(markdown: str) -> bool:
    """Whether every ``:::`` div that opens also closes (else batching could merge documents)."""
    depth = 0
    for line in markdown.split("\n"):
        match = FENCE.match(line)
        if match:
            depth += 1 if match.group(2) and not match.group(2).startswith(":") else -1
            if depth < 0:
                return False
    return depth == 0


def read_many(texts: list[str], subject: str) -> list[Ast]:
    """Parse Markdown texts in one pandoc call; an unbalanced text is parsed on its own."""
    wrapped = [
        f"\n::: {{#{WRAPPER.format(i)}}}\n{text}\n:::\n" for i, text in enumerate(texts) if fences_balanced(text)
    ]
    batch = read_markdown("\n".join(wrapped), subject) if wrapped else {"blocks": []}
    found = {b["c"][0][0]: b["c"][1] for b in batch["blocks"] if b["t"] == "Div"}
    results = []
    for index, text in enumerate(texts):
        blocks = found.get(WRAPPER.format(index))
        if blocks is None:
            results.append(read_markdown(text, subject))
        else:
            results.append({**batch, "blocks": blocks})
    return results


def write_many(asts: list[Ast], writer: str, subject: str) -> list[str]:
    """Write ASTs with one of pandoc's writers in one call, split back into one text each."""
    if not asts:
        return []
    fmt, separator = SEPARATORS[writer]
    blocks: list[Node] = []
    for index, ast in enumerate(asts):
        if index:
            blocks.append({"t": "RawBlock", "c": [fmt, separator]})
        blocks += ast["blocks"]
    joined = {**asts[0], "blocks": blocks}
    text = run_pandoc(["-f", "json", "-t", writer, "--wrap=none"], json.dumps(joined), subject)
    parts = text.split(separator)
    if len(parts) != len(asts):
        raise ToolError("pandoc", subject, f"expected {len(asts)} documents from one {writer} call, got {len(parts)}")
    return [part.strip("\n") + "\n" for part in parts]


def write_docx(ast: Ast, subject: str, epoch: int) -> bytes:
    """A DOCX file from an AST, stamped with ``epoch`` (pandoc honours SOURCE_DATE_EPOCH)."""
    with tempfile.TemporaryDirectory(prefix="policy-docx-") as folder:
        target = Path(folder) / "out.docx"
        command = [pandoc_path(), "-f", "json", "-t", "docx", "-o", str(target)]
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


__all__ = ["READER", "fences_balanced", "read_many", "write_docx", "write_many"]
