"""``policy serve``: the preview served on 127.0.0.1, rebuilt when a source or template changes.

MkDocs' ``LiveReloadServer`` watches the folders, serves the files and reloads open pages after each
rebuild. The build itself is passed in (this stage does not know the pipeline): it returns the
problems of a failed build as lines, which are printed and shown at the top of every served page until
the next good build. The server keeps running whatever the sources say; Ctrl-C stops it.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

Rebuild = Callable[[], list[str]]  # builds into the served folder; returns error lines ([] when it built)
ERROR_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:1rem;background:#fbeeee;color:#5c0f0f;"
    "border-bottom:4px solid #8a1c1c;font:1rem/1.4 sans-serif;white-space:pre-wrap"
)


class PreviewServer(LiveReloadServer):
    """A live-reload server that also shows the last build's errors on every HTML page."""

    def __init__(self, rebuild: Rebuild, root: Path, port: int, out: Any = sys.stdout) -> None:
        self.errors: list[str] = []
        self._rebuild, self._out = rebuild, out
        super().__init__(builder=self.build_once, host="127.0.0.1", port=port, root=str(root), polling_interval=0.25)

    def build_once(self) -> None:
        self.errors = self._rebuild()
        for line in self.errors:
            print(line, file=sys.stderr, flush=True)
        verdict = f"{len(self.errors)} problem(s); the page shows them" if self.errors else "rebuilt"
        print(f"policy serve: {verdict}", file=self._out, flush=True)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        if not self.errors:
            return content
        lines = "\n".join(html.escape(line) for line in self.errors)
        banner = (
            f'<pre role="alert" class="policy-serve-errors" style="{ERROR_STYLE}">'
            f"<strong>The sources have problems; this page shows the last good build.</strong>\n{lines}</pre>"
        ).encode()
        start = content.find(b"<body")
        at = content.find(b">", start) + 1 if start >= 0 else 0
        return content[:at] + banner + content[at:]


def serve(rebuild: Rebuild, root: Path, watched: list[Path], port: int, out: Any = sys.stdout) -> None:
    """Build once, then serve ``root`` on 127.0.0.1:``port`` and rebuild on every change until Ctrl-C."""
    server = PreviewServer(rebuild, root, port, out)
    server.build_once()
    if not root.exists():
        root.mkdir(parents=True)
        (root / "index.html").write_text('<!doctype html><html lang="en"><title>Preview</title><body></body></html>')
    for path in watched:
        server.watch(str(path))
    print(
        f"policy serve: serving {server.url} (drafts included); watching source/ and templates/; Ctrl-C stops",
        file=out,
        flush=True,
    )
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    print("policy serve: stopped", file=out, flush=True)
