"""Checks across policy files: codes used twice, a file name that disagrees with its code, sections
the district does not declare, and cross references.

One mistake gives one message: a policy whose own front matter has errors is not reported again
where another policy refers to it, and a code used twice is not also a wrong file name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path, PurePosixPath

from ..errors import Problem, error, warning
from .models import CODE_PATTERN, District
from .policies import PLACEHOLDER_CODE, PolicyFile
from .suggest import closest, did_you_mean, fold, same_but_spelling

READINGS = {"draft", "first-reading", "second-reading"}
Report = Callable[[Path | str, int, str], Problem]  # ``error`` or ``warning``, with its kind
UNPUBLISHED: Report = partial(warning, kind="cross-ref.unpublished")


def across_policies(policies: list[PolicyFile], district: District | None) -> list[Problem]:
    holders = _holders(policies)
    return (
        _duplicate_codes(holders)
        + _file_names(holders)
        + _unknown_sections(policies, district)
        + _cross_refs(policies, holders)
    )


def _holders(policies: list[PolicyFile]) -> dict[str, list[PolicyFile]]:
    """The files that give each code (a code that could not be read is left out)."""
    by_code: dict[str, list[PolicyFile]] = defaultdict(list)
    for policy in policies:
        data = policy.located.data if policy.located else None
        if policy.checkable and isinstance(data, dict) and "code" in data and policy.checkable.code != PLACEHOLDER_CODE:
            by_code[policy.checkable.code].append(policy)
    return by_code


def _duplicate_codes(holders: dict[str, list[PolicyFile]]) -> list[Problem]:
    problems = []
    for code, files in holders.items():
        for policy in files if len(files) > 1 else []:
            others = ", ".join(p.path for p in files if p is not policy)
            problems.append(
                error(policy.path, policy.line_of("code"), f"code: '{code}' is also used by {others}", kind="code")
            )
    return problems


def _file_names(holders: dict[str, list[PolicyFile]]) -> list[Problem]:
    """``code: JICL`` in ``JICK.md``: ``policy new``, ``policy rename`` and the importer write ``CODE.md``."""
    problems = []
    for code, files in holders.items():
        for policy in files if len(files) == 1 else []:  # a code used twice is reported as that
            name = PurePosixPath(policy.path).name
            stem = name.removesuffix(".md")
            if stem == code:
                continue
            message = f"code: '{code}' does not match the file name {name}: "
            if CODE_PATTERN.match(stem) and fold(stem) != fold(code):
                message += (
                    f"write code: {stem}, or rename the file to {code}.md "
                    f"(to give a policy a new code, use 'policy rename {stem} {code}')"
                )
            else:
                message += f"rename the file to {code}.md"
            problems.append(error(policy.path, policy.line_of("code"), message, kind="code"))
    return problems


def _unknown_sections(policies: list[PolicyFile], district: District | None) -> list[Problem]:
    if district is None:
        return []
    declared = district.sections
    problems = []
    for policy in policies:
        meta = policy.checkable
        if meta is None or meta.section_key in declared or (meta.code == PLACEHOLDER_CODE and not meta.section):
            continue
        explicit = meta.section is not None
        line = policy.line_of("section" if explicit else "code")
        origin = "" if explicit else f" (what the code {meta.code} implies)"
        hint = did_you_mean(same_but_spelling(meta.section_key, declared)) if explicit else ""
        known = ", ".join(declared)
        message = (
            f"section: '{meta.section_key}'{origin} is not a section declared in source/district.yml ({known}){hint}"
        )
        problems.append(error(policy.path, line, message, kind="section"))
    return problems


def _cross_refs(policies: list[PolicyFile], holders: dict[str, list[PolicyFile]]) -> list[Problem]:
    codes = _known_codes(policies, holders)
    former = {old: p.checkable.code for p in policies if p.checkable for old in p.checkable.former_codes}
    problems: list[Problem] = []
    for policy in policies:
        own = policy.checkable.code if policy.checkable else ""
        for index, ref in enumerate(policy.checkable.cross_refs if policy.checkable else []):
            found = _cross_ref(ref, codes, former, own)
            if found is not None:
                make, message = found
                line = policy.line_of("cross_refs", index)
                problems.append(make(policy.path, line, f"cross_refs, entry {index + 1}: {message}"))
    return problems


def _known_codes(policies: list[PolicyFile], holders: dict[str, list[PolicyFile]]) -> dict[str, PolicyFile]:
    """Each code and its policy; a file whose code could not be read counts by its name."""
    codes = {code: files[0] for code, files in holders.items()}
    for policy in policies:
        stem = PurePosixPath(policy.path).name.removesuffix(".md")
        if policy.checkable is None or policy.checkable.code == PLACEHOLDER_CODE:
            codes.setdefault(stem, policy)
    return codes


def _cross_ref(ref: str, codes: dict[str, PolicyFile], former: dict[str, str], own: str) -> tuple[Report, str] | None:
    """How a cross reference is reported: (``error`` or ``warning``, message), or None when it is fine."""
    target = codes.get(ref)
    if target is not None:
        return _unpublished(ref, target)
    if not CODE_PATTERN.match(ref):
        same = same_but_spelling(ref, codes)
        if same is not None:
            return partial(error, kind="cross-ref"), f"'{ref}' is not a policy code{did_you_mean(same)}"
        return partial(warning, kind="cross-ref.text"), f"'{ref}' is not a policy code; shown as text (unresolved)"
    hint = same_but_spelling(ref, codes) or former.get(ref) or closest(ref, [c for c in codes if c != own])
    return partial(error, kind="cross-ref"), f"no policy has the code '{ref}'{did_you_mean(hint)}"


def _unpublished(ref: str, target: PolicyFile) -> tuple[Report, str] | None:
    """A warning when the policy referred to is a draft or a reading (shown as text, not linked)."""
    if target.meta is not None:
        if target.published:
            return None
        return UNPUBLISHED, f"policy '{ref}' is not published (status {target.meta.status.value}); shown as text"
    data = target.located.data if target.located else None
    status = str(data.get("status", "")).strip() if isinstance(data, dict) else ""
    if status in READINGS:  # a draft with mistakes: they are reported in its own file
        return UNPUBLISHED, f"policy '{ref}' is not published (status {status}); shown as text"
    return None  # its own errors are reported in its file
