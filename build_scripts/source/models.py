"""Typed schemas of every kind of source file.

One pydantic model per kind of source: a policy's front matter (``PolicyMeta``) and the district
data (``District``). Each field carries a one-line description; ``policy schema`` writes the JSON
Schema that editors use from these models.
"""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from ..errors import KINDS
from ..words import Language, language
from .suggest import closest, did_you_mean
from .yaml_errors import quoted

CODE = r"[A-Z0-9]+(?:[-.][A-Z0-9]+)*"  # G-170, JICFB, GBEB-R, 5131.2, 0401.80: the one definition of a code
CODE_PATTERN = re.compile(f"^{CODE}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CODE_EXAMPLES = "(e.g. G-170, JICFB, 5131.2)"
GRADE_ORDER = ["PK", "K", *[str(n) for n in range(1, 13)]]
OTHER_DATE_FORMATS = ("%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y", "%d %B %Y", "%m/%d/%Y", "%Y/%m/%d", "%Y-%m-%d")


def _parse_iso_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            reason = f"not a valid date ('{text}'): {impossible_date(text)}"
            raise PydanticCustomError("iso_date", "{reason}", {"reason": reason, "value": text}) from None
    reason = f"not a valid date ('{text}'); write it as YYYY-MM-DD{_rewritten(text)}"
    raise PydanticCustomError("iso_date", "{reason}", {"reason": reason, "value": text})


def impossible_date(text: str) -> str:
    """Why a YYYY-MM-DD text is no day of the calendar: "February has no 30th", "2019 has no month 13"."""
    year, month, day = (int(part) for part in text.split("-"))
    if year == 0:
        return "there is no year 0"
    if not 1 <= month <= 12:
        swapped = f"; did you mean {year:04d}-{day:02d}-{month:02d}?" if 1 <= day <= 12 else ""
        return f"{year} has no month {month}{swapped}"
    name = calendar.month_name[month]
    if month == 2 and day == 29:
        return f"February {year} has no 29th ({year} is not a leap year)"
    return f"{name} has no day 0" if day == 0 else f"{name} has no {_ordinal(day)}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _rewritten(text: str) -> str:
    """``: 2019-03-20`` when ``text`` is a date written another way (March 20, 2019; 3/20/2019)."""
    for layout in OTHER_DATE_FORMATS:
        try:
            return ": " + datetime.strptime(text, layout).date().isoformat()
        except ValueError:
            continue
    return ""


def code_problem(text: str) -> str | None:
    """Why ``text`` is not a policy code (with the code it was probably meant to be), or None."""
    if CODE_PATTERN.match(text):
        return None
    guess = re.sub(r"[\s_]+", "-", text.strip().upper())
    hint = did_you_mean(guess if CODE_PATTERN.match(guess) else None)
    return f"'{text}' is not a policy code{hint}: use capital letters and digits, joined by '-' or '.' {CODE_EXAMPLES}"


def _check_code(value: Any) -> str:
    text = str(value).strip()
    problem = code_problem(text)
    if problem is not None:
        raise PydanticCustomError("policy_code", "{reason}", {"reason": problem, "value": text})
    return text


def _non_empty(value: Any) -> str:
    if isinstance(value, dict) and len(value) == 1:  # "- M.G.L.: c. 71": text holding ': '
        key, inner = next(iter(value.items()))
        if isinstance(inner, str | None):
            typed = f"{key}: {inner or ''}".strip()
            message = "it holds ': ', so put it in quotes: {typed}"
            raise PydanticCustomError("text_type", message, {"typed": quoted(typed)})
    if isinstance(value, list):
        raise PydanticCustomError("text_type", "write it as text, without square brackets (or put it in quotes)", {})
    if isinstance(value, dict):
        raise PydanticCustomError("text_type", "write it as text on the same line as its field", {})
    text = "" if value is None else str(value).strip()
    if not text:
        raise PydanticCustomError("empty", "must not be empty", {})
    return text


def section_of(code: str) -> str:
    """The section a code implies: a MASC code's first letter (``GBEB-R`` -> ``G``), or a numbered
    code's series (``5131.2`` -> ``5000``, ``0401.80`` -> ``0000``, ``504.3`` -> ``500``)."""
    if not code[:1].isdigit():
        return code[:1]
    number = re.match(r"\d+", code)
    digits = len(number.group(0)) if number else 1
    return code[0] + "0" * (digits - 1)


IsoDate = Annotated[date, BeforeValidator(_parse_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
PolicyCode = Annotated[
    str, BeforeValidator(_check_code), WithJsonSchema({"type": "string", "pattern": CODE_PATTERN.pattern})
]
Text = Annotated[str, BeforeValidator(_non_empty), WithJsonSchema({"type": "string", "minLength": 1})]


LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]


class Status(StrEnum):
    DRAFT = "draft"
    FIRST_READING = "first-reading"
    SECOND_READING = "second-reading"
    ADOPTED = "adopted"
    RETIRED = "retired"


class Audience(StrEnum):
    STAFF = "staff"
    PARENTS = "parents"
    STUDENTS = "students"
    PUBLIC = "public"


class Change(StrEnum):
    MATERIAL = "material"
    EDITORIAL = "editorial"


PUBLISHED = (Status.ADOPTED, Status.RETIRED)


class PolicyMeta(BaseModel):
    """The YAML front matter of one policy file in ``source/policies/``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: PolicyCode = Field(description="Policy code, unique across the manual, e.g. G-170, JICFB, GBEB-R.")
    title: Text = Field(description="The policy's title as it appears in the manual.")
    section: str | None = Field(
        None,
        description="Section (letter) or series (number); defaults to what the code says (G-170: G, 5131.2: 5000).",
    )
    status: Status = Field(Status.ADOPTED, description="Where the policy is in its adoption process.")
    adopted: IsoDate | None = Field(None, description="Adoption date; required once adopted or retired.")
    revised: list[IsoDate] = Field(default_factory=list, description="Revision dates, after adoption, ascending.")
    first_reading: IsoDate | None = Field(None, description="Date of the committee's first reading.")
    second_reading: IsoDate | None = Field(None, description="Date of the committee's second reading.")
    review_by: IsoDate | None = Field(None, description="Date by which the policy is due for review.")
    legal_refs: list[Text] = Field(default_factory=list, description="Legal citations, e.g. 'M.G.L. c. 4, § 7(26)'.")
    cross_refs: list[Text] = Field(
        default_factory=list, description="Related policies: a policy code (linked) or a policy's name (text)."
    )
    audience: list[Audience] = Field(default_factory=lambda: [Audience.STAFF], description="Who the policy is for.")
    retired: IsoDate | None = Field(None, description="Date the policy was retired (with status: retired).")
    former_codes: list[PolicyCode] = Field(
        default_factory=list, description="Codes this policy had before a rename; their old pages redirect here."
    )
    change: Change = Field(
        Change.MATERIAL,
        description="This revision's change: material (staff acknowledge it again) or editorial (wording only).",
    )

    @model_validator(mode="before")
    @classmethod
    def _lists_may_be_empty(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("revised", "legal_refs", "cross_refs", "former_codes"):
                if key in data and data[key] is None:
                    data = {**data, key: []}
        return data

    @property
    def section_key(self) -> str:
        """The key of the policy's section in ``district.yml``: its own, or the one its code implies."""
        return self.section or section_of(self.code)

    @property
    def last_revised(self) -> date | None:
        return self.revised[-1] if self.revised else None

    @property
    def effective_date(self) -> date | None:
        """The newest of the adoption and revision dates."""
        return self.last_revised or self.adopted


class School(BaseModel):
    """One school of the district."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")] = Field(
        description="Short lower-case id used in file names and URLs, e.g. 'algonquin'."
    )
    name: Text = Field(description="The school's full name.")
    town: Text = Field(description="The town the school is in.")
    grades: Annotated[str, Field(pattern=r"^(PK|K|[1-9]|1[0-2])-(PK|K|[1-9]|1[0-2])$")] = Field(
        description="Grade span, lowest-highest, e.g. '9-12', 'PK-1', 'K-5'."
    )
    address: list[Text] | None = Field(
        None, description="Postal address lines for letterheads, e.g. ['119 Church Street', 'Northborough, MA 01532']."
    )
    phone: Text | None = Field(None, description="The school office's telephone number, as printed.")
    principal_title: Text | None = Field(None, description="How the principal's office is named, e.g. 'Principal'.")

    @property
    def grade_range(self) -> tuple[int, int]:
        low, high = self.grades.split("-")
        return GRADE_ORDER.index(low) - 1, GRADE_ORDER.index(high) - 1


WEB_ADDRESS = r"^https?://[^\s\"<>\\]+$"


class Contact(BaseModel):
    """How families reach the district's central office (letterheads, letters, the site's footer).

    Every field is optional: what is not known is left out of letters, never invented.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    address: list[Text] | None = Field(
        None, description="Central-office postal address lines, e.g. ['53 Parkerville Road', 'Southborough, MA 01772']."
    )
    phone: Text | None = Field(None, description="The central office's telephone number, as printed.")
    website: Annotated[str, Field(pattern=WEB_ADDRESS)] | None = Field(
        None, description="The district's own web address, e.g. 'https://www.nsboro.k12.ma.us/'."
    )
    superintendent: Text | None = Field(None, description="The superintendent's name, as it signs letters.")
    accessibility: Text | None = Field(
        None, description="How to ask for a document in another format: a sentence or an e-mail address."
    )
    language_help: Text | None = Field(
        None,
        description="The number families call for a letter in another language or format, printed as is in every "
        "language after 'Call', e.g. '(508) 555-0100'; without it, letters say to ask the school office.",
    )

    def missing_letterhead(self) -> list[str]:
        """The letterhead fields not given yet, in the order a letterhead prints them."""
        given = {
            "address": self.address,
            "phone": self.phone,
            "website": self.website,
            "superintendent": self.superintendent,
        }
        return [name for name, value in given.items() if not value]


class DistrictInfo(BaseModel):
    """Who the district is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text = Field(description="The district's name, e.g. 'Public Schools of Northborough and Southborough'.")
    short_name: str | None = Field(None, description="A short name for headers, e.g. 'NSBORO'.")
    towns: list[Text] = Field(description="The towns the district serves.")
    governing_body: Text = Field(
        "Board of Education",
        description="What the district calls its governing body: 'School Committee', 'Board of Education', ...",
    )
    committees: list[Text] = Field(
        default_factory=list, description="The bodies that vote on policies, when more than one (regional districts)."
    )
    state: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = Field(
        None, description="The state's two-letter postal code, e.g. 'MA'."
    )
    superintendent_title: Text = Field(description="The superintendent's title as it is signed.")
    contact: Contact = Field(
        Contact.model_validate({}), description="The central office's address, phone, web address."
    )

    @property
    def adopters(self) -> list[str]:
        """Who adopts the policies: the committees when several vote, else the governing body."""
        return list(self.committees) or [self.governing_body]


class CodeScheme(StrEnum):
    MASC = "masc"  # letters by section (MASC, NEPN): G-170, JICFB, GBEB-R
    NUMERIC = "numeric"  # numbers by series (CSBA, many states): 5131.2, 0401.80


class PhoneFormat(StrEnum):
    US = "us"  # ten digits (NANP), printed (508) 555-0134
    INTERNATIONAL = "international"  # + country code and 7 to 15 digits, printed as typed


def time_zone_problem(text: str) -> str | None:
    """What is wrong with a time zone's name, or None."""
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        near = difflib.get_close_matches(text, sorted(available_timezones()), n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else " (e.g. America/Chicago)"
        return f"'{text}' is not a time zone{hint}"
    return None


def _check_time_zone(value: Any) -> str:
    text = str(value).strip()
    problem = time_zone_problem(text)
    if problem:
        raise PydanticCustomError("time_zone", problem.replace("{", "{{").replace("}", "}}"))
    return text


TimeZone = Annotated[str, BeforeValidator(_check_time_zone), WithJsonSchema({"type": "string"})]


def _check_kind(value: Any) -> str:
    text = str(value).strip()
    if text not in KINDS:
        hint = did_you_mean(closest(text, list(KINDS)))
        raise PydanticCustomError("kind", "'{value}' is not a kind of warning{hint}", {"value": text, "hint": hint})
    return text


WarningKind = Annotated[str, BeforeValidator(_check_kind), WithJsonSchema({"type": "string", "enum": sorted(KINDS)})]


class LanguageInfo(BaseModel):
    """A language documents are made in besides the manual's own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")] = Field(
        description="Short code used in file names, URLs, catalogs and --lang, e.g. 'es', 'pt'."
    )
    tag: str | None = Field(None, description="BCP 47 tag for pages and PDFs, e.g. 'pt-BR' (default: the code).")
    name: str | None = Field(None, description="Its name in itself, e.g. 'Português'.")
    english: str | None = Field(None, description="Its name in English, e.g. 'Portuguese'.")


class District(BaseModel):
    """The contents of ``source/district.yml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    district: DistrictInfo = Field(description="The district itself.")
    language: str = Field("en", description="Language of the published manual (BCP 47 tag).")
    languages: list[LanguageInfo] = Field(
        default_factory=list,
        description="Other languages documents are made in, with their tag and names (defaults known for common ones).",
    )
    time_zone: TimeZone = Field(
        "America/New_York", description="The district's time zone (IANA name), e.g. 'America/Denver'."
    )
    code_scheme: CodeScheme = Field(
        CodeScheme.MASC, description="How policies are coded: masc (letters, e.g. JICFB) or numeric (e.g. 5131.2)."
    )
    sections: dict[str, Text] = Field(
        description="Policy sections: key -> title; MASC letters (G: Personnel) or numbered series (5000: Students)."
    )
    phone_format: PhoneFormat = Field(
        PhoneFormat.US, description="How phone numbers typed into forms are checked and printed: us or international."
    )
    schools: list[School] = Field(description="The district's schools.")
    school_year: Annotated[str, Field(pattern=r"^\d{4}-\d{4}$")] = Field(
        description="The school year that letters and forms are for, e.g. '2026-2027'."
    )
    letter_date: IsoDate | None = Field(
        None, description="Date printed on letters; without it, letters show the school year."
    )
    suppress_warnings: list[WarningKind] = Field(
        default_factory=list,
        description="Kinds of warning the district silences on purpose, e.g. cross-ref.text (policy check lists them).",
    )
    review_cycle_years: Annotated[int, Field(ge=1, le=20)] | None = Field(
        None, description="Review every policy this many years after its last adoption or revision (unless review_by)."
    )
    acknowledge_url: Annotated[str, Field(pattern=WEB_ADDRESS)] | None = Field(
        None, description="Address of the staff acknowledgement service; staff policy pages link to it when given."
    )
    search_synonyms: dict[LanguageCode, dict[Text, list[Text]]] = Field(
        {},
        description="Search, per language: a word or phrase of the pages -> words readers type for it, "
        "e.g. en: {social media: [Facebook]}.",
    )

    @property
    def contact(self) -> Contact:
        """``district.contact`` whether a template holds the file (``District``) or the district itself."""
        return self.district.contact

    def school(self, ident: str) -> School | None:
        return next((s for s in self.schools if s.id == ident), None)

    def language_info(self, code: str) -> Language:
        """A language's tag and names: the district's settings, else the tool's defaults."""
        default = language(code)
        own = next((item for item in self.languages if item.code == code), None)
        if own is None:
            return default
        return Language(code, own.tag or default.tag, own.name or default.name, own.english or default.english)

    @model_validator(mode="after")
    def _unique_schools(self) -> District:
        seen: set[str] = set()
        for school in self.schools:
            if school.id in seen:
                raise PydanticCustomError("duplicate", "school id '{id}' is used twice", {"id": school.id})
            seen.add(school.id)
        return self
