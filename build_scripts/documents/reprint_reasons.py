"""Why a printed document must be printed again: what it prints, taken apart into named parts (each
clause it quotes or cites, each translated unit, its title, footer, labels, web address, template, the
dates and district details it shows), so that two renderings can be compared part by part.

A school office reading ``policy reprint`` needs the reason in words: "clause G-170#cellular-phones-1",
"footer 'Implements Policy G-170, revised June 1, 2026' (was '…adopted March 20, 2019')", "Spanish
translation of parent-letter#dear-families", "letter date".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from ..source.models import District
from .render import Prepared

MANY = 3  # clauses named one by one; more are counted
QUOTED = 40  # a changed value of district.yml this long or shorter is quoted
DATES: tuple[tuple[str, str, Callable[[District], str]], ...] = (
    ("letter date", "letter_date", lambda d: str(d.letter_date or "")),
    ("school year", "school_year", lambda d: d.school_year),
)


@dataclass(frozen=True)
class Print:
    """One printed document: the hash of everything it prints, and its parts by name."""

    digest: str
    parts: dict[str, str]


def _text(value: object) -> str:
    """A district.yml value as a reason may quote it: text as it is, lists and mappings as JSON."""
    return value if isinstance(value, str) else "" if value is None else json.dumps(value, default=str)


def _sha(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def document_parts(item: Prepared, district: District, site_url: str) -> dict[str, str]:
    """The named parts of what ``item`` prints (values are texts or hashes; only equality matters,
    except for the texts a reason quotes: title and footer lines)."""
    parts = {f"clause:{s.policy}#{s.clause}": s.sha256 for s in item.sources}
    library = item.rendered.library  # each policy it draws on, as its adoption or last revision names it
    parts |= {f"policy:{code}": library.view(code).version for code in dict.fromkeys(s.policy for s in item.sources)}
    catalog = item.usage.catalog
    for unit in item.usage.states if catalog is not None else ():
        found = catalog.unit(unit) if catalog is not None else None
        parts[f"translation:{unit}"] = _sha(found.text if found is not None else None)
    parts |= {"title": item.title, "footer:1": item.footer[0], "footer:2": item.footer[1]}
    parts |= {"labels": _sha(item.labels), "address": site_url}
    source = item.rendered.template.source
    own = {"template": _sha(source)}
    for name, variable, value in DATES:  # a date counts where the template prints it
        if variable in source:
            own[name] = value(district)
    own |= {f"school {key}": _text(value) for key, value in (item.school.model_dump() if item.school else {}).items()}
    own |= {f"district {key}": _text(value) for key, value in district.district.model_dump().items()}
    parts |= {f"own:{key}": value for key, value in own.items()}
    parts["own text"] = _sha(item.rendered.markdown)
    return parts


def bundle_parts(members: dict[str, Print]) -> Print:
    """A school's print bundle: its documents, each by its own hash."""
    digests = [members[key].digest for key in members]
    return Print(_sha(digests), {f"document:{key}": members[key].digest for key in members})


def reasons(then: Print, now: Print, lang_name: str) -> list[str]:
    """What differs between two prints of one document, in words, most specific first."""
    changed = [key for key in {**then.parts, **now.parts} if then.parts.get(key) != now.parts.get(key)]
    found = _clauses(changed, then, now)
    retranslated = [key for key in changed if key.startswith("translation:") and key in then.parts and key in now.parts]
    found += [f"{lang_name} translation of {key.split(':', 1)[1]}" for key in retranslated]
    for key in ("title", "footer:1", "footer:2"):
        if key in changed:
            name = key.split(":")[0]
            found.append(f"{name} '{now.parts.get(key, '')}' (was '{then.parts.get(key, '')}')")
    if not any(key.startswith("footer:") for key in changed):  # a footer that names it says so already
        found += [
            f"'{now.parts[key]}' (was '{then.parts[key]}')" for key in changed if _both(key, "policy:", then, now)
        ]
    found += ["the form's printed labels"] if "labels" in changed else []
    found += ["web address in its links and QR codes (site_url in mkdocs.yml)"] if "address" in changed else []
    documents = [key.split(":", 1)[1] for key in changed if key.startswith("document:")]
    found += [f"its {', '.join(documents)} changed"] if documents else []
    if "own text" in changed:  # what the template itself printed: say which of its inputs changed
        found += [_own(key.split(":", 1)[1], then, now) for key in changed if key.startswith("own:")]
    return found or ["its printed text"]


def _both(key: str, prefix: str, then: Print, now: Print) -> bool:
    return key.startswith(prefix) and key in then.parts and key in now.parts


def _clauses(changed: list[str], then: Print, now: Print) -> list[str]:
    refs = [key.split(":", 1)[1] for key in changed if key.startswith("clause:")]
    if not refs:
        return []
    named = [_clause(ref, then, now) for ref in refs[:MANY]]
    more = len(refs) - MANY
    return [", ".join(named) + (f" and {more} more clauses" if more > 0 else "")]


def _clause(ref: str, then: Print, now: Print) -> str:
    key = f"clause:{ref}"
    if key not in then.parts:
        return f"clause {ref} (new)"
    if key not in now.parts:
        return f"clause {ref} (no longer printed)"
    return f"clause {ref}"


def _own(name: str, then: Print, now: Print) -> str:
    """A changed input of the template's own text: the template, a date, a school's or the district's
    value in district.yml (quoted when short)."""
    if name == "template":
        return "its template (templates/documents/)"
    was, value = then.parts.get(f"own:{name}") or "none", now.parts.get(f"own:{name}") or "none"
    if max(len(was), len(value)) > QUOTED:
        return name
    return f"{name} {value} (was {was})"
