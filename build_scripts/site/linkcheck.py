"""Every internal link and anchor of the built site resolves (standard library only).

``broken_links`` reads each ``*.html`` file of a site folder, follows the ``href``/``src`` targets that
stay inside the site (relative and root-relative) and checks that the file exists and that a
``#fragment`` names an element id of the target page. Links to other hosts and other schemes
(``https:``, ``mailto:``, ``data:`` ...) are not followed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from ..errors import ToolError

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


def _read(path: Path) -> _Page:
    return parse_page(path.read_text(encoding="utf-8", errors="replace"))


def _target_file(site_dir: Path, path: str) -> Path:
    """The file a resolved URL path names: a folder URL means its index.html."""
    relative = PurePosixPath(unquote(path)).relative_to("/")
    target = site_dir.joinpath(*relative.parts)
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site_dir: Path, base_path: str = "/") -> list[str]:
    """Every internal link of the site that does not resolve, as ``page.html: link target`` lines.

    ``base_path`` is the path of ``site_url`` (``/policy-manual/`` on GitHub Pages): root-relative
    links under it point into the site.
    """
    site_dir = site_dir.resolve()
    base = HOST + base_path
    pages = {path: _read(path) for path in sorted(site_dir.rglob("*.html"))}
    broken = []
    for path, page in pages.items():
        name = path.relative_to(site_dir).as_posix()
        for link in dict.fromkeys(page.links):  # each target once per page, in order
            url = urlsplit(urljoin(base + name, link))
            if f"{url.scheme}://{url.netloc}" != HOST or not url.path.startswith(base_path):
                continue  # another host, scheme or site: not ours to check offline
            target = _target_file(site_dir, "/" + url.path[len(base_path) :])
            if not target.is_file():
                broken.append(f"{name}: {link}")
                continue
            fragment = unquote(url.fragment)
            if fragment in TOP_OF_PAGE or target.suffix != ".html":
                continue
            ids = pages[target].ids if target in pages else _read(target).ids
            if fragment not in ids:
                broken.append(f"{name}: {link}")
    return broken


def check_links(site_dir: Path, subject: str, base_path: str = "/") -> None:
    """Raise ToolError listing every broken internal link of the site in ``site_dir``."""
    broken = broken_links(site_dir, base_path)
    if broken:
        raise ToolError("link check", subject, f"{len(broken)} broken link(s):\n" + "\n".join(broken))
