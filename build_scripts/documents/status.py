"""``policy status``, the documents' part: stale translations and documents awaiting review."""

from __future__ import annotations

from ..textfilters import counted
from ..words import language
from .build import DocumentSet
from .render import RenderedDocument


def _names(documents: list[RenderedDocument]) -> str:
    return ", ".join(dict.fromkeys(d.id for d in documents)) or "none"


def document_status_lines(documents: DocumentSet, source: str) -> list[str]:
    """One line per language: its documents, which are stale and which are unreviewed drafts; then
    the documents whose paraphrases await approval."""
    lines = []
    languages = sorted({d.lang for d in documents.documents if d.translated})
    for lang in languages:
        made = [d for d in documents.documents if d.lang == lang]
        stale = [d for d in made if d.stale]
        drafts = [d for d in made if d.draft]
        lines.append(
            f"translations ({lang}, {language(lang).name}): {counted(len(made), 'document')}; "
            f"stale: {_names(stale)}; draft, not reviewed: {_names(drafts)}"
        )
    awaiting = sorted({w.message.split(" ", 1)[0] for w in documents.warnings if " paraphrases " in w.message})
    lines.append(f"awaiting approval ({source}): {', '.join(awaiting) or 'none'}")
    return lines
