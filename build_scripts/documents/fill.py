"""``policy fill``: any fillable document, filled in for one school, written outside the site.

The template declares what can be filled: ``::: {.field key="cell" type="phone"}``. Values reach typst
only as ``sys.inputs`` data, read by those fields: they are never spliced into Markdown or typst markup,
so whatever they contain prints literally. A phone field is checked and printed in the district's
``phone_format``. The filled PDF goes to a git-ignored folder (``private/`` by default), never to
``site/``, the manifest, the cache or the search index: it may hold a personal phone number.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyError, ToolError
from ..pandoc.batch import read_many, write_many
from ..pandoc.runner import Ast, Node
from ..paths.project import DOCUMENTS, Project
from ..source.models import District, PhoneFormat, School
from ..source.project import Manual
from ..source.source_date import SourceDate
from .blocks import KEY, kind_of, label
from .build import load_document_templates, pdf_settings, read_catalogs, site_address
from .library import Library
from .render import Prepared, output_asts, prepare, render_instance
from .spec import DocumentTemplate
from .typeset import fitted_job, make_fitted, page_count

MAX_CHARS = 200
NANP = re.compile(r"^1?([2-9]\d{2})([2-9]\d{2})(\d{4})$")  # area code and exchange start 2-9
PHONE_CHARS = re.compile(r"^\+?[\d\s().-]+$")
TOO_WIDE = re.compile(r"value-too-wide:([a-z0-9-]+)")
NAME_WORDS = 6  # how many words of the first value name the file


class FillError(PolicyError):
    """The document cannot be filled with these values."""


@dataclass(frozen=True)
class Field:
    """A blank of the form that a value can fill: its key, kind and printed label."""

    key: str
    kind: str  # "text" or "phone"
    label: str


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """``--set key=value`` pairs, in order; a key given twice keeps its last value."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise FillError(f"--set: '{pair}' is not FIELD=VALUE (e.g. --set trip='Science museum')")
        values[key.strip()] = value
    return values


def fill_document(
    project: Project,
    manual: Manual,
    district: District,
    request: FillRequest,
    stamp: SourceDate,
) -> Path:
    """Fill ``request.document`` for one school in one language; returns the private PDF's path."""
    template = _fillable(project, request.document)
    school, folder = find_school(district, request.school), output_folder(project, request.out)
    lang = _language(template, district, request.lang)
    catalogs, _problems = read_catalogs(project, [template])
    library = Library(manual.published, district.language_info(district.language), site_address(project))
    rendered = render_instance(template, school, lang, library, district, stamp.day, catalogs)
    item = prepare([rendered], read_many([rendered.markdown], DOCUMENTS), library)[0]
    values = checked_values(form_fields(item.ast), request.values, district.phone_format)
    body = write_many(output_asts([item], "typst", site_address(project)), "typst", DOCUMENTS)[0]
    pdf = _typeset(project, district, stamp, item, body, values)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "" if lang == district.language else f"-{lang}"
    target = folder / f"{template.spec.id}-{school.id}-{file_words(values)}{suffix}.pdf"
    target.write_bytes(pdf)
    return target


@dataclass(frozen=True)
class FillRequest:
    document: str
    school: str
    values: dict[str, str]
    lang: str | None = None
    out: Path | None = None


def _fillable(project: Project, document: str) -> DocumentTemplate:
    templates, _problems = load_document_templates(project)
    fillable = [t for t in templates if t.spec.fillable]
    template = next((t for t in fillable if t.spec.id == document), None)
    if template is None:
        known = ", ".join(t.spec.id for t in fillable) or "none"
        raise FillError(f"'{document}' is not a fillable document (fillable: {known})")
    return template


def _language(template: DocumentTemplate, district: District, lang: str | None) -> str:
    chosen = lang or district.language
    made_in = [district.language, *template.spec.languages]
    if chosen not in made_in:
        raise FillError(f"--lang: {template.spec.id} is made in {', '.join(made_in)}, not '{chosen}'")
    return chosen


def form_fields(ast: Ast) -> list[Field]:
    """Every field of the rendered form that has a key, in the order it prints."""
    found: list[Field] = []
    _collect(ast.get("blocks", []), found)
    return found


def _collect(blocks: list[Node], found: list[Field]) -> None:
    for block in blocks:
        if kind_of(block) == "field":
            attributes = dict(block["c"][0][2])
            key = attributes.get("key")
            if key and KEY.match(key) and key not in {f.key for f in found}:
                found.append(Field(key, attributes.get("type", "text"), _plain(label(block))))
        elif block.get("t") in ("Div", "BlockQuote"):
            _collect(block["c"][1] if block["t"] == "Div" else block["c"], found)


def _plain(inlines: list[Node]) -> str:
    words = []
    for node in inlines:
        if node.get("t") == "Str":
            words.append(node["c"])
        elif node.get("t") in ("Space", "SoftBreak"):
            words.append(" ")
    return "".join(words).strip()


def checked_values(fields: list[Field], values: dict[str, str], phones: PhoneFormat) -> dict[str, str]:
    """The values by field key, cleaned; every problem an error naming the field."""
    known = {f.key: f for f in fields}
    if not values:
        raise FillError(f"give at least one value: --set FIELD=VALUE (fields: {', '.join(known)})")
    cleaned = {}
    for key, value in values.items():
        if key not in known:
            near = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean '{near[0]}'? " if near else ""
            raise FillError(f"--set {key}: the form has no such field ({hint}fields: {', '.join(known)})")
        text = " ".join(value.split())
        if not text:
            raise FillError(f"--set {key}: must not be empty (leave the field out to print it blank)")
        if len(text) > MAX_CHARS:
            raise FillError(f"--set {key}: {len(text)} characters is too long for the form (at most {MAX_CHARS})")
        cleaned[key] = phone_number(text, phones, key) if known[key].kind == "phone" else text
    return {key: cleaned[key] for key in known if key in cleaned}


def phone_number(text: str, phones: PhoneFormat, key: str = "phone") -> str:
    """A US number printed as (508) 555-0134; an international one as typed (+, 7 to 15 digits)."""
    digits = re.sub(r"\D", "", text)
    if phones is PhoneFormat.INTERNATIONAL:
        if PHONE_CHARS.match(text) and text.startswith("+") and 7 <= len(digits) <= 15:
            return text
        raise FillError(
            f"--set {key}: '{text}' is not a phone number; write + and the country code, e.g. +1 508 555 0134"
        )
    match = NANP.match(digits)
    if not PHONE_CHARS.match(text) or not match:
        raise FillError(f"--set {key}: '{text}' is not a phone number; write 10 digits, e.g. 508-555-0134")
    return f"({match.group(1)}) {match.group(2)}-{match.group(3)}"


def _typeset(
    project: Project, district: District, stamp: SourceDate, item: Prepared, body: str, values: dict[str, str]
) -> bytes:
    inputs = {f"field-{key}": value for key, value in values.items()}
    try:
        pdf = make_fitted(fitted_job(pdf_settings(project, district, stamp), item, body, inputs)).pdf
    except ToolError as exc:
        match = TOO_WIDE.search(exc.detail)
        if match is None:
            raise
        raise FillError(
            f"--set {match.group(1)}: a word in it is wider than its field on the form; shorten it"
        ) from None
    if page_count(pdf) > 1:
        key, value = max(values.items(), key=lambda kv: len(kv[1]))
        raise FillError(
            f"the filled form does not fit on one page; shorten the longest value ({key}, {len(value)} characters)"
        )
    return pdf


def find_school(district: District, ident: str) -> School:
    school = district.school(ident)
    if school is None:
        known = ", ".join(s.id for s in district.schools)
        raise FillError(f"--school: no school has the id '{ident}' (known: {known})")
    return school


def output_folder(project: Project, out: Path | None) -> Path:
    folder = (out or project.private_dir).resolve()
    site = project.site_dir.resolve()
    if folder == site or site in folder.parents:
        raise FillError(
            f"--out: {folder} is inside the published site; filled forms are private "
            f"(default {project.display(project.private_dir)}/)"
        )
    return folder


def file_words(values: dict[str, str]) -> str:
    """The filled file's name after its first value, in whole words: 'science-museum-visit'."""
    first = next(iter(values.values()), "")
    words = re.findall(r"[a-z0-9]+", first.lower())[:NAME_WORDS]
    return "-".join(words) or "filled"
