"""A policy's life: ``policy new``, ``policy retire`` and ``policy rename``.

Front matter is edited line by line, so the clerk's comments and layout stay as they were.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import Problem, UsageError, warning
from ..paths.project import Project
from .front_matter import split_front_matter
from .models import CODE, Status, code_problem, section_of
from .policies import PolicyFile, read_policy
from .project import Manual, load_manual

SKELETON = """---
code: {code}
title: {title}
{section}status: draft
audience: [staff]
---

## Purpose {{#purpose}}

[]{{#purpose-p1}} Say in one or two sentences why this policy exists.

## Policy {{#policy}}

1. []{{#policy-1}} Write the first rule here.
2. []{{#policy-2}} Write the next rule here.
"""


@dataclass
class Renamed:
    """What ``policy rename`` changed, as paths relative to the project."""

    path: str
    moved_with_git: bool
    updated: list[str] = field(default_factory=list)


def new_policy(project: Project, code: str, title: str, section: str | None) -> Path:
    """Write ``source/policies/CODE.md``: a draft with front matter and clause ids."""
    _valid_code(code)
    if not title.strip():
        raise UsageError("the title must not be empty")
    _refuse_taken(project, code)
    district = load_manual(project).district
    if district is not None and (section or section_of(code)) not in district.sections:
        known = ", ".join(district.sections)
        if section is None:
            raise UsageError(
                f"the code {code} implies the section '{section_of(code)}', which is not in source/district.yml "
                f"({known}); add it there, or give --section X"
            )
        raise UsageError(f"section '{section}' is not declared in source/district.yml ({known})")
    path = project.policy_file(code)
    line = f"section: {section}\n" if section else ""
    path.write_text(SKELETON.format(code=code, title=_yaml_text(title.strip()), section=line), encoding="utf-8")
    return path


def retire_policy(project: Project, code: str, when: date) -> Path:
    """Set ``status: retired`` and the ``retired`` date of an adopted policy."""
    policy, path = _existing(project, code)
    meta = policy.meta
    if meta is None:
        raise UsageError(f"{policy.path} has errors in its front matter; run 'policy check' and fix them first")
    if meta.status is not Status.ADOPTED:
        raise UsageError(f"policy '{code}' is {meta.status.value}; only an adopted policy can be retired")
    if meta.effective_date and when < meta.effective_date:
        raise UsageError(f"the retirement date {when} is before the policy's last adoption or revision date")
    text = path.read_text(encoding="utf-8")
    text = set_field(text, "status", Status.RETIRED.value)
    path.write_text(set_field(text, "retired", when.isoformat()), encoding="utf-8")
    return path


def rename_policy(project: Project, old: str, new: str) -> Renamed:
    """Give a policy a new code: move its file (with git when tracked), record the former code and
    update every cross reference and document template that names it."""
    _valid_code(new)
    policy, path = _existing(project, old)
    _refuse_taken(project, new)
    if policy.meta is None:
        raise UsageError(f"{policy.path} has errors in its front matter; run 'policy check' and fix them first")
    target = project.policy_file(new)
    moved_with_git = _move(project.root, path, target)
    text = set_field(target.read_text(encoding="utf-8"), "code", new)
    former = [*policy.meta.former_codes, old]
    text = set_field(text, "former_codes", "[" + ", ".join(former) + "]")
    target.write_text(text, encoding="utf-8")
    result = Renamed(project.display(target), moved_with_git)
    for other in project.policy_files():
        if other != target and _rewrite(other, lambda t: replace_cross_ref(t, old, new)):
            result.updated.append(project.display(other))
    for template in sorted(project.documents_dir.glob("*.md.j2")):
        if _rewrite(template, lambda t: replace_template_refs(t, old, new)):
            result.updated.append(project.display(template))
    return result


def set_field(text: str, key: str, value: str) -> str:
    """Set a top-level front-matter key to ``value`` (a YAML scalar or flow list), in place or
    appended before the closing ``---``; a block list under the key is replaced."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for index in range(1, end):
        if pattern.match(lines[index]):
            stop = index + 1
            while stop < end and (lines[stop].startswith((" ", "\t")) or lines[stop].lstrip().startswith("- ")):
                stop += 1
            lines[index:stop] = [f"{key}: {value}"]
            return "\n".join(lines)
    lines.insert(end, f"{key}: {value}")
    return "\n".join(lines)


def _code_token(code: str) -> str:
    """The code as a whole token: 5131 is not found inside 5131.2, nor G-17 inside G-170."""
    return rf"(?<![A-Za-z0-9.-]){re.escape(code)}(?![A-Za-z0-9-]|\.[A-Za-z0-9])"


def replace_cross_ref(text: str, old: str, new: str) -> str:
    """Replace the code ``old`` in the ``cross_refs`` of a policy's front matter."""
    split = split_front_matter(text)
    if split.front is None:
        return text
    lines = text.split("\n")
    in_refs = False
    for index in range(split.front_line - 1, split.body_line - 2):
        line = lines[index]
        if not line.startswith((" ", "\t", "-")):
            in_refs = line.startswith("cross_refs")
        if in_refs:
            lines[index] = re.sub(_code_token(old), new, line)
    return "\n".join(lines)


TEMPLATE_REF = r"(?:(?<=[\s\[,'\"])|^){code}(?=#[a-z0-9])"
HELPER_CALL = r"""((?:policy|policy_link|policy_text|cite|clause|clauses|quote)\(\s*["']){code}(["'])"""


def replace_template_refs(text: str, old: str, new: str) -> str:
    """``OLD#clause`` in a document spec and ``cite("OLD", ...)``-style helper calls in its body."""
    text = re.sub(TEMPLATE_REF.format(code=re.escape(old)), new, text, flags=re.MULTILINE)
    return re.sub(HELPER_CALL.format(code=re.escape(old)), rf"\g<1>{new}\g<2>", text)


def quoted_codes(text: str) -> set[str]:
    """The policy codes a document template quotes: in its spec and in its helper calls."""
    code = f"({CODE})"
    found = set(re.findall(r"(?:(?<=[\s\[,'\"])|^)" + code + r"#[a-z0-9]", text, flags=re.MULTILINE))
    return found | {m[1] for m in re.findall(HELPER_CALL.format(code=code), text)}


def retired_quotes(project: Project, manual: Manual) -> list[Problem]:
    """A warning wherever a document template quotes a retired policy."""
    retired = {p.meta.code: p.meta for p in manual.policies if p.meta and p.meta.status is Status.RETIRED}
    problems: list[Problem] = []
    for template in sorted(project.documents_dir.glob("*.md.j2")):
        text = template.read_text(encoding="utf-8")
        for code in sorted(quoted_codes(text) & set(retired)):
            line = next(n for n, row in enumerate(text.split("\n"), 1) if re.search(_code_token(code), row))
            when = retired[code].retired
            since = f" since {when}" if when else ""
            message = f"quotes policy '{code}', which is retired{since}; quote the policy that replaces it"
            problems.append(warning(project.display(template), line, message, kind="quote.retired"))
    return problems


def _rewrite(path: Path, change: object) -> bool:
    assert callable(change)
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    if changed != text:
        path.write_text(changed, encoding="utf-8")
        return True
    return False


def _move(root: Path, source: Path, target: Path) -> bool:
    """``git mv`` when the file is tracked (history follows it), else a plain rename."""
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", str(source)], cwd=root, capture_output=True, timeout=60
    )
    if tracked.returncode == 0:
        moved = subprocess.run(["git", "mv", str(source), str(target)], cwd=root, capture_output=True, timeout=60)
        if moved.returncode == 0:
            return True
    source.rename(target)
    return False


def _valid_code(code: str) -> None:
    problem = code_problem(code)
    if problem is not None:
        raise UsageError(problem)


def _refuse_taken(project: Project, code: str) -> None:
    path = project.policy_file(code)
    if path.exists():
        raise UsageError(f"policy '{code}' already exists ({project.display(path)}); choose another code")
    for other in project.policy_files():
        meta = read_policy(other, project.display(other)).checkable
        if meta and code in (meta.code, *meta.former_codes):
            raise UsageError(f"the code '{code}' is already used by {project.display(other)}; choose another code")


def _existing(project: Project, code: str) -> tuple[PolicyFile, Path]:
    path = project.policy_file(code)
    candidates = [path] if path.exists() else project.policy_files()
    for candidate in candidates:
        policy = read_policy(candidate, project.display(candidate))
        if policy.checkable and policy.checkable.code == code:
            return policy, candidate
    raise UsageError(f"no policy has the code '{code}' in source/policies/")


def _yaml_text(text: str) -> str:
    """A title as a YAML scalar: plain when safe, else double-quoted."""
    if re.match(r"^[A-Za-z0-9][^:#\[\]{}\"'`|>&*!%@,]*$", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)
