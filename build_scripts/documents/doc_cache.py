"""Each document, and each school's print bundle, cached on its own inputs.

``stage_cache.py`` keeps the whole documents stage, keyed on every source and template file: any edit
misses it. Behind it, this cache keeps what is expensive about one document — pandoc writing its
typst body and site page (and DOCX), typst compiling its PDF — keyed on what that one document is
made from, taken after Jinja ran and before pandoc: its rendered Markdown (where markers name the
policy text it quotes), the text of every policy those markers name, its spec, title and footers,
the PDF settings (layout, fonts, date stamp, district, language, site address) and the engines'
fingerprint. An edit to one policy then remakes only the documents that quote it (the staff
handbook quotes every staff policy). A bundle is keyed on its parts' typst bodies and footers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..cache import ContentCache, cache_key, fonts_fingerprint
from .library import Library
from .render import PdfSettings, Prepared, footer

POLICY_ATTRIBUTE = re.compile(r'\bpolicy="([^"]*)"')  # every marker names its policy so (environment.py)


@dataclass(frozen=True)
class Outputs:
    """What the expensive steps make of one document."""

    typst: str  # the body, which the school's bundle binds too
    page: str  # the site page's Markdown
    pdf: bytes
    docx: bytes | None


MakeOutputs = Callable[[list[Prepared]], list[Outputs]]


@dataclass(frozen=True)
class DocumentCache:
    """Documents and bundles in ``cache`` (the ``document`` kind), for engines of ``fingerprint``."""

    cache: ContentCache
    fingerprint: str

    @classmethod
    def off(cls) -> DocumentCache:
        return cls(ContentCache(None), "")

    def outputs(
        self, prepared: list[Prepared], settings: PdfSettings, library: Library, make: MakeOutputs
    ) -> list[Outputs]:
        """Every document's outputs, in order; ``make`` is called once, with the documents not stored."""
        shared = settings_key(settings, self.fingerprint)
        keys = [document_key(shared, item, library) for item in prepared]
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
    ) -> bytes:
        """A print bundle's PDF: stored, or ``make()`` when its parts, footers or settings changed."""
        lines = [line for pair in footers for line in pair]
        key = cache_key("bundle", settings_key(settings, self.fingerprint), title, *bodies, "\0", *lines)
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


def quoted_policies(markdown: str) -> list[str]:
    """The codes of the policies a rendered document draws on (its markers), sorted."""
    return sorted(set(POLICY_ATTRIBUTE.findall(markdown)))


def document_key(shared: str, item: Prepared, library: Library) -> str:
    """One document's key: its rendered Markdown with the text of every policy it names, its spec,
    school, title and footers, and what every document shares (``settings_key``)."""
    texts = [f"{code}\0{library.files[code].text if code in library.files else ''}" for code in _codes(item)]
    template = item.rendered.template
    school = item.school.id if item.school else ""
    what, version = footer(item, library)
    spec = template.spec.model_dump_json()
    return cache_key(
        "document", shared, template.path, spec, school, item.title, what, version, item.rendered.markdown, *texts
    )


def _codes(item: Prepared) -> list[str]:
    return sorted(set(quoted_policies(item.rendered.markdown)) | {source.policy for source in item.sources})


def _files(outputs: Outputs) -> dict[str, bytes]:
    files = {"body.typ": outputs.typst.encode(), "page.md": outputs.page.encode(), "document.pdf": outputs.pdf}
    return files if outputs.docx is None else {**files, "document.docx": outputs.docx}


def _load(stored: dict[str, bytes] | None) -> Outputs | None:
    if stored is None or not {"body.typ", "page.md", "document.pdf"} <= stored.keys():
        return None
    page, body = stored["page.md"].decode(), stored["body.typ"].decode()
    return Outputs(body, page, stored["document.pdf"], stored.get("document.docx"))
