"""External tools fail clearly: the document, the command and the tool's own message; the CSP step
refuses an inline script that is not the theme's."""

from __future__ import annotations

import ast
import base64
import hashlib
from pathlib import Path

import pytest

from build_scripts.errors import ToolError
from build_scripts.pandoc.runner import run_pandoc
from build_scripts.paths import theme
from build_scripts.render.pdf import TypstJob, compile_pdf
from build_scripts.site.csp import add_content_security_policy, with_policy
from tests.conftest import ROOT

THEME = '__md_scope=new URL("../..",location)'


def test_pandoc_failure_names_document_command_and_message() -> None:
    with pytest.raises(ToolError) as caught:
        run_pandoc(["--no-such-option"], "", "source/policies/G-170.md")
    text = str(caught.value)
    assert text.startswith("pandoc failed on source/policies/G-170.md:\n")
    assert "pandoc --no-such-option" in text and "Unknown option --no-such-option" in text


def test_typst_failure_names_document_and_message() -> None:
    job = TypstJob("source/policies/G-170.md", '#panic("layout is broken")', "", {}, (theme.THEME / "fonts",), 0)
    with pytest.raises(ToolError) as caught:
        compile_pdf(job)
    assert str(caught.value).startswith("typst failed on source/policies/G-170.md:\n")
    assert "layout is broken" in str(caught.value)


def _is_subprocess_call(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    owner = node.func.value
    return node.func.attr in ("run", "Popen") and isinstance(owner, ast.Name) and owner.id == "subprocess"


def test_every_subprocess_call_has_a_timeout() -> None:
    calls = []
    for path in (ROOT / "build_scripts").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_subprocess_call(node):
                assert isinstance(node, ast.Call)
                calls.append((path.name, node.lineno, any(k.arg == "timeout" for k in node.keywords)))
    assert len(calls) >= 4
    assert [c for c in calls if not c[2]] == []


def test_csp_allows_the_theme_script_by_its_hash_only() -> None:
    page = f'<head><meta charset="utf-8"><script>{THEME}</script><script src="a.js"></script></head>'
    digest = base64.b64encode(hashlib.sha256(THEME.encode()).digest()).decode()
    result = with_policy(page, "index.html")
    assert f"script-src 'self' 'sha256-{digest}';" in result
    assert "unsafe-inline" not in result
    assert result.index("Content-Security-Policy") < result.index("<script>")


def test_an_inline_script_that_is_not_the_themes_fails_the_publish(tmp_path: Path) -> None:
    page = tmp_path / "policies" / "index.html"
    page.parent.mkdir()
    page.write_text('<meta charset="utf-8"><p>x</p><script>alert(1)</script>')
    with pytest.raises(ToolError) as caught:
        add_content_security_policy(tmp_path)
    assert str(caught.value) == (
        "Content Security Policy failed on policies/index.html:\nan inline script that is not the theme's: 'alert(1)'"
    )


def test_many_pdfs_are_made_in_worker_processes_in_order_and_failures_name_their_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bulk PDFs go through a pool of spawned worker processes, each replaced after a few PDFs (typst
    never frees what it memoises): the results come back in order, and a typst error in a worker
    still names its document."""
    from build_scripts.render.pdf import POOL_FROM, compile_pdfs

    monkeypatch.setattr("build_scripts.render.pdf.TASKS_PER_WORKER", 2)  # workers replaced several times

    fonts = (theme.THEME / "fonts",)
    layout = '#set document(title: "T")\n#set text(font: "DejaVu Serif", lang: "en")\n= T\n'
    jobs = [TypstJob(f"doc-{n}", layout, f"Number {n}", {}, fonts, 0) for n in range(POOL_FROM + 2)]
    done: list[int] = []
    pdfs = compile_pdfs(jobs, lambda: done.append(1))
    assert len(done) == len(jobs)
    assert pdfs == [compile_pdf(job) for job in jobs]
    broken = [*jobs[:-1], TypstJob("source/policies/BAD.md", '#panic("broken layout")', "", {}, fonts, 0)]
    with pytest.raises(ToolError) as caught:
        compile_pdfs(broken)
    assert str(caught.value).startswith("typst failed on source/policies/BAD.md:\n")
