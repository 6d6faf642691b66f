"""``policy serve``: the preview served on 127.0.0.1, rebuilt when a source or template changes.

MkDocs' ``LiveReloadServer`` watches the folders, serves the files and reloads open pages after each
rebuild. The builds are passed in (this stage does not know the pipeline). A change is built in two
passes: a quick one (the edited pages, with the documents of the last good build; they quote the
policies, so remaking them is most of a rebuild) after which the open page reloads, then the full
build, after which it reloads again. The full build returns the problems of a failed build as lines,
which are printed and shown at the top of every served page until the next good build; a quick pass
that fails shows nothing (the full build that follows reports it). When another change arrives during
the quick pass, the full build waits for it. The server keeps running whatever the sources say;
Ctrl-C stops it.
"""

from __future__ import annotations

import html
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

from ..errors import UsageError
from ..textfilters import counted

Rebuild = Callable[[], list[str]]  # builds into the served folder; returns error lines ([] when it built)
QuickRebuild = Callable[[], bool]  # the edited pages first, documents as last built; True when it published
PORTS_TRIED = 10  # the port asked for and the nine after it
ERROR_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:1rem;background:#fbeeee;color:#5c0f0f;"
    "border-bottom:4px solid #8a1c1c;font:1rem/1.4 sans-serif;white-space:pre-wrap"
)


class PreviewServer(LiveReloadServer):
    """A live-reload server that builds a change in two passes (reloading open pages after each) and
    shows the last build's errors on every HTML page. It steers ``LiveReloadServer``'s versions of the
    site (``_wanted_epoch``, ``_visible_epoch``, under its conditions) as its build loop does."""

    def __init__(
        self, rebuild: Rebuild, root: Path, port: int, out: Any = sys.stdout, quick: QuickRebuild | None = None
    ) -> None:
        self.errors: list[str] = []
        self._rebuild, self._quick, self._out = rebuild, quick, out
        super().__init__(builder=self.rebuild, host="127.0.0.1", port=port, root=str(root), polling_interval=0.1)

    def rebuild(self) -> None:
        """After a change: the quick pass and a reload, then (unless more changes wait) the full build,
        after which ``LiveReloadServer`` reloads open pages again."""
        if self._quick is None or not self._quick():
            self.build_once()
            return
        self.errors = []
        self._show_now()
        print("policy serve: pages rebuilt; documents next", file=self._out, flush=True)
        with self._rebuild_cond:
            if self._want_rebuild:
                return
        self.build_once()
        with self._epoch_cond:  # a version newer than the one shown: open pages reload once more
            self._wanted_epoch = max(self._visible_epoch + 1, round(time.monotonic() * 1000))

    def _show_now(self) -> None:
        """Reload open pages now, as ``LiveReloadServer`` does when its builder returns. Pages are then
        served while the full build runs (each build publishes with one atomic swap)."""
        with self._epoch_cond:
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def build_once(self) -> None:
        self.errors = self._rebuild()
        for line in self.errors:
            print(line, file=sys.stderr, flush=True)
        verdict = f"{counted(len(self.errors), 'problem')}; the page shows them" if self.errors else "rebuilt"
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


def free_port(port: int, tries: int = PORTS_TRIED) -> int:
    """``port``, or the first free one after it; raises UsageError when all are taken."""
    for candidate in range(port, port + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return candidate
    raise UsageError(
        f"ports {port} to {port + tries - 1} are all in use: stop the other preview (Ctrl-C in its window), "
        "or choose another port: policy serve --port 8100"
    )


def serve(
    rebuild: Rebuild,
    root: Path,
    watched: list[Path],
    port: int,
    out: Any = sys.stdout,
    quick: QuickRebuild | None = None,
) -> None:
    """Build once, then serve ``root`` on 127.0.0.1:``port`` (or the next free port, said so) and rebuild
    on every change until Ctrl-C (``quick`` first, when given)."""
    free = free_port(port)
    if free != port:
        print(f"policy serve: port {port} is in use (another preview?); serving on port {free} instead", file=out)
    server = PreviewServer(rebuild, root, free, out, quick)
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
