"""Legal citations: patterns the district keeps in ``source/citations.yml`` turn them into links."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator


class CitationRule(BaseModel):
    """One kind of citation: a regular expression and the URL its named groups fill in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="What the rule recognises, e.g. 'Massachusetts General Laws'.")
    pattern: str = Field(description="Python regular expression with named groups, matched against the citation.")
    url: Annotated[str, Field(pattern=r"^https://")] = Field(
        description="Link template; {group} is replaced by the named group of the match."
    )

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from None
        return value


class CitationRules(BaseModel):
    """The contents of ``source/citations.yml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[CitationRule] = Field(default_factory=list, description="Rules tried in order; the first match wins.")

    def link(self, citation: str) -> str | None:
        """The official URL for ``citation``, or None when no rule recognises it."""
        for rule in self.rules:
            match = re.fullmatch(rule.pattern, citation.strip())
            if match:
                return rule.url.format(**match.groupdict())
        return None
