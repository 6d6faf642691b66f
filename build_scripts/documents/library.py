"""What templates can quote: the published policies, their clauses and citations."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..pandoc.runner import Node
from ..render.transforms import rewrite_images, strip_heading_attributes
from ..source.catalogs import State
from ..source.clauses import Clause, clause_blocks
from ..source.models import Audience, PolicyMeta, Status
from ..source.policies import Policy
from ..textfilters import long_date
from ..words import Language, Translate, Words, words


@dataclass(frozen=True)
class PolicyView:
    """A published policy as templates see it (all values are text, escaped on output)."""

    code: str
    title: str
    adopted: date | None
    revised: date | None
    version: str  # 'Policy G-170, adopted March 20, 2019'
    legal_refs: tuple[str, ...] = ()  # as the policy's PDF lists them
    cross_refs: tuple[str, ...] = ()
    first_reading: date | None = None
    second_reading: date | None = None
    revisions: tuple[date, ...] = ()  # every revision date, oldest first


def policy_version(meta: PolicyMeta, say: Words) -> str:
    """The policy code with its adoption or last revision date."""
    tag = say.tag
    if meta.last_revised:
        return say("policy revised", code=meta.code, date=long_date(meta.last_revised, tag))
    return say("policy adopted", code=meta.code, date=long_date(meta.adopted, tag))


def clause_place(clause: Clause, say: Words) -> str:
    """Where a clause sits in its section, in words: 'item 2', 'opening paragraph', 'paragraph 3'."""
    if clause.kind == "item":
        return say("item", number=clause.number)
    if clause.kind == "definition":
        return say("definition", term=clause.label)
    return say("opening paragraph") if clause.number == 1 else say("paragraph", number=clause.number)


def citation(code: str, clause: Clause, say: Words, translate: Translate | None = None) -> str:
    """One style everywhere: 'Policy G-170, Cellular Phones, item 2', 'Policy G-170, Purpose, opening paragraph'.
    In another language, the section's short title is its translation (unit ``G-170:section:<id>``)."""
    section = clause.section
    short = [(translate or say.translate)(f"{code}:section:{section.id}", section.short)] if section else []
    return ", ".join([say("policy", code=code), *short, clause_place(clause, say)])


StateOf = Callable[[str], State | None]  # unit id -> its state as just looked up (None: nothing to look up)


def _source(_unit: str) -> State | None:
    return None


class Library:
    """Published policies by code, as a document in one language cites and quotes them."""

    def __init__(
        self,
        policies: list[Policy],
        lang: Language,
        site_url: str = "",
        translate: Translate | None = None,
        state: StateOf = _source,
    ) -> None:
        self.lang, self.site_url = lang.code, site_url
        self.say = words(lang, translate)
        self.translating = translate is not None  # quotes come from the catalog, as plain text
        self.state = state
        self._bodies: dict[str, str] = {}
        self.files = {p.meta.code: p for p in policies}

    def in_language(self, lang: Language, translate: Translate, state: StateOf = _source) -> Library:
        """The same policies for a document in ``lang``, its units looked up with ``translate``
        (``state`` tells what a unit just looked up was: translated from today's English or not)."""
        other = Library([], lang, self.site_url, translate, state)
        other.files, other._bodies = self.files, self._bodies
        return other

    def citation(self, code: str, ident: str) -> str:
        clause = self.clause(code, ident)
        assert clause is not None  # checked when the helper was called
        return citation(code, clause, self.say)

    def clause_text(self, code: str, ident: str) -> str | None:
        """A quoted clause in the document's language: its translation (unit ``CODE#clause``) as text;
        None when there is no translation of today's English text (the English clause governs)."""
        clause = self.clause(code, ident)
        assert clause is not None
        unit = f"{code}#{ident}"
        text = self.say.translate(unit, clause.text)
        return text if self.state(unit) in (None, State.DRAFT, State.REVIEWED) else None

    def policy_title(self, code: str) -> str:
        return self.say.translate(f"{code}:title", self.meta(code).title)

    def title_translated(self, code: str) -> bool:
        """Whether the policy's title, as just printed, was in the document's language."""
        return self.state(f"{code}:title") is not State.MISSING

    def clause(self, code: str, ident: str) -> Clause | None:
        policy = self.files.get(code)
        return policy.clause(ident) if policy else None

    def clause_blocks(self, code: str, ident: str) -> list[Node]:
        return _without_images(self.files[code].scan.clause_blocks(ident))

    def policy_blocks(self, code: str) -> list[Node]:
        """A policy's whole body, markers and heading attributes removed (a fresh copy each call)."""
        if code not in self._bodies:
            scan = self.files[code].scan
            blocks = _without_images(strip_heading_attributes({"blocks": clause_blocks(scan.ast["blocks"])})["blocks"])
            self._bodies[code] = json.dumps(blocks)
        result: list[Node] = json.loads(self._bodies[code])
        return result

    def clauses_of(self, code: str) -> list[Clause]:
        return self.files[code].scan.clauses

    def meta(self, code: str) -> PolicyMeta:
        return self.files[code].meta

    def view(self, code: str) -> PolicyView:
        meta = self.meta(code)
        version = policy_version(meta, self.say)
        return PolicyView(
            meta.code,
            self.policy_title(code),
            meta.adopted,
            meta.last_revised,
            version,
            legal_refs=tuple(meta.legal_refs),
            cross_refs=tuple(meta.cross_refs),
            first_reading=meta.first_reading,
            second_reading=meta.second_reading,
            revisions=tuple(meta.revised),
        )

    def for_audience(self, audience: Audience) -> list[str]:
        """Codes of adopted (not retired) policies whose audience includes ``audience``, in code order."""
        return sorted(
            code for code, p in self.files.items() if p.meta.status is Status.ADOPTED and audience in p.meta.audience
        )


def _without_images(blocks: list[Node]) -> list[Node]:
    """Documents show an image of a policy as its description (the policy page and PDF show it)."""
    result: list[Node] = rewrite_images({"blocks": blocks}, {})["blocks"]
    return result
