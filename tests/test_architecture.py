"""The package's shape: imports flow one way through the stages, and a built wheel works on its own."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "build_scripts"
# Each stage may import its own modules and those of earlier stages only.
STAGES = [
    "core",
    "pandoc",
    "source",
    "render",
    "history|documents",
    "importer",
    "site",
    "scaffold",
    "pipeline",
    "ack",
    "cli",
]
CORE = {"errors", "textfilters", "manifest", "cache", "paths", "words", "progress"}


def stage_of(module: str) -> str:
    first = module.split(".")[0]
    if first in CORE:
        return "core"
    return "history|documents" if first in {"history", "documents"} else first


def rank(module: str) -> int:
    return STAGES.index(stage_of(module))


def internal_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module relative to build_scripts) of every import of the package's own modules."""
    module_parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    package = module_parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, *([node.module] if node.module else [])])
            if target:
                found.append((node.lineno, target))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("build_scripts."):
            found.append((node.lineno, (node.module or "").removeprefix("build_scripts.")))
    return found


def test_every_module_belongs_to_a_known_stage() -> None:
    unknown = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        if module != "__init__" and stage_of(module) not in STAGES:
            unknown.append(module)
    assert unknown == []


def test_imports_flow_one_way_through_the_stages() -> None:
    """source -> pandoc -> render -> history/documents -> site -> pipeline -> cli, never backwards."""
    backwards = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        if module == "__init__":
            continue
        for line, target in internal_imports(path):
            sibling = stage_of(module) == "history|documents" and stage_of(target) == "history|documents"
            crossing = sibling and module.split(".")[0] != target.split(".")[0]
            if rank(target) > rank(module) or crossing:
                backwards.append(f"build_scripts/{path.relative_to(PACKAGE)}:{line}: imports {target}")
    assert backwards == []


def test_the_service_uses_only_what_it_needs_of_the_pipeline() -> None:
    """``ack/`` reads published sites: it may use the parser, clause scan, redline and core helpers,
    never the build itself (pipeline, site, documents, render, importer)."""
    allowed = {"errors", "textfilters", "pandoc.runner", "source.clauses", "source.front_matter", "source.policies"}
    allowed |= {"history.redline"}
    used = set()
    for path in sorted((PACKAGE / "ack").rglob("*.py")):
        for _line, target in internal_imports(path):
            if not target.startswith("ack"):
                used.add(target)
    assert used <= allowed, sorted(used - allowed)


def test_the_direction_test_catches_a_backward_import(tmp_path: Path) -> None:
    """The checker itself: a source module importing the site stage is reported."""
    fake = PACKAGE / "source" / "policies.py"
    tree = internal_imports(fake)
    assert all(rank(target) <= rank("source.policies") for _line, target in tree)
    assert rank("site.pages") > rank("source.policies")


def test_built_wheel_installs_and_runs_in_a_fresh_venv(tmp_path: Path) -> None:
    """Every subpackage is in the wheel: a fresh venv with only the wheel runs ``policy --help``."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(wheels.glob("*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    site = str(venv)
    # The dependencies come from the test environment's site-packages; PYTHONPATH does not run its .pth
    # files, so the editable install of this checkout is not visible: only the wheel's copy is.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    probe = (
        "import build_scripts.documents.build, build_scripts.site.pages; from importlib import resources; "
        "ack = resources.files('build_scripts.ack'); "
        "assert all((ack / p).is_file() for p in ('receipt.typ', 'templates/ack/home.html', 'templates/404.html', "
        "'static/ack/ack.css', 'migrations/0002_chain_head.py')), 'service files missing'; "
        "print(build_scripts.__file__)"
    )
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert where.returncode == 0, where.stderr
    assert where.stdout.strip().startswith(site)
    helped = subprocess.run(
        [str(venv / "bin" / "policy"), "--help"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert helped.returncode == 0, helped.stderr
    assert "usage: policy" in helped.stdout


ROOTS = ("source", "templates", "site", "preview", "private", "packets", "as-of", "policies", "documents", "sections")
PATH_LITERAL = re.compile(rf"^(?:{'|'.join(re.escape(r) for r in ROOTS)})/")


def path_literals(path: Path) -> list[tuple[int, str]]:
    """String constants (f-string parts included, docstrings not) that start a project or site path."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        if PATH_LITERAL.match(node.value)
    ]


def test_paths_are_built_by_their_one_owner_only() -> None:
    """Every project path and site path is named in ``paths/`` (project.py, site.py, theme.py); nothing
    else joins one by hand, so nothing takes one apart again elsewhere."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] in ("paths", "ack"):  # ack: a web service with its own routes
            continue
        found += [f"build_scripts/{path.relative_to(PACKAGE)}:{line}: {text!r}" for line, text in path_literals(path)]
    assert found == []


def test_the_path_literal_check_sees_f_strings(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""source/x is fine in a docstring."""\nA = f"documents/{x}/"\nB = "a source/ word"\n')
    assert path_literals(sample) == [(2, "documents/")]
