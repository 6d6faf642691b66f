"""``policy doctor``: where the site is published (``site_url`` of mkdocs.yml): the feed, the open data
and every QR code on a printed form point there, so an example address must not stay."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..paths.project import Project
from ..source.gitread import git
from ..source.siteconfig import read_site_url
from .findings import Finding, Section, fix, note, ok

EXAMPLE_HOSTS = re.compile(r"(^|\.)(example\.(com|org|net|edu)|example|invalid|test|localhost)$")
GITHUB_REMOTE = re.compile(r"github\.com[:/](?P<owner>[^/]+)/(?P<name>[^/]+?)(\.git)?/?$")


def address(project: Project) -> Section:
    return Section("Site address", [_site_url(project)])


def pages_address(project: Project) -> str | None:
    """The GitHub Pages address of the repository's ``origin``, when it is on GitHub."""
    remote = (git(project.root, "remote", "get-url", "origin") or "").strip()
    found = GITHUB_REMOTE.search(remote)
    return f"https://{found['owner'].lower()}.github.io/{found['name']}/" if found else None


def _site_url(project: Project) -> Finding:
    url, problems = read_site_url(project)
    errors = [p.render() for p in problems if p.is_error]
    if url is None or errors:
        return fix("site_url in mkdocs.yml cannot be used: " + ("; ".join(errors) or "it is missing"), _set_it(project))
    host = (urlsplit(url).hostname or "").lower()
    if EXAMPLE_HOSTS.search(host) or "<" in url:
        return fix(f"site_url in mkdocs.yml is still the example address {url}", _set_it(project))
    expected = pages_address(project)
    if expected and host.endswith(".github.io") and url != expected:
        return note(
            f"site_url is {url}, but this repository's GitHub Pages address is {expected}",
            "if the site is published with GitHub Pages, set site_url in mkdocs.yml to that address",
        )
    return ok(f"site_url is {url} (the feed, the open data and the QR codes on forms point there)")


def _set_it(project: Project) -> str:
    expected = pages_address(project) or "https://OWNER.github.io/REPOSITORY/"
    return f"set site_url in mkdocs.yml to where the site is published (with GitHub Pages: {expected})"
