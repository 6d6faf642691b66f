"""Typesetting documents: the shared PDF settings, the typst job of a document or of a bundle of
parts, and the fitting of a one-page form that overflows (compiled again, tighter)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from ..render.pdf import TypstJob, compile_pdf
from ..words import words
from .acroform import add_fields, field_places
from .qr import qr_inputs
from .render import Prepared

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![s\w])")


def part_body(typst: str, index: int) -> str:
    """One part of a PDF, set as its fit says (``part-style``); its own show rules (a letter's
    ``#show: letter``) end with it. Its end mark sits on its own last page: the page style of the
    next part starts a new page."""
    return f'#start-part("{index}")\n#[\n#show: part-style.with("{index}")\n{typst}\n#end-part()\n]\n'


ENGLISH_QR_ALT = words("en")("qr alt", code="{code}", url="{url}")


@dataclass(frozen=True)
class PdfSettings:
    layout: str
    fonts: tuple[Path, ...]
    timestamp: int
    district: str
    lang: str  # BCP 47 tag
    site_url: str = ""
    stamp: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # form_labels: what the layout prints itself
    qr_alt: str = ENGLISH_QR_ALT

    def local(self, item: Prepared) -> PdfSettings:
        """The settings for one document: its language, its labels and its QR codes' alt text."""
        labels = {k: v for k, v in item.labels.items() if k != "label-qr-alt"}
        tag = item.rendered.library.say.tag
        return replace(self, lang=tag, labels=labels, qr_alt=item.labels["label-qr-alt"])


def compile_parts(
    settings: PdfSettings,
    subject: str,
    title: str,
    bodies: list[str],
    footers: list[tuple[str, str]],
    extra: dict[str, str] | None = None,
    field_font: bytes | None = None,
    fits: list[str] | None = None,
) -> bytes:
    """The parts as one PDF, each set as tightly as its ``fits`` says (as its own PDF was); with
    ``field_font``, a fillable one (fields over every blank line and box)."""
    inputs = {"title": title, "district": settings.district, "lang": settings.lang, "stamp": settings.stamp}
    inputs.update(settings.labels)
    for index, (what, version) in enumerate(footers):
        inputs.update({f"part-{index}-footer": what, f"part-{index}-version": version})
    inputs.update({f"part-{index}-fit": fit for index, fit in enumerate(fits or [])})
    body = "".join(part_body(text, i) for i, text in enumerate(bodies))
    inputs.update({**qr_inputs(body, settings.site_url, settings.qr_alt), **(extra or {})})
    job = TypstJob(subject, settings.layout, body, inputs, settings.fonts, settings.timestamp)
    pdf = compile_pdf(job)
    return pdf if field_font is None else add_fields(pdf, field_places(job), field_font)


FIT_LEVELS = ("1", "2")  # document.typ's tighter settings for a one-page form that overflows


@dataclass(frozen=True)
class FittedJob:
    """One document's PDF, as a worker process makes it (``make_fitted``): plain data only."""

    settings: PdfSettings  # the document's own (``PdfSettings.local``)
    subject: str
    title: str
    body: str
    footer: tuple[str, str]
    one_page: bool
    extra: dict[str, str] | None = None
    field_font: bytes | None = None


def fitted_job(
    settings: PdfSettings,
    item: Prepared,
    body: str,
    extra: dict[str, str] | None = None,
    field_font: bytes | None = None,
) -> FittedJob:
    local, subject, one_page = settings.local(item), item.rendered.template.path, item.spec.one_page
    return FittedJob(local, subject, item.title, body, item.footer, one_page, extra, field_font)


@dataclass(frozen=True)
class Fitted:
    """A document's PDF and how tightly it is set (0, or a ``FIT_LEVELS`` level): its print bundle sets it alike."""

    pdf: bytes
    fit: str = "0"


def make_fitted(job: FittedJob) -> Fitted:
    """The PDF of ``job``; a one-page form that overflows is set again, tighter, up to twice."""
    compile_once = partial(compile_parts, job.settings, job.subject, job.title, [job.body], [job.footer])
    made = Fitted(compile_once(job.extra, job.field_font))
    for fit in FIT_LEVELS if job.one_page else ():
        if page_count(made.pdf) == 1:
            break
        made = Fitted(compile_once({**(job.extra or {}), "fit": fit}, job.field_font), fit)
    return made


def page_count(pdf: bytes) -> int:
    return len(PAGE_OBJECT.findall(pdf))
