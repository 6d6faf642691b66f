"""``site/manifest.json``: every artefact the build published, from one pydantic model."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class VersionEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: dt.date = Field(description="The version's date (adoption, revision or retirement).")
    kind: Literal["adopted", "revised", "retired"] = Field(description="What the version's commit did.")
    commit: str = Field(description="The commit that made the version.")
    page: str = Field(description="Permanent page of the version, relative to the site root.")
    pdf: str = Field(description="Permanent PDF of the version, relative to the site root.")
    redline: str | None = Field(description="Page of the changes from the previous version, or null.")
    redline_pdf: str | None = Field(description="PDF of the changes from the previous version, or null.")
    text: str = Field(description="The version's policy file (Markdown with front matter), relative to the site root.")
    text_sha256: str = Field(description="SHA-256 of that file: the exact words of the version.")


class PolicyEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str = Field(description="The policy code.")
    title: str = Field(description="The policy title.")
    status: Literal["adopted", "retired", "draft", "first-reading", "second-reading"] = Field(
        description="Only published policies are listed (drafts and readings only in a preview)."
    )
    adopted: dt.date | None = Field(description="Adoption date.")
    revised: list[dt.date] = Field(description="Revision dates, ascending.")
    page: str = Field(description="The policy page, relative to the site root; stable forever.")
    pdf: str = Field(description="The policy PDF, relative to the site root; stable forever.")
    sha256: str = Field(description="SHA-256 of the PDF file.")
    text: str = Field(description="The current policy file (Markdown with front matter), relative to the site root.")
    text_sha256: str = Field(description="SHA-256 of that file: the exact words of the current text.")
    versions: list[VersionEntry] = Field(default_factory=list, description="Every version, oldest first.")


class ClauseSource(BaseModel):
    model_config = ConfigDict(frozen=True)

    policy: str = Field(description="Policy code.")
    clause: str = Field(description="Clause id.")
    sha256: str = Field(description="SHA-256 of the clause's normalised text.")


class DocumentEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Document id, e.g. parent-letter.")
    title: str = Field(description="Document title.")
    school: str | None = Field(description="School id, or null for district-wide documents.")
    lang: str = Field(description="Language tag of the document.")
    page: str = Field(description="Page of the document, relative to the site root.")
    pdf: str = Field(description="PDF of the document, relative to the site root.")
    docx: str | None = Field(description="DOCX of the document, or null.")
    sha256: str = Field(description="SHA-256 of the PDF file.")
    sources: list[ClauseSource] = Field(description="Every clause the document quotes or cites.")
    stale: bool = Field(
        False, description="A translation made from an English text that has changed since (shown with a notice)."
    )
    draft: bool = Field(False, description="A translation that the district has not reviewed yet.")


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True)

    schema_version: Literal[1] = 1
    commit: str | None = Field(description="The git commit the site was built from.")
    source_date: str = Field(description="The build's timestamp (from the commit), ISO 8601 UTC.")
    as_of: dt.date | None = Field(None, description="For a point-in-time build: the date it shows the manual as of.")
    preview: bool = Field(False, description="A preview build (with drafts and readings): never to be deployed.")
    policies: list[PolicyEntry] = Field(description="Every published policy, by code.")
    documents: list[DocumentEntry] = Field(default_factory=list, description="Generated documents.")

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"
