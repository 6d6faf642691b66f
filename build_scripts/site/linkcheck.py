"""Every internal link and anchor of the built site resolves (standard library only).

``broken_links`` reads each ``*.html`` file of a site folder, follows the ``href``/``src`` targets that
stay inside the site (relative and root-relative) and checks that the file exists and that a
``#fragment`` names an element id of the target page. Links to other hosts and other schemes
(``https:``, ``mailto:``, ``data:`` ...) are not followed.
"""

from __future__ import annotations

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


def _read(path: Path) -> _Page:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.page


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
