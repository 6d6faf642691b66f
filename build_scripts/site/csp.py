"""A Content Security Policy in every published page, as a ``<meta>`` tag (works on static hosting).

Only the site's own scripts, styles, images and fonts load. Material's two inline scripts differ by
page depth (``__md_scope=new URL("../..",location)``), so each page allows its own by sha256 hash;
never ``'unsafe-inline'``. An inline script that is not one of Material's is never allowed: the
build fails instead of publishing it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

from ..errors import ToolError

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
CHARSET = '<meta charset="utf-8">'
MARKER = '<meta http-equiv="Content-Security-Policy"'
THEME_SCRIPTS = ("__md_scope=new URL(", "var target=document.getElementById(location.hash.slice(1))")
POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; frame-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def script_hashes(page: str, name: str) -> list[str]:
    """CSP sources of the page's inline scripts (data blocks and ``src`` scripts need none)."""
    hashes: list[str] = []
    for match in SCRIPT.finditer(page):
        attrs, body = match["attrs"], match["body"]
        if "src=" in attrs or "application/json" in attrs or not body:
            continue
        if not body.startswith(THEME_SCRIPTS):
            raise ToolError("Content Security Policy", name, f"an inline script that is not the theme's: {body[:80]!r}")
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


def with_policy(page: str, name: str) -> str:
    """The page with its CSP ``<meta>`` right after the charset (before any script or style)."""
    if CHARSET not in page:
        raise ToolError("Content Security Policy", name, f"no {CHARSET} to place the policy after")
    policy = POLICY.format(hashes=" ".join(script_hashes(page, name))).replace("  ", " ")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return page.replace(CHARSET, CHARSET + tag, 1)


def add_content_security_policy(site: Path) -> None:
    """Every HTML page of a built site gets its policy. A page that has one already (an incremental
    build keeps unchanged pages as hard links to the published site) is left alone, and a page is
    replaced by a new file, never written in place, so no published file is ever touched."""
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        if MARKER in text:
            continue
        fresh = page.with_name(f".{page.name}.csp")
        fresh.write_text(with_policy(text, name), encoding="utf-8")
        os.replace(fresh, page)
