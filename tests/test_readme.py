"""The README is part of the product: its commands exist and do what it says."""

from __future__ import annotations

import re

from build_scripts.cli import _parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def test_readme_opens_with_exactly_two_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands == ["make site", "make test"]


def test_make_targets_exist_and_test_runs_the_suite() -> None:
    assert re.search(r"^site: ", MAKEFILE, re.M) and re.search(r"^test: ", MAKEFILE, re.M)
    assert "$(BIN)/pytest" in MAKEFILE and "policy build" in MAKEFILE
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_cli_subcommand_is_documented() -> None:
    parser = _parser()
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    assert subcommands
    for name in subcommands:
        assert f"`policy {name}" in README, name
