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
import subprocess
import tarfile
import tempfile
from datetime import date
from pathlib import Path

from ..errors import UsageError, ValidationFailed
from ..pandoc.batch import write_many
from ..paths.project import DOCUMENTS, Project
from ..source.gitread import git
from ..source.project import load_manual
from ..words import language
from .build import prepare_all, site_address
from .render import BUNDLE_ID, output_asts

Artefact = tuple[str, str, str]  # document id, school id ('' for the district's), language
SOURCES = ("source", "templates", "mkdocs.yml")


def printed(project: Project, day: date) -> dict[Artefact, str]:
    """Each document's printed content, as a hash, rendered as of ``day``."""
    manual = load_manual(project)
    if manual.district is None or any(p.is_error for p in manual.problems):
        raise ValidationFailed(manual.problems)
    prepared, _library, _warnings = prepare_all(project, manual, manual.district, day)
    site_url = site_address(project)
    bodies = write_many(output_asts(prepared, "typst", site_url), "typst", DOCUMENTS)
    hashes: dict[Artefact, str] = {}
    bundles: dict[Artefact, list[str]] = {}
    for item, body in zip(prepared, bodies, strict=True):
        content = json.dumps([body, item.footer, item.title, item.labels, site_url], sort_keys=True)
        key = (item.spec.id, item.school.id if item.school else "", item.lang)
        hashes[key] = hashlib.sha256(content.encode("utf-8")).hexdigest()
        if item.school and item.spec.in_bundle:  # the school's print bundle in its language
            bundles.setdefault((BUNDLE_ID, item.school.id, item.lang), []).append(hashes[key])
    for key, parts in bundles.items():
        hashes[key] = hashlib.sha256("".join(parts).encode("ascii")).hexdigest()
    return hashes


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


def reprints(project: Project, commit: str, day: date) -> list[tuple[Artefact, str]]:
    """Every artefact printed differently now than at ``commit``: (artefact, 'changed'|'new'|'gone')."""
    now = printed(project, day)
    with tempfile.TemporaryDirectory(prefix="policy-reprint-") as folder:
        try:
            then = printed(sources_at(project, commit, Path(folder)), day)
        except ValidationFailed as exc:
            first = exc.problems[0].render() if exc.problems else ""
            raise UsageError(f"policy reprint: the sources at {commit} do not build with this tool ({first})") from None
    found = [(key, "changed") for key in now if key in then and now[key] != then[key]]
    found += [(key, "new") for key in now if key not in then]
    found += [(key, "gone") for key in then if key not in now]
    return sorted(found)


def reprint_lines(project: Project, commit: str, day: date | None = None) -> list[str]:
    """What to print again, one line per document, school and language, then a count."""
    found = reprints(project, commit, day or date.today())
    lines = []
    for (document, school, lang), kind in found:
        where = school or "district"
        note = {"changed": "", "new": " (new)", "gone": " (no longer made: recycle printed copies)"}[kind]
        lines.append(f"{document}  {where}  {lang} ({language(lang).name}){note}")
    short = commit[:12]
    summary = f"policy reprint: {len(found)} printed document(s) changed since {short}"
    return [*lines, summary] if found else [f"policy reprint: nothing printed has changed since {short}"]
