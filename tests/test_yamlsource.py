"""libyaml's parser and PyYAML's own give the same located values (the fast one reads valid files)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from build_scripts.source import yamlsource
from build_scripts.source.front_matter import split_front_matter
from build_scripts.source.yamlsource import load_located

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "source").glob("*.yml")), *sorted((ROOT / "source" / "policies").glob("*.md"))]


def _front(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text if path.suffix == ".yml" else split_front_matter(text).front or ""


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_both_parsers_give_the_same_values_and_lines(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert yamlsource.FAST_LOADER is yaml.CSafeLoader  # the wheel ships libyaml: the fast path is the one used
    fast = load_located(_front(path), 2)
    monkeypatch.setattr(yamlsource, "FAST_LOADER", None)
    slow = load_located(_front(path), 2)
    assert (fast.data, fast.lines) == (slow.data, slow.lines)
    assert fast.data and len(fast.lines) > 3


def test_a_malformed_file_gets_pyyamls_message_even_when_libyaml_reads_it_first() -> None:
    with pytest.raises(yamlsource.YamlProblem) as caught:
        load_located("title: [a, b\n", 5)
    expected = "the '[' on this line has no closing ']': add ']' at the end"  # from PyYAML's "expected ',' or ']'"
    assert (caught.value.line, caught.value.message) == (5, expected)


def test_a_mistake_no_rule_knows_keeps_the_parsers_words_at_its_line() -> None:
    with pytest.raises(yamlsource.YamlProblem) as caught:
        load_located("code: JICK\ntitle: |x\n", 2)
    expected = "malformed YAML: expected chomping or indentation indicators, but found 'x'"
    assert (caught.value.line, caught.value.message) == (3, expected)
