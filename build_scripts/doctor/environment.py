"""``policy doctor``: the tools a build needs (pandoc, typst, git) and the fonts its layouts name."""

from __future__ import annotations

import re
import subprocess
from importlib.metadata import version
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from ..pandoc.runner import pandoc_path
from ..paths.project import Project
from .findings import Finding, Section, fix, ok

LAYOUTS = ("policy", "redline", "document", "packet")
TYPST_BUNDLED = {"Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono"}  # inside typst itself
FONT_NAME = re.compile(r'font:\s*"([^"]+)"')
REINSTALL = "set the tool up again: delete the .venv folder, then run: make site"
INSTALL_GIT = "install it: sudo apt-get install git"
FONTS_HOME = "put the font's .ttf files in templates/fonts/"
TIMEOUT = 60


def environment(project: Project) -> Section:
    return Section("Tools", [_pandoc(), _typst(), _git(), _fonts(project)])


def _pandoc() -> Finding:
    try:
        done = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, timeout=TIMEOUT)
        first = done.stdout.splitlines()[0] if done.returncode == 0 and done.stdout else done.stderr.strip()
    except (OSError, subprocess.TimeoutExpired) as exc:
        first = str(exc)
    if not first.startswith("pandoc "):
        return fix(f"pandoc does not run: {first or 'no output'}", REINSTALL)
    return ok(f"{first} (it reads the policies)")


def _typst() -> Finding:
    try:
        import typst

        typst.compile(b"= Doctor", format="pdf")
        found = version("typst")
    except Exception as exc:  # whatever stops typst from running is what the clerk needs to know
        return fix(f"typst does not run: {exc}", REINSTALL)
    return ok(f"typst {found} (it makes the PDFs)")


def _git() -> Finding:
    try:
        done = subprocess.run(["git", "--version"], capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is None or done.returncode != 0:
        return fix("git is not installed: there is no history, no versions and no packet", INSTALL_GIT)
    return ok(f"{done.stdout.strip()} (it keeps the history)")


def _fonts(project: Project) -> Finding:
    """Every font a layout names (the project's override of it, else the tool's) is in a font folder."""
    available = TYPST_BUNDLED | families(project.fonts)
    named = {
        project.display(layout): set(FONT_NAME.findall(layout.read_text(encoding="utf-8")))
        for layout in (project.layout(name) for name in LAYOUTS)
    }
    wanted = sorted(set().union(*named.values()))
    missing = [font for font in wanted if font not in available]
    if missing:
        where = [f"'{font}' ({', '.join(p for p, fonts in named.items() if font in fonts)})" for font in missing]
        return fix(f"fonts the layouts name are missing: {'; '.join(where)}", FONTS_HOME)
    return ok(f"fonts: every font the layouts name is there ({', '.join(wanted)})")


def families(folders: list[Path]) -> set[str]:
    """The family names of the font files in ``folders``."""
    found = set()
    for folder in folders:
        for path in sorted(folder.glob("*.[ot]tf")):
            try:
                with TTFont(path, lazy=True) as font:
                    name = font["name"].getBestFamilyName()
            except (OSError, TTLibError, KeyError):
                continue
            if name:
                found.add(str(name))
    return found
