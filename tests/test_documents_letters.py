"""What a family reads in the letter: its type size, one citation at most in each paragraph, and the line
that offers it in another language or format, in English, Spanish and Portuguese (issue 19)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_scripts.pipeline import BuildResult
from tests.documents_helpers import SCHOOL_IDS, paragraphs, pdf_text, printed_lines

LANGUAGES = ("en", "es", "pt")
CITATION = re.compile(r"\((?:Policy|Política) G-170, ")
SALUTATION = {"en": "Dear families,", "es": "Estimadas familias:", "pt": "Prezadas famílias,"}
CLOSING = {"en": "Sincerely,", "es": "Atentamente,", "pt": "Atenciosamente,"}
OTHER_FORMAT = {  # the tool's words (theme/translations), without contact.language_help
    "en": "Need this in another language or format? Please ask the school office.",
    "es": "¿Necesita este documento en otro idioma o formato? Pídalo en la oficina de la escuela.",
    "pt": "Precisa deste documento em outro idioma ou formato? Peça na secretaria da escola.",
}


def pdf_of(result: BuildResult, ident: str, school: str | None, lang: str = "en") -> Path:
    entry = next(d for d in result.manifest.documents if (d.id, d.school, d.lang) == (ident, school, lang))
    return result.out / entry.pdf


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_letters_body_is_set_in_11_point_type(built_site: BuildResult, lang: str) -> None:
    for school in ("algonquin", "zeh", "finn"):
        lines = printed_lines(pdf_of(built_site, "parent-letter", school, lang))
        texts = [line.text for line in lines]
        body = lines[texts.index(SALUTATION[lang]) : texts.index(CLOSING[lang]) + 1]  # salutation to closing
        assert len(body) > 20, (school, lang)
        assert {size for line in body for size in line.sizes} == {11.0}, (school, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_paragraph_of_the_letter_cites_at_most_one_clause(built_site: BuildResult, lang: str) -> None:
    for school in SCHOOL_IDS:
        found = paragraphs(printed_lines(pdf_of(built_site, "parent-letter", school, lang)), 11.0)
        counts = [len(CITATION.findall(paragraph)) for paragraph in found]
        assert max(counts) == 1 and sum(counts) == 6, (school, lang, found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_letter_says_how_to_ask_for_another_language_or_format(built_site: BuildResult, lang: str) -> None:
    text = pdf_text(pdf_of(built_site, "parent-letter", "zeh", lang))
    assert OTHER_FORMAT[lang] in text
    page = pdf_of(built_site, "parent-letter", "zeh", lang).parent / "index.html"
    assert OTHER_FORMAT[lang].split("?")[0] in page.read_text(encoding="utf-8")  # the web page says it too
