"""Each school's print bundle in every language (issue 19): one PDF per school and language, each of
its pages read as the form's own PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from build_scripts.pipeline import BuildResult
from tests.documents_helpers import pdf_text

LANGUAGES = ("en", "es", "pt")
BUNDLE = {"en": "Print bundle", "es": "Paquete para imprimir", "pt": "Pacote para impressão"}


def pdf_of(result: BuildResult, ident: str, school: str | None, lang: str = "en") -> Path:
    entry = next(d for d in result.manifest.documents if (d.id, d.school, d.lang) == (ident, school, lang))
    return result.out / entry.pdf


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_school_has_a_print_bundle_in_each_language(built_site: BuildResult, lang: str) -> None:
    for school in ("melican", "zeh"):
        path = pdf_of(built_site, "print-bundle", school, lang)
        forms = ["parent-letter", "publication-permission-form", "trip-disclosure-form"]
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == len(forms), (school, lang)  # each form on its one page, as its own PDF
            assert str(pdf.Root.Lang) == {"en": "en", "es": "es", "pt": "pt-BR"}[lang]
            with pdf.open_metadata() as xmp:
                assert xmp["dc:title"].startswith(f"{BUNDLE[lang]} \u2014 ")
        for page, ident in enumerate(forms, start=1):  # each page reads as the form's own PDF does
            assert pdf_text(path, first=page, last=page) == pdf_text(pdf_of(built_site, ident, school, lang))


def test_the_schools_page_links_its_bundle_in_every_language(built_site: BuildResult) -> None:
    page = (built_site.out / "documents" / "zeh" / "index.html").read_text(encoding="utf-8")
    for name in ("print-bundle-zeh.pdf", "print-bundle-zeh-es.pdf", "print-bundle-zeh-pt.pdf"):
        assert f'href="{name}"' in page, name
        assert (built_site.out / "documents" / "zeh" / name).is_file()
    link = re.search(r'<a [^>]*href="print-bundle-zeh-pt.pdf"[^>]*>Português</a>', page)
    assert link is not None and 'hreflang="pt-BR"' in link.group(0)
