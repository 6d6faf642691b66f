"""Generated documents: Jinja templates that quote the policies, for every school, on every build."""

from .build import Bundle, DocumentSet, check_documents, manifest_entries, render_documents

__all__ = ["Bundle", "DocumentSet", "check_documents", "manifest_entries", "render_documents"]
