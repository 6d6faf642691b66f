"""Every internal link and anchor of the built site resolves (standard library only).

``broken_links`` reads each ``*.html`` file of a site folder, follows the ``href``/``src`` targets that
stay inside the site (relative and root-relative) and checks that the file exists and that a
``#fragment`` names an element id of the target page. Links to other hosts and other schemes
(``https:``, ``mailto:``, ``data:`` ...) are not followed.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from ..errors import ToolError
from ..textfilters import counted

LINK_ATTRIBUTES = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "track": "src",
    "embed": "src",
}
TOP_OF_PAGE = {"", "top"}  # HTML: an empty fragment and "#top" scroll to the top without an element
HOST = "http://site.invalid"  # stands for the site's host while resolving links


@dataclass
class _Page:
    """The ids one HTML file defines and the link targets it uses, in document order."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.page.ids.add(str(values["name"]))
        target = values.get(LINK_ATTRIBUTES.get(tag, ""))
        if target is not None:
            self.page.links.append(target.strip())


TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""")
ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
SKIPPED = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def parse_page(text: str) -> _Page:
    """The ids and link targets of one page: a scan of its start tags (several times faster than
    ``HTMLParser``, which the link check spent as long in as MkDocs takes to build the site)."""
    page = _Page()
    for match in TAG.finditer(SKIPPED.sub(_keep_script_tag, text)):
        tag = match.group(1).lower()
        values = {
            m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in ATTRIBUTE.finditer(match.group(2) or "")
        }
        if values.get("id"):
            page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            page.ids.add(values["name"])
        target = values.get(LINK_ATTRIBUTES.get(tag, ""))
        if target is not None:
            page.links.append(target.strip())
    return page


def _keep_script_tag(match: re.Match[str]) -> str:
    """Comments vanish; a script or style element keeps only its start tag (its ``src`` is a link)."""
    text = match.group(0)
    return text[: text.index(">") + 1] if match.group(1) else ""


def parse_page_reference(text: str) -> _Page:
    """The same as ``parse_page`` with Python's ``HTMLParser`` (the tests compare the two)."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


Link = tuple[str, str, bool, str]  # as written, the site file or folder it names, ends in "/", fragment


@dataclass(frozen=True)
class _Scanned:
    """One page as the check needs it: its bytes' digest, its ids and its resolved links."""

    digest: str
    ids: set[str]
    links: list[Link]


def _resolve(name: str, links: list[str], base_path: str) -> list[Link]:
    """Each distinct target of one page, resolved to a path inside the site. Links to other hosts,
    schemes or sites are not ours to check offline and are left out."""
    base = HOST + base_path
    resolved: list[Link] = []
    for link in dict.fromkeys(links):  # each target once per page, in order
        url = urlsplit(urljoin(base + name, link))
        if f"{url.scheme}://{url.netloc}" != HOST or not url.path.startswith(base_path):
            continue
        relative = PurePosixPath(unquote("/" + url.path[len(base_path) :])).relative_to("/").as_posix()
        resolved.append((link, "" if relative == "." else relative, url.path.endswith("/"), unquote(url.fragment)))
    return resolved


def _scan(site_dir: Path, base_path: str, memo: dict[str, Any]) -> tuple[dict[str, _Scanned], set[str], set[str]]:
    """Every HTML page's ids and resolved links (taken from ``memo`` when its bytes are the same),
    and the site's files and folders."""
    files: set[str] = set()
    folders: set[str] = {""}
    pages: dict[str, _Scanned] = {}
    for path in sorted(site_dir.rglob("*")):
        name = path.relative_to(site_dir).as_posix()
        if path.is_dir():
            folders.add(name)
            continue
        files.add(name)
        if path.suffix != ".html":
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        known = memo.get(name)
        if isinstance(known, list) and len(known) == 3 and known[0] == digest:
            pages[name] = _Scanned(digest, set(known[1]), [(a, b, c, d) for a, b, c, d in known[2]])
            continue
        page = parse_page(data.decode("utf-8", errors="replace"))
        pages[name] = _Scanned(digest, page.ids, _resolve(name, page.links, base_path))
    return pages, files, folders


def _target(path: str, folder_url: bool, folders: set[str]) -> str:
    """The file a resolved path names: a folder URL means its index.html."""
    if folder_url or path in folders:
        return f"{path}/index.html" if path else "index.html"
    return path


def _has_fragment(page: _Scanned | None, fragment: str) -> bool:
    """A fragment resolves at the top of any page, and in an HTML page that has an element of that id
    (other files have no fragments to check)."""
    return fragment in TOP_OF_PAGE or page is None or fragment in page.ids


def broken_links(site_dir: Path, base_path: str = "/", memo: Path | None = None) -> list[str]:
    """Every internal link of the site that does not resolve, as ``page.html: link target`` lines.

    ``base_path`` is the path of ``site_url`` (``/policy-manual/`` on GitHub Pages): root-relative
    links under it point into the site. ``memo``: a file where the ids and links of every page are
    kept between checks, so that only pages whose bytes changed are parsed again (every link of
    every page is still checked, against today's files).
    """
    site_dir = site_dir.resolve()
    known = _read_memo(memo, base_path)
    pages, files, folders = _scan(site_dir, base_path, known)
    broken = []
    for name, page in pages.items():
        for link, path, folder_url, fragment in page.links:
            target = _target(path, folder_url, folders)
            if target not in files or not _has_fragment(pages.get(target), fragment):
                broken.append(f"{name}: {link}")
    if memo is not None:
        _write_memo(memo, base_path, pages)
    return broken


def _read_memo(memo: Path | None, base_path: str) -> dict[str, Any]:
    try:
        kept = json.loads(memo.read_text(encoding="utf-8")) if memo is not None else {}
    except (OSError, ValueError):
        return {}
    pages = kept.get("pages") if isinstance(kept, dict) and kept.get("base_path") == base_path else None
    return pages if isinstance(pages, dict) else {}


def _write_memo(memo: Path, base_path: str, pages: dict[str, _Scanned]) -> None:
    kept = {name: [p.digest, sorted(p.ids), p.links] for name, p in pages.items()}
    memo.parent.mkdir(parents=True, exist_ok=True)
    temporary = memo.with_name(memo.name + ".tmp")
    temporary.write_text(json.dumps({"base_path": base_path, "pages": kept}), encoding="utf-8")
    os.replace(temporary, memo)


def check_links(site_dir: Path, subject: str, base_path: str = "/", memo: Path | None = None) -> None:
    """Raise ToolError listing every broken internal link of the site in ``site_dir``."""
    broken = broken_links(site_dir, base_path, memo)
    if broken:
        raise ToolError("link check", subject, f"{counted(len(broken), 'broken link')}:\n" + "\n".join(broken))
