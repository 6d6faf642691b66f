"""Each document, and each school's print bundle, cached on its own inputs.

``stage_cache.py`` keeps the whole documents stage, keyed on every source and template file: any edit
misses it. Behind it, this cache keeps what is expensive about one document — pandoc writing its
typst body and site page (and DOCX), typst compiling its PDF — keyed on what that one document is
made from, before pandoc writes it: its parsed text with the policy's words in place (in a
translation, the catalog's words, and the notices of a stale or draft translation), its spec,
school, language, title, footers and form labels, the PDF settings (layout, fonts, date stamp,
district, site address) and the engines' fingerprint. An edit to one policy then remakes only the
documents that quote it (the staff handbook quotes every staff policy), and of the handbook only the
edited policy's part is written again (``parts.py``: ``parts`` holds the written parts). A bundle is
keyed on its parts' typst bodies, footers and fits.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from ..cache import ContentCache, cache_key, fonts_fingerprint
from .parts import PartCache
from .render import Prepared
from .typeset import PdfSettings


@dataclass(frozen=True)
class Outputs:
    """What the expensive steps make of one document."""

    typst: str  # the body, which the school's bundle binds too
    page: str  # the site page's Markdown
    pdf: bytes
    docx: bytes | None
    fit: str = "0"  # how tightly its PDF is set (typeset.Fitted): the bundle sets it alike


MakeOutputs = Callable[[list[Prepared]], list[Outputs]]


@dataclass(frozen=True)
class DocumentCache:
    """Documents and bundles in ``cache`` (the ``document`` kind), for engines of ``fingerprint``;
    the written policy parts of documents in ``parts`` (the ``document-part`` kind)."""

    cache: ContentCache
    fingerprint: str
    parts: ContentCache = field(default_factory=lambda: ContentCache(None))

    @classmethod
    def off(cls) -> DocumentCache:
        return cls(ContentCache(None), "")

    @property
    def part_cache(self) -> PartCache:
        return PartCache(self.parts, self.fingerprint)

    def outputs(self, prepared: list[Prepared], settings: PdfSettings, make: MakeOutputs) -> list[Outputs]:
        """Every document's outputs, in order; ``make`` is called once, with the documents not stored."""
        shared = settings_key(settings, self.fingerprint)
        keys = [document_key(shared, item) for item in prepared]
        found = [_load(self.cache.get(key)) for key in keys]
        missing = [index for index, outputs in enumerate(found) if outputs is None]
        made = make([prepared[index] for index in missing]) if missing else []
        for index, outputs in zip(missing, made, strict=True):
            self.cache.put(keys[index], _files(outputs))
            found[index] = outputs
        return [outputs for outputs in found if outputs is not None]

    def bundle(
        self,
        settings: PdfSettings,
        title: str,
        bodies: list[str],
        footers: list[tuple[str, str]],
        make: Callable[[], bytes],
        fits: list[str] | None = None,
    ) -> bytes:
        """A print bundle's PDF: stored, or ``make()`` when its parts, footers, fits or settings changed."""
        lines = [line for pair in footers for line in pair]
        shared = settings_key(settings, self.fingerprint)
        key = cache_key("bundle", shared, title, *bodies, "\0", *lines, "\0", *(fits or []))
        stored = self.cache.get(key)
        if stored is not None and "bundle.pdf" in stored:
            return stored["bundle.pdf"]
        pdf = make()
        self.cache.put(key, {"bundle.pdf": pdf})
        return pdf


def settings_key(settings: PdfSettings, fingerprint: str) -> str:
    """What every document's PDF shares: layout, fonts, date stamp, district, language, address, engines."""
    fields = [settings.layout, fonts_fingerprint(settings.fonts), str(settings.timestamp), settings.district]
    return cache_key("document-settings", fingerprint, *fields, settings.lang, settings.site_url, settings.stamp)


def document_key(shared: str, item: Prepared) -> str:
    """One document's key: its text as parsed, policy words and notices in place, its spec, school,
    language, title, footers and labels, and what every document shares (``settings_key``)."""
    template = item.rendered.template
    school = item.school.id if item.school else ""
    spec = template.spec.model_dump_json()
    text = json.dumps(item.ast, sort_keys=True, ensure_ascii=False)
    labels = json.dumps(item.labels, sort_keys=True, ensure_ascii=False)
    what, version = item.footer
    return cache_key(
        "document", shared, template.path, spec, school, item.lang, item.title, what, version, labels, text
    )


def _files(outputs: Outputs) -> dict[str, bytes]:
    files = {"body.typ": outputs.typst.encode(), "page.md": outputs.page.encode(), "document.pdf": outputs.pdf}
    files["fit.txt"] = outputs.fit.encode()
    return files if outputs.docx is None else {**files, "document.docx": outputs.docx}


def _load(stored: dict[str, bytes] | None) -> Outputs | None:
    if stored is None or not {"body.typ", "page.md", "document.pdf"} <= stored.keys():
        return None
    page, body = stored["page.md"].decode(), stored["body.typ"].decode()
    fit = stored.get("fit.txt", b"0").decode()
    return Outputs(body, page, stored["document.pdf"], stored.get("document.docx"), fit)
