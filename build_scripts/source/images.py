"""Images in a policy body: checked at load time, stored content-addressed, given alt text in PDFs.

An image must be a file inside the project's ``source/`` folder, referenced relative to the policy
(``![Org chart of the district office](../media/org-chart.png)``), with alt text. The build stores
it as ``images/<sha256-prefix>.<ext>`` next to the page and in the typst root.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import Problem, error
from ..pandoc.runner import Ast, Node, normalize_text, stringify
from .locate import SourceLocator

IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


@dataclass(frozen=True)
class ImageFile:
    source: Path
    name: str  # images/<hash>.<ext>


def _images(value: object, found: list[Node]) -> None:
    if isinstance(value, list):
        for item in value:
            _images(item, found)
    elif isinstance(value, dict):
        if value.get("t") == "Image":
            found.append(value)
        _images(value.get("c"), found)


def may_hold_images(markdown: str) -> bool:
    """Whether a Markdown text can hold an image at all: pandoc makes one only of ``![...]`` (an
    ``<img>`` tag stays raw HTML, which ``markup.py`` refuses; it is looked for too, should that
    change). Most policies have neither, and their AST need not be walked."""
    return "![" in markdown or "<img" in markdown.lower()


def image_nodes(ast: Ast) -> list[Node]:
    found: list[Node] = []
    _images(ast["blocks"], found)
    return found


def check_images(
    ast: Ast, policy_path: Path, source_root: Path, display: str, locator: SourceLocator
) -> tuple[dict[str, ImageFile], list[Problem]]:
    """Every image's stored file, and a located problem for each that cannot be published."""
    files: dict[str, ImageFile] = {}
    problems: list[Problem] = []
    for node in image_nodes(ast):
        target = str(node["c"][2][0])
        line = locator.find_literal(f"]({target}")
        locator.advance()
        alt = normalize_text(stringify(node["c"][1]))
        problem = _image_problem(target, alt, policy_path, source_root)
        if problem:
            problems.append(error(display, line, problem, kind="image"))
            continue
        path = (policy_path.parent / unquote(target)).resolve()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        files[target] = ImageFile(path, f"images/{digest}{path.suffix.lower()}")
    return files, problems


def _image_problem(target: str, alt: str, policy_path: Path, source_root: Path) -> str | None:
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or target.startswith("/"):
        return f"image '{target}': use a file in the project's source/ folder, not a web address or absolute path"
    path = (policy_path.parent / unquote(parsed.path)).resolve()
    if not path.is_relative_to(source_root.resolve()):
        return f"image '{target}': the file must be inside the project's source/ folder"
    if not path.is_file():
        return f"image '{target}': file not found"
    if path.suffix.lower() not in IMAGE_TYPES:
        return f"image '{target}': not an image file ({', '.join(sorted(IMAGE_TYPES))})"
    if not alt:
        return f"image '{target}' has no alt text: describe what it shows, e.g. ![Organisation chart]({target})"
    return None
