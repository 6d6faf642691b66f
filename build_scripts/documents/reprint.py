"""``policy reprint --since COMMIT``: which printed documents a school office must print again
(each school's print bundle too, when one of its forms changed).

Both the sources at COMMIT and the working tree are rendered by this tool, with the same build date,
down to what a page prints: the typst body, footers, title, labels and the site address its QR codes
hold. A change of code that prints the same text is not a reprint; a changed clause that a form
quotes is, for every school and language that prints it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import UsageError, ValidationFailed
from ..pandoc.batch import write_many
from ..paths.project import DOCUMENTS, Project
from ..source.gitread import git
from ..source.project import load_manual
from ..textfilters import counted
from ..words import language
from .build import prepare_all, site_address
from .render import BUNDLE_ID, output_asts
from .reprint_reasons import Print, bundle_parts, document_parts, reasons

Artefact = tuple[str, str, str]  # document id, school id ('' for the district's), language
SOURCES = ("source", "templates", "mkdocs.yml")


def printed(project: Project, day: date) -> dict[Artefact, Print]:
    """Each document's printed content, as a hash and its parts, rendered as of ``day``."""
    manual = load_manual(project)
    district = manual.district
    if district is None or any(p.is_error for p in manual.problems):
        raise ValidationFailed(manual.problems)
    prepared, _library, _warnings = prepare_all(project, manual, district, day)
    site_url = site_address(project)
    bodies = write_many(output_asts(prepared, "typst", site_url), "typst", DOCUMENTS)
    prints: dict[Artefact, Print] = {}
    bundles: dict[Artefact, dict[str, Print]] = {}
    for item, body in zip(prepared, bodies, strict=True):
        content = json.dumps([body, item.footer, item.title, item.labels, site_url], sort_keys=True)
        key = (item.spec.id, item.school.id if item.school else "", item.lang)
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        prints[key] = Print(digest, document_parts(item, district, site_url))
        if item.school and item.spec.in_bundle:  # the school's print bundle in its language
            bundles.setdefault((BUNDLE_ID, item.school.id, item.lang), {})[item.spec.id] = prints[key]
    for key, members in bundles.items():
        prints[key] = bundle_parts(members)
    return prints


def sources_at(project: Project, commit: str, into: Path) -> Project:
    """The project's sources as they were at ``commit``, written into ``into``."""
    if git(project.root, "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}") is None:
        raise UsageError(f"policy reprint: '{commit}' is not a commit of this repository")
    present = [p for p in SOURCES if git(project.root, "cat-file", "-e", f"{commit}:{p}") is not None]
    done = subprocess.run(
        ["git", "archive", "--format=tar", commit, "--", *present],
        cwd=project.root,
        capture_output=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise UsageError(f"policy reprint: git could not read {commit}: {done.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+ (and Debian's security updates)
            archive.extractall(into, filter="data")
        else:  # the repository's own archive of three paths
            archive.extractall(into)
    return Project.at(into)


@dataclass(frozen=True)
class Reprint:
    artefact: Artefact
    kind: str  # changed | new | gone
    reasons: list[str]  # what changed, in words (for 'changed')


def reprints(project: Project, commit: str, day: date) -> list[Reprint]:
    """Every artefact printed differently now than at ``commit``, with what changed in it."""
    now = printed(project, day)
    with tempfile.TemporaryDirectory(prefix="policy-reprint-") as folder:
        try:
            then = printed(sources_at(project, commit, Path(folder)), day)
        except ValidationFailed as exc:
            first = exc.problems[0].render() if exc.problems else ""
            raise UsageError(f"policy reprint: the sources at {commit} do not build with this tool ({first})") from None
    found = [
        Reprint(key, "changed", reasons(then[key], now[key], language(key[2]).english))
        for key in now
        if key in then and now[key].digest != then[key].digest
    ]
    found += [Reprint(key, "new", []) for key in now if key not in then]
    found += [Reprint(key, "gone", []) for key in then if key not in now]
    return sorted(found, key=lambda r: r.artefact)


def reprint_lines(project: Project, commit: str, day: date | None = None) -> list[str]:
    """What to print again, one line per document, school and language, with what changed in it;
    then a count."""
    found = reprints(project, commit, day or date.today())
    lines = []
    for item in found:
        document, school, lang = item.artefact
        why = {"changed": ": " + "; ".join(item.reasons), "new": " (new)"}
        note = why.get(item.kind, " (no longer made: recycle printed copies)")
        lines.append(f"{document}  {school or 'district'}  {lang} ({language(lang).name}){note}")
    short = commit[:12] if re.fullmatch(r"[0-9a-f]{13,40}", commit) else commit  # a tag or branch whole
    summary = f"policy reprint: {counted(len(found), 'printed document')} changed since {short}"
    return [*lines, summary] if found else [f"policy reprint: nothing printed has changed since {short}"]
