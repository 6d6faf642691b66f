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
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup

from ..errors import Problem, error
from ..source.models import District, School
from ..textfilters import long_date, md_text
from ..words import Translate
from .library import Library
from .spec import DocumentTemplate
from .translate import Usage

QUOTE_CLASS, CITE_CLASS, POLICY_TEXT_CLASS = "policy-quote", "policy-cite", "policy-text"
LINK_CLASS = "policy-address"


class HelperError(Exception):
    """A helper was called with something that does not exist (shown to the template's author);
    ``found`` is the bad value as written, so the error can be placed at the line that holds it
    (Jinja places an error inside a ``trans`` tag's values at an earlier line)."""

    def __init__(self, message: str, found: str = "") -> None:
        super().__init__(message)
        self.found = found


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


class _CompiledTemplates(BytecodeCache):
    """Each template source compiled once per process, not once per rendered document (a school's
    letter in three languages is one compile, not thirty). Every environment is made alike by
    ``make_environment``, so a compiled template is valid in each; Jinja checks the source's
    checksum before it takes one."""

    def __init__(self) -> None:
        self.compiled: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self.compiled.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)


COMPILED = _CompiledTemplates()
PANDOC_SPECIALS = re.compile(r"([$^@])")


PHONE_SPACE = re.compile(r"(?<=\(\d{3}\)) (?=\d{3}-\d{4})")  # (508) 555-0100: one line, never "(508)" alone


def doc_text(value: object) -> Markup:
    """Text made safe for pandoc's Markdown: ``md_text`` plus math, superscript and citation marks,
    with line breaks folded (a value can never start a new Markdown block); a US phone number's area
    code stays on the line of its number."""
    escaped = md_text(PHONE_SPACE.sub("\u00a0", " ".join(str(value).split())))
    return Markup(PANDOC_SPECIALS.sub(r"\\\1", str(escaped)))


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else doc_text(value)


def _attr(value: str) -> str:
    return '"' + value.replace("\\", "").replace('"', "") + '"'


class Helpers:
    """``clause``, ``cite``, ``policy_text`` and ``policy`` for one rendering of one template."""

    def __init__(
        self, library: Library, template: DocumentTemplate, sources: Sources, language_help: str | None = None
    ) -> None:
        self.library, self.sources, self.language_help = library, sources, language_help
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
            raise HelperError(f"policy {code} has no clause '{ident}' ({hint})", f'"{ident}"')
        if f"{code}#{ident}" not in self.declared:
            raise HelperError(
                f"clause {code}#{ident} is used but not listed under 'clauses' in the front matter", f'"{ident}"'
            )

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

    def other_formats(self) -> Markup:
        """'Need this in another language or format? Call …', in the document's language: the number
        of ``district.contact.language_help``, printed as is; without one, 'please ask the school office'."""
        say = self.library.say
        if self.language_help:
            return doc_text(say("other format call", contact=self.language_help))
        return doc_text(say("other format ask"))

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
            "other_formats": self.other_formats,
            "policies": [self.library.view(code) for code in self.audience_codes],
            "manual_url": self.library.site_url,  # where the policy manual is published
        }


def make_environment(template: DocumentTemplate, library: Library) -> Environment:
    """Strict Jinja with the i18n extension: ``{% trans "id" %}...{% endtrans %}`` is a passage that
    a translated document prints from its catalog (``passages``)."""
    env = Environment(
        loader=_Loader(template),
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=COMPILED,
    )
    env.policies["ext.i18n.trimmed"] = True  # a passage's line breaks are spaces, in its msgid too
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    tag, conjunction = library.say.tag, library.say("or")
    env.filters["long_date"] = lambda value: long_date(value, tag)
    env.filters["either"] = lambda items: either(items, conjunction)
    return env


def either(items: list[Any], conjunction: str = " or ") -> Markup:
    """'a', 'a or b', 'a, b or c': ways to reach someone, joined for a sentence (each escaped once)."""
    parts = [item if isinstance(item, Markup) else doc_text(item) for item in items if item]
    if len(parts) <= 1:
        return Markup("".join(parts))
    return Markup(", ".join(parts[:-1]) + f" {doc_text(conjunction.strip())} " + parts[-1])


def passages(document: str, translate: Translate) -> dict[str, Any]:
    """The translatable passages of one rendering, each unit ``<document>#<id>``:

    - ``{% trans "id" name=value %}...{{ name }}...{% endtrans %}``, a passage that ends its line
      (Jinja's ``trim_blocks`` eats the newline after ``endtrans``: the passage gives it back);
    - ``{{ t("id", "English with %(name)s", name=value) }}``, a phrase inside a line or a value.

    Values are escaped like every other value (a helper's Markup, such as a citation, passes as it is).
    """

    def t(ident: str, english: str, **values: Any) -> Markup:
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", ident) or ident in RESERVED_PASSAGES:
            raise HelperError(f"'{ident}' is not a passage id (lowercase words joined by '-'; not title or summary)")
        text = translate(f"{document}#{ident}", english)
        safe = {key: value if isinstance(value, Markup) else doc_text(value) for key, value in values.items()}
        for candidate in dict.fromkeys([text, english]):  # a stale translation may want other values
            try:
                return Markup(candidate % safe)
            except (KeyError, ValueError, TypeError) as exc:
                problem = exc
        raise HelperError(f"passage '{ident}': the text does not fit its values ({problem})") from None

    def pgettext(ident: str, english: str, **values: Any) -> Markup:
        return t(ident, english, **values) + Markup("\n")

    def gettext(english: str, **_values: Any) -> str:
        raise HelperError('trans: give the passage an id, e.g. {% trans "greeting" %}...{% endtrans %}')

    return {"pgettext": pgettext, "gettext": gettext, "t": t}


RESERVED_PASSAGES = {"title", "summary"}


def template_passages(template: DocumentTemplate, library: Library) -> list[tuple[str, str]]:
    """Every passage of a template, printed or not for today's schools: (unit id, English), in order
    (Jinja's own extractor, as Babel's ``pybabel extract`` finds them)."""
    env = make_environment(template, library)
    found = []
    extract = env.extract_translations  # type: ignore[attr-defined]  # added by the i18n extension
    for _line, _function, strings in extract(template.source, gettext_functions=("pgettext", "t")):
        if isinstance(strings, tuple) and len(strings) >= 2 and strings[0] and strings[1]:
            found.append((f"{template.spec.id}#{strings[0]}", str(strings[1])))
    return found


@dataclass(frozen=True)
class Rendered:
    """One template rendered for one school (or for the district): Markdown with markers."""

    template: DocumentTemplate
    school: School | None
    markdown: str
    sources: Sources
    library: Library  # the policies as this rendering's language cites and quotes them
    usage: Usage  # the catalog units it printed

    @property
    def lang(self) -> str:
        return self.library.lang

    @property
    def title(self) -> str:
        return self.usage(f"{self.template.spec.id}#title", self.template.spec.title)

    @property
    def summary(self) -> str:
        spec = self.template.spec
        return self.usage(f"{spec.id}#summary", spec.summary) if spec.summary else ""


def template_context(district: District, school: School | None, build_date: date) -> dict[str, Any]:
    return {
        "district": district.district,
        "school": school,
        "schools": district.schools,
        "school_year": district.school_year,
        "letter_date": district.letter_date,
        "build_date": build_date,
    }


def render_template(
    template: DocumentTemplate, library: Library, context: dict[str, Any], usage: Usage | None = None
) -> Rendered:
    """Render in ``library``'s language (``usage`` looks up its units); any error becomes a
    ``TemplateProblem`` located in the template."""
    sources, usage = Sources(), usage or Usage(None)
    env = make_environment(template, library)
    language_help = context["district"].contact.language_help
    helpers = {**Helpers(library, template, sources, language_help).globals(), **passages(template.spec.id, usage)}
    title = usage(f"{template.spec.id}#title", template.spec.title)
    if template.spec.summary:  # printed on its site page: looked up now, with the rest of its units
        usage(f"{template.spec.id}#summary", template.spec.summary)
    try:
        jinja = env.get_template(template.path)
        markdown = jinja.render({**context, **helpers, "title": title})
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            error(template.path, exc.lineno, f"template syntax: {exc.message}", kind="template")
        ) from None
    except Exception as exc:
        line = _template_line(exc.__traceback__, template.path)
        if isinstance(exc, HelperError) and exc.found:
            line = _line_holding(template.source, exc.found) or line
        raise TemplateProblem(error(template.path, line, _message(exc), kind="template")) from None
    return Rendered(template, context["school"], markdown, sources, library, usage)


class TemplateProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.render())


def _line_holding(source: str, found: str) -> int | None:
    return next((n for n, line in enumerate(source.split("\n"), 1) if found in line), None)


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
        return "the district's contact (contact.address, phone, website, superintendent, accessibility, language_help)"
    if "PolicyView" in name:
        return (
            "a policy (code, title, adopted, revised, version, legal_refs, cross_refs, first_reading, "
            "second_reading, revisions)"
        )
    return "this value"
