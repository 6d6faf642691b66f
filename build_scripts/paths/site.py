"""Every output path of the site, and every link between two of them.

Like MkDocs' ``File``, a path is computed once from what it names (a policy code, a version's date,
a document and school) and never taken apart again. Paths are relative to the site root and end in
``/`` for a folder; a page is the folder's ``index.md`` in the generated docs.
"""

from __future__ import annotations

import posixpath
from datetime import date

__all__ = [
    "API",
    "ARCHIVE",
    "ASSETS",
    "BUNDLE_ID",
    "DOCUMENTS",
    "DOCUMENTS_INDEX",
    "DUE",
    "FEED",
    "GUIDE",
    "HOME",
    "MANIFEST",
    "PENDING",
    "POLICIES",
    "POLICY_INDEX",
    "absolute",
    "bundle_pdf",
    "chooser_folder",
    "code_slug",
    "document_file",
    "document_folder",
    "document_stem",
    "folder_link",
    "link",
    "page",
    "policy_folder",
    "policy_pdf",
    "policy_pdf_name",
    "policy_text",
    "redirect_file",
    "redline_folder",
    "redline_pdf",
    "redline_pdf_name",
    "school_folder",
    "section_folder",
    "version_folder",
    "version_pdf",
    "version_pdf_name",
    "version_text",
]

HOME = "index.md"
POLICIES = "policies/"
POLICY_INDEX = "policies/index.md"
ARCHIVE = "archive/index.md"
DOCUMENTS = "documents/"
DOCUMENTS_INDEX = "documents/index.md"
FEED = "feed.xml"
API = "api/policies.json"
MANIFEST = "manifest.json"
ASSETS = "assets/"
PENDING = "pending/index.md"
DUE = "due/index.md"
GUIDE = "about/guide/index.md"
BUNDLE_ID = "print-bundle"


def page(folder: str) -> str:
    """The generated Markdown page of a folder."""
    return folder + "index.md"


def code_slug(code: str) -> str:
    """A policy code as it appears in URLs, file names and ids: lower case (``G-170`` -> ``g-170``,
    ``5131.2`` -> ``5131.2``)."""
    return code.lower()


def policy_folder(code: str) -> str:
    return f"{POLICIES}{code_slug(code)}/"


def policy_pdf_name(code: str) -> str:
    return f"{code}.pdf"


def policy_pdf(code: str) -> str:
    return policy_folder(code) + policy_pdf_name(code)


def policy_text(code: str) -> str:
    """The policy file's exact text (front matter and body), as published for the acknowledgement service."""
    return policy_folder(code) + f"{code}.md"


def redirect_file(former_code: str) -> str:
    """The HTML page at a renamed policy's old address, which sends the reader to the new one."""
    return policy_folder(former_code) + "index.html"


def section_folder(section: str) -> str:
    return f"sections/{section.lower()}/"


def version_folder(code: str, day: date) -> str:
    return f"{policy_folder(code)}versions/{day.isoformat()}/"


def version_pdf_name(code: str, day: date) -> str:
    return f"{code}-{day.isoformat()}.pdf"


def version_pdf(code: str, day: date) -> str:
    return version_folder(code, day) + version_pdf_name(code, day)


def version_text(code: str, day: date) -> str:
    """The exact text of the version's policy file, beside its page; its sha256 is the API's ``text_sha256``."""
    return version_folder(code, day) + f"{code}-{day.isoformat()}.md"


def redline_folder(code: str, day: date) -> str:
    """The changes that made the version of ``day`` from the one before it."""
    return version_folder(code, day) + "redline/"


def redline_pdf_name(code: str, day: date) -> str:
    return f"{code}-{day.isoformat()}-changes.pdf"


def redline_pdf(code: str, day: date) -> str:
    return redline_folder(code, day) + redline_pdf_name(code, day)


def school_folder(school: str) -> str:
    """A school's documents page and print bundles."""
    return f"{DOCUMENTS}{school}/"


def document_folder(document: str, school: str | None, lang: str | None = None) -> str:
    """A document's folder (per school when it is made per school); its translations sit inside."""
    base = f"{school_folder(school)}{document}/" if school else f"{DOCUMENTS}{document}/"
    return base + (f"{lang}/" if lang else "")


def document_stem(document: str, school: str | None, lang: str | None = None) -> str:
    stem = f"{document}-{school}" if school else document
    return stem + (f"-{lang}" if lang else "")


def document_file(document: str, school: str | None, suffix: str, lang: str | None = None) -> str:
    return document_folder(document, school, lang) + document_stem(document, school, lang) + suffix


def bundle_pdf(school: str, lang: str | None = None) -> str:
    """A school's print bundle (one PDF of its forms for the office printer), per language."""
    return school_folder(school) + document_stem(BUNDLE_ID, school, lang) + ".pdf"


def chooser_folder(document: str) -> str:
    """The 'choose your school' page of a per-school document."""
    return f"{DOCUMENTS}{document}/"


def absolute(site_url: str, path: str) -> str:
    """``path`` (relative to the site root) as an absolute URL; "" when the site's address is unknown."""
    return site_url + path if site_url else ""


def link(from_page: str, to: str) -> str:
    """A relative link from the generated page ``from_page`` to ``to`` (a file, or a folder's page)."""
    target = page(to) if to.endswith("/") else to
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def folder_link(from_folder: str, to_folder: str) -> str:
    """A relative URL between two folders of the published site (for raw HTML, which MkDocs leaves alone)."""
    return posixpath.relpath(to_folder, from_folder).removesuffix(".") + "/" if to_folder != from_folder else "./"
