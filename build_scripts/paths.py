"""Every output path of the site, and every link between two of them, in one place.

Like MkDocs' ``File``, a path is computed once from what it names (a policy code, a version's date,
a document and school) and never taken apart again. Paths are relative to the site root and end in
``/`` for a folder; a page is the folder's ``index.md`` in the generated docs.
"""

from __future__ import annotations

import posixpath
from datetime import date

HOME = "index.md"
POLICY_INDEX = "policies/index.md"
ARCHIVE = "archive/index.md"
DOCUMENTS_INDEX = "documents/index.md"
FEED = "feed.xml"
API = "api/policies.json"


def page(folder: str) -> str:
    """The generated Markdown page of a folder."""
    return folder + "index.md"


def policy_folder(code: str) -> str:
    return f"policies/{code.lower()}/"


def policy_pdf_name(code: str) -> str:
    return f"{code}.pdf"


def policy_pdf(code: str) -> str:
    return policy_folder(code) + policy_pdf_name(code)


def policy_text(code: str) -> str:
    """The policy file's exact text (front matter and body), as published for the acknowledgement service."""
    return policy_folder(code) + f"{code}.md"


def section_folder(letter: str) -> str:
    return f"sections/{letter.lower()}/"


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


def document_folder(document: str, school: str | None) -> str:
    return f"documents/{school}/{document}/" if school else f"documents/{document}/"


def document_stem(document: str, school: str | None) -> str:
    return f"{document}-{school}" if school else document


def document_file(document: str, school: str | None, suffix: str) -> str:
    return document_folder(document, school) + document_stem(document, school) + suffix


def school_folder(school: str) -> str:
    """A school's documents page and print bundle."""
    return f"documents/{school}/"


def chooser_folder(document: str) -> str:
    """The 'choose your school' page of a per-school document."""
    return f"documents/{document}/"


def link(from_page: str, to: str) -> str:
    """A relative link from the generated page ``from_page`` to ``to`` (a file, or a folder's page)."""
    target = page(to) if to.endswith("/") else to
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def folder_link(from_folder: str, to_folder: str) -> str:
    """A relative URL between two folders of the published site (for raw HTML, which MkDocs leaves alone)."""
    return posixpath.relpath(to_folder, from_folder).removesuffix(".") + "/" if to_folder != from_folder else "./"
