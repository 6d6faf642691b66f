"""``policy trip-form``: one trip's disclosure form, filled in, written outside the site.

The values (trip, destination, dates, leader, cell number) reach typst only as ``sys.inputs``
data, read by the template's ``::: {.field key=...}`` blocks: they are never spliced into
Markdown or typst markup, so whatever they contain prints literally. The filled PDF goes to a
git-ignored folder (``private/`` by default), never to ``site/``, the manifest or the search index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyError, ToolError
from ..pandoc.batch import read_many, write_many
from ..paths.project import DOCUMENTS, Project
from ..source.models import District, School
from ..source.project import Manual
from ..source.source_date import SourceDate
from .build import load_document_templates, pdf_settings, read_catalogs, site_address
from .library import Library
from .render import output_asts, prepare, render_instance
from .typeset import fitted_job, make_fitted, page_count

DOCUMENT_ID = "trip-disclosure-form"
MAX_CHARS = 200
PHONE_DIGITS = re.compile(r"^1?([2-9]\d{2})([2-9]\d{2})(\d{4})$")  # NANP: area code and exchange start 2-9
TOO_WIDE = re.compile(r"value-too-wide:([a-z-]+)")
PHONE_CHARS = re.compile(r"^[\d\s().+-]+$")


class TripFormError(PolicyError):
    """The trip form cannot be made from these values."""


@dataclass(frozen=True)
class TripDetails:
    """What the trip leader types on the command line."""

    trip: str
    destination: str
    dates: str
    leader: str
    cell: str

    def fields(self) -> dict[str, str]:
        return {
            "trip": self.trip,
            "destination": self.destination,
            "dates": self.dates,
            "leader": self.leader,
            "cell": self.cell,
        }


def phone_number(text: str) -> str:
    """A US phone number written as (508) 555-0134; anything else is an error."""
    digits = re.sub(r"\D", "", text)
    match = PHONE_DIGITS.match(digits)
    if not PHONE_CHARS.match(text.strip() or "x") or not match:
        raise TripFormError(f"--cell: '{text}' is not a phone number; write 10 digits, e.g. 508-555-0134")
    return f"({match.group(1)}) {match.group(2)}-{match.group(3)}"


def clean_details(details: TripDetails) -> TripDetails:
    values = {key: " ".join(value.split()) for key, value in details.fields().items()}
    for key, value in values.items():
        if not value:
            raise TripFormError(f"--{key}: must not be empty")
        if len(value) > MAX_CHARS:
            raise TripFormError(f"--{key}: {len(value)} characters is too long for the form (at most {MAX_CHARS})")
    values["cell"] = phone_number(values["cell"])
    return TripDetails(**values)


def find_school(district: District, ident: str) -> School:
    school = district.school(ident)
    if school is None:
        known = ", ".join(s.id for s in district.schools)
        raise TripFormError(f"--school: no school has the id '{ident}' (known: {known})")
    return school


def output_folder(project: Project, out: Path | None) -> Path:
    folder = (out or project.private_dir).resolve()
    site = project.site_dir.resolve()
    if folder == site or site in folder.parents:
        raise TripFormError(
            f"--out: {folder} is inside the published site; filled forms are private "
            f"(default {project.display(project.private_dir)}/)"
        )
    return folder


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:40].strip("-") or "trip"


def write_trip_form(
    project: Project,
    manual: Manual,
    school_id: str,
    details: TripDetails,
    stamp: SourceDate,
    out: Path | None = None,
    lang: str | None = None,
) -> Path:
    """Fill the school's trip form with ``details``, in ``lang`` (default: the district's); returns the PDF's path."""
    assert manual.district is not None
    district = manual.district
    school, details, folder = find_school(district, school_id), clean_details(details), output_folder(project, out)
    templates, _problems = load_document_templates(project)
    template = next((t for t in templates if t.spec.id == DOCUMENT_ID), None)
    if template is None:
        raise TripFormError(f"{DOCUMENTS}/{DOCUMENT_ID}.md.j2 is missing")
    lang = lang or district.language
    made_in = [district.language, *template.spec.languages]
    if lang not in made_in:
        raise TripFormError(f"--lang: the trip form is made in {', '.join(made_in)}, not '{lang}'")
    catalogs, _catalog_problems = read_catalogs(project, [template])
    library = Library(manual.published, district.language_info(district.language), site_address(project))
    rendered = render_instance(template, school, lang, library, district, stamp.day, catalogs)
    item = prepare([rendered], read_many([rendered.markdown], DOCUMENTS), library)[0]
    body = write_many(output_asts([item], "typst", site_address(project)), "typst", DOCUMENTS)[0]
    missing = [key for key in details.fields() if f'key: "{key}"' not in body]
    if missing:
        raise TripFormError(f"{template.path} has no field for: {', '.join(missing)}")
    values = {f"field-{key}": value for key, value in details.fields().items()}
    try:
        pdf = make_fitted(fitted_job(pdf_settings(project, district, stamp), item, body, values))
    except ToolError as exc:
        match = TOO_WIDE.search(exc.detail)
        if match is None:
            raise
        raise TripFormError(
            f"--{match.group(1)}: a word in it is wider than its field on the form; shorten it"
        ) from None
    if page_count(pdf) > 1:
        key, value = max(details.fields().items(), key=lambda kv: len(kv[1]))
        hint = f"shorten the longest value (--{key}, {len(value)} characters)"
        raise TripFormError(f"the filled form does not fit on one page; {hint}")
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "" if lang == district.language else f"-{lang}"
    target = folder / f"{DOCUMENT_ID}-{school.id}-{slug(details.trip)}{suffix}.pdf"
    target.write_bytes(pdf)
    return target
