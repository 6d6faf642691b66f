"""The Jinja environment of document templates: strict, escaping, with policy helpers.

Helpers never paste policy text into the Markdown: they return markers (an empty fenced div or
span naming a policy and clause) that ``markers.py`` replaces with the policy's own parsed blocks.
Every other value a template prints is escaped as Markdown text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import TracebackType
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateSyntaxError, UndefinedError
from markupsafe import Markup

from ..errors import Problem, error
from ..source.models import District, School
from ..textfilters import long_date, md_text
from .library import Library
from .spec import DocumentTemplate

QUOTE_CLASS, CITE_CLASS, POLICY_TEXT_CLASS = "policy-quote", "policy-cite", "policy-text"
LINK_CLASS = "policy-address"


class HelperError(Exception):
    """A helper was called with something that does not exist (shown to the template's author)."""


@dataclass
class Sources:
    """The clauses one rendering used, in order: (policy, clause) -> 'quote' or 'cite'."""

    used: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, code: str, ident: str, mode: str) -> None:
        if self.used.get((code, ident)) != "quote":
            self.used[(code, ident)] = mode


class _Loader(BaseLoader):
    def __init__(self, template: DocumentTemplate) -> None:
        self.template = template

    def get_source(self, environment: Environment, name: str) -> tuple[str, str, Callable[[], bool]]:
        return self.template.source, self.template.path, lambda: True


PANDOC_SPECIALS = re.compile(r"([$^@])")


def doc_text(value: object) -> Markup:
    """Text made safe for pandoc's Markdown: ``md_text`` plus math, superscript and citation marks,
    with line breaks folded (a value can never start a new Markdown block)."""
    escaped = md_text(" ".join(str(value).split()))
    return Markup(PANDOC_SPECIALS.sub(r"\\\1", str(escaped)))


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else doc_text(value)


def _attr(value: str) -> str:
    return '"' + value.replace("\\", "").replace('"', "") + '"'


class Helpers:
    """``clause``, ``cite``, ``policy_text`` and ``policy`` for one rendering of one template."""

    def __init__(self, library: Library, template: DocumentTemplate, sources: Sources) -> None:
        self.library, self.sources = library, sources
        self.declared = set(template.spec.clauses)
        self.audience_codes = library.for_audience(template.spec.policies_for) if template.spec.policies_for else []

    def _check(self, code: str, ident: str) -> None:
        if code not in self.library.files:
            raise HelperError(f"no published policy has the code '{code}'")
        if self.library.clause(code, ident) is None:
            known = [c.id for c in self.library.clauses_of(code)]
            close = difflib.get_close_matches(ident, known, n=3)
            alternatives = " or ".join(repr(c) for c in close)
            hint = f"did you mean {alternatives}?" if close else f"its clauses: {', '.join(known)}"
            raise HelperError(f"policy {code} has no clause '{ident}' ({hint})")
        if f"{code}#{ident}" not in self.declared:
            raise HelperError(f"clause {code}#{ident} is used but not listed under 'clauses' in the front matter")

    def clause(self, code: str, ident: str) -> Markup:
        """A block quotation of the clause, followed by its citation."""
        self._check(code, ident)
        self.sources.add(code, ident, "quote")
        return Markup(f"\n\n::: {{.{QUOTE_CLASS} policy={_attr(code)} clause={_attr(ident)}}}\n:::\n\n")

    def cite(self, code: str, ident: str) -> Markup:
        """The citation alone, e.g. 'Policy G-170, Cellular Phones, item 1'."""
        self._check(code, ident)
        self.sources.add(code, ident, "cite")
        return Markup(f"[]{{.{CITE_CLASS} policy={_attr(code)} clause={_attr(ident)}}}")

    def policy_text(self, code: str, level: int = 2) -> Markup:
        """The full text of a policy drawn on through ``policies_for``; its sections become headings
        of ``level`` (3 when the policy's own title is a level-2 heading of the document)."""
        if code not in self.audience_codes:
            raise HelperError(f"policy '{code}' is not among this document's policies (see 'policies_for')")
        for clause in self.library.clauses_of(code):
            self.sources.add(code, clause.id, "quote")
        if not 2 <= int(level) <= 5:
            raise HelperError(f"policy_text: level must be 2 to 5, not {level}")
        return Markup(f"\n\n::: {{.{POLICY_TEXT_CLASS} policy={_attr(code)} level={int(level)}}}\n:::\n\n")

    def policy_link(self, code: str) -> Markup:
        """The web address of the policy's page, printed as text and as a QR code."""
        if code not in self.library.files:
            raise HelperError(f"no published policy has the code '{code}'")
        return Markup(f"\n\n::: {{.{LINK_CLASS} policy={_attr(code)}}}\n:::\n\n")

    def policy(self, code: str) -> Any:
        if code not in self.library.files:
            raise HelperError(f"no published policy has the code '{code}'")
        return self.library.view(code)

    def globals(self) -> dict[str, Any]:
        return {
            "clause": self.clause,
            "cite": self.cite,
            "policy_text": self.policy_text,
            "policy_link": self.policy_link,
            "policy": self.policy,
            "policies": [self.library.view(code) for code in self.audience_codes],
        }


def make_environment(template: DocumentTemplate, lang: str) -> Environment:
    env = Environment(
        loader=_Loader(template),
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = lambda value: long_date(value, lang)
    env.filters["either"] = either
    return env


def either(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c': ways to reach someone, joined for a sentence."""
    items = [str(item) for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


@dataclass(frozen=True)
class Rendered:
    """One template rendered for one school (or for the district): Markdown with markers."""

    template: DocumentTemplate
    school: School | None
    markdown: str
    sources: Sources


def template_context(district: District, school: School | None, build_date: date) -> dict[str, Any]:
    return {
        "district": district.district,
        "school": school,
        "schools": district.schools,
        "school_year": district.school_year,
        "letter_date": district.letter_date,
        "build_date": build_date,
    }


def render_template(template: DocumentTemplate, library: Library, context: dict[str, Any]) -> Rendered:
    """Render; any error becomes a HelperError-free ``TemplateProblem`` located in the template."""
    sources = Sources()
    env = make_environment(template, library.lang)
    try:
        jinja = env.get_template(template.path)
        markdown = jinja.render(
            {**context, **Helpers(library, template, sources).globals(), "title": template.spec.title}
        )
    except TemplateSyntaxError as exc:
        raise TemplateProblem(error(template.path, exc.lineno, f"template syntax: {exc.message}")) from None
    except Exception as exc:
        raise TemplateProblem(
            error(template.path, _template_line(exc.__traceback__, template.path), _message(exc))
        ) from None
    return Rendered(template, context["school"], markdown, sources)


class TemplateProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.render())


def _template_line(tb: TracebackType | None, path: str) -> int:
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


UNDEFINED_NAME = re.compile(r"^'([^']+)' is undefined$")
NO_ATTRIBUTE = re.compile(r"^'?(.+?)'? (?:object )?has no attribute '([^']+)'$")


def _message(exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, UndefinedError):
        if match := UNDEFINED_NAME.match(text):
            return f"'{match.group(1)}' is not defined in document templates"
        if match := NO_ATTRIBUTE.match(text):
            return f"'{match.group(2)}' is not a field of {_kind(match.group(1))}"
        return f"undefined value: {text}"
    if isinstance(exc, HelperError):
        return text
    if isinstance(exc, TypeError):
        return f"wrong use of a helper or filter: {text}"
    return f"template error: {text}"


def _kind(name: str) -> str:
    if "School" in name:
        return "a school (school.id, name, town, grades, address, phone, principal_title)"
    if "DistrictInfo" in name:
        return "the district (district.name, short_name, towns, committees, superintendent_title, contact)"
    if "Contact" in name:
        return "the district's contact (contact.address, phone, website, superintendent, accessibility)"
    if "PolicyView" in name:
        return "a policy (code, title, adopted, revised, version)"
    return "this value"
