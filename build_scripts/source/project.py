"""Loading every source file of a project, with every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from ..cache import ContentCache, engine_fingerprint
from ..errors import Problem, error
from ..pandoc.jobs import read_markdown_many
from ..pandoc.runner import POLICY_READER
from ..paths.project import Project
from .across import across_policies
from .citations import CitationRules
from .confine import outside_inputs
from .contacts import contact_warnings, published_contacts
from .front_matter import split_front_matter
from .models import District
from .overrides import override_problems
from .parsed_cache import KIND as PARSED_KIND
from .parsed_cache import load_parsed, parsed_key, store_parsed
from .policies import Policy, PolicyFile, parse_policy, read_text_file
from .schema_errors import validate_located
from .yamlsource import YamlProblem, load_located


@dataclass
class Manual:
    """Everything the sources say, and every problem found in them."""

    district: District | None
    citations: CitationRules
    policies: list[PolicyFile]
    problems: list[Problem] = field(default_factory=list)

    @property
    def published(self) -> list[Policy]:
        """Adopted and retired policies, in code order: what reaches the site and PDFs."""
        valid = [policy for p in self.policies if (policy := p.valid()) is not None]
        return sorted((p for p in valid if p.published), key=lambda p: p.meta.code)

    def policy(self, code: str) -> PolicyFile | None:
        return next((p for p in self.policies if p.meta and p.meta.code == code), None)


def load_manual(project: Project, cache: ContentCache | None = None) -> Manual:
    """Read every source file; checks across files run even when one file is invalid."""
    problems: list[Problem] = []
    district = _load_model(project, project.district_file, District, problems, required=True)
    citations = _load_model(project, project.citations_file, CitationRules, problems, required=False)
    policies = read_policies(project, cache or ContentCache(None))
    if not policies:
        problems.append(error(project.display(project.policies_dir), 1, "no policy files (*.md) found", kind="file"))
    for policy in policies:
        problems += policy.problems
    manual = Manual(
        district if isinstance(district, District) else None,
        citations if isinstance(citations, CitationRules) else CitationRules(),
        policies,
    )
    found = cross_file_problems(manual) + template_contacts(project, manual) + override_problems(project)
    found += outside_inputs(project)
    manual.problems = problems + found
    return manual


def read_policies(project: Project, cache: ContentCache) -> list[PolicyFile]:
    """Every policy file: a file read before with the same text comes from the cache
    (``parsed_cache.py``); the others' bodies are parsed by pandoc all at once."""
    kept, fingerprint = cache.kind(PARSED_KIND), engine_fingerprint()
    entries = []
    for path in project.policy_files():
        display = project.display(path)
        text, unreadable = read_text_file(path, display)
        key = parsed_key(fingerprint, display, text) if text is not None else None
        hit = load_parsed(kept.get(key), display, text) if key is not None and text is not None else None
        entries.append((path, display, text, unreadable, key, hit))
    bodies = [(e[1], split_front_matter(e[2]).body) for e in entries if e[2] is not None and e[5] is None]
    asts = iter(read_markdown_many(bodies, cache.kind("ast"), POLICY_READER))
    policies = []
    for path, display, text, unreadable, key, hit in entries:
        if text is None:
            policies.append(PolicyFile(display, None, None, None, problems=unreadable))
        elif hit is not None:
            policies.append(hit)
        else:
            policies.append(parse_policy(text, display, path, project.root / "source", next(asts), checked=True))
            if key is not None:
                store_parsed(kept, key, policies[-1])
    return policies


def _load_model(
    project: Project, path: Path, model: type[BaseModel], problems: list[Problem], *, required: bool
) -> BaseModel | None:
    display = project.display(path)
    if not path.exists():
        if required:
            problems.append(error(display, 1, "file is missing", kind="file"))
        return None
    if not project.confined(path):
        return None  # a link out of the project: reported by outside_inputs, never read
    text, unreadable = read_text_file(path, display)
    problems += unreadable
    if text is None:
        return None
    try:
        located = load_located(text)
    except YamlProblem as exc:
        problems.append(error(display, exc.line, exc.message, kind="yaml"))
        return None
    value, found = validate_located(model, located, display)
    problems += found
    return value


def cross_file_problems(manual: Manual) -> list[Problem]:
    """Duplicate codes, file names, unknown sections and cross references, across all policies."""
    return across_policies(manual.policies, manual.district) + _contacts(manual)


def _contacts(manual: Manual) -> list[Problem]:
    """Phone numbers and e-mail addresses in clauses that the district does not publish (warnings)."""
    published = published_contacts(manual.district)
    problems: list[Problem] = []
    for policy in manual.policies:
        clauses = policy.scan.clauses if policy.scan else []
        problems += contact_warnings(policy.path, ((policy.lines.get(c.id, 1), c.text) for c in clauses), published)
    return problems


def template_contacts(project: Project, manual: Manual) -> list[Problem]:
    """Phone numbers and e-mail addresses typed into a document template that the district does not
    publish (warnings): a template prints on every school's letters and forms."""
    published = published_contacts(manual.district)
    problems: list[Problem] = []
    for path in sorted(project.documents_dir.glob("*.md.j2")):
        lines = enumerate(path.read_text(encoding="utf-8", errors="replace").split("\n"), 1)
        problems += contact_warnings(project.display(path), lines, published)
    return problems
