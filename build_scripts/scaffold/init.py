"""``policy init``: a new district's content repository, small, working and neutral.

Like ``django-admin startproject``, it writes what a district needs to start and nothing more: the
site's name and address (``mkdocs.yml``), the district's facts with placeholders marked FILL IN,
citation rules (Massachusetts' only for MA), one example draft, starter letters and forms that quote no
policy, the publish workflow, editor and pre-commit settings, a README for the clerk with the two
commands, and the tool's version pinned. Then ``git init`` and a first commit. Everything else (the
typst layouts, fonts, page templates, the tool's words in other languages) stays in the tool.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..errors import UsageError
from ..paths.project import POLICIES, Project
from ..paths.theme import STARTER, THEME
from ..source.models import CodeScheme
from ..words import Language, language
from .schemas import write_schemas

FILES = THEME / STARTER / "files"
STARTER_DOCUMENTS = THEME / STARTER / "templates" / "documents"
STARTER_TRANSLATIONS = THEME / STARTER / "translations"
RENAMED = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml"}
HIDDEN_FOLDERS = {"github": ".github", "vscode": ".vscode"}
MASC_SECTIONS = (
    ("A", "Foundations and Basic Commitments"),
    ("B", "{body} Governance and Operations"),
    ("C", "General School Administration"),
    ("D", "Fiscal Management"),
    ("E", "Support Services"),
    ("F", "Facilities Development"),
    ("G", "Personnel"),
    ("H", "Negotiations"),
    ("I", "Instruction"),
    ("J", "Students"),
    ("K", "School-Community Relations"),
    ("L", "Education Agency Relations"),
)
SERIES = (
    ("0000", "Philosophy, Goals, Objectives and Comprehensive Plans"),
    ("1000", "Community Relations"),
    ("2000", "Administration"),
    ("3000", "Business and Noninstructional Operations"),
    ("4000", "Personnel"),
    ("5000", "Students"),
    ("6000", "Instruction"),
    ("7000", "Facilities"),
    ("9000", "{body} Bylaws"),
)
EXAMPLE_CODE = {CodeScheme.MASC: "BG", CodeScheme.NUMERIC: "9310"}


@dataclass(frozen=True)
class Settings:
    """What ``policy init`` was told about the district."""

    name: str
    short: str = ""
    state: str | None = None
    time_zone: str = "America/New_York"
    languages: tuple[Language, ...] = ()
    scheme: CodeScheme = CodeScheme.MASC
    governing_body: str = ""
    today: date = field(default_factory=date.today)

    @property
    def body(self) -> str:
        """The governing body: given, else a state's usual name for it."""
        return self.governing_body or ("School Committee" if self.state == "MA" else "Board of Education")

    @property
    def town(self) -> str:
        """A first guess at the town: the district's name without 'Public Schools' and the like."""
        words = re.sub(r"(?i)\b(public|school|schools|district|unified|regional|city|county|of|the)\b", " ", self.name)
        return " ".join(words.split()) or self.name

    @property
    def school_year(self) -> str:
        start = self.today.year if self.today.month >= 7 else self.today.year - 1
        return f"{start}-{start + 1}"


def parse_languages(text: str) -> tuple[Language, ...]:
    """``es,pt-BR`` -> Spanish (es) and Portuguese (pt, tagged pt-BR)."""
    found = []
    for tag in (part.strip() for part in text.split(",") if part.strip()):
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
            raise UsageError(f"--languages: '{tag}' is not a language tag (e.g. es, pt-BR, zh-Hant)")
        code = tag.split("-")[0].lower()
        default = language(code)
        found.append(Language(code, tag, default.name, default.english))
    return tuple(found)


def init_project(target: Path, settings: Settings) -> list[str]:
    """Write a new content repository into ``target`` (new or empty), then commit it; the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} is not empty; policy init writes a new project into a new or empty folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".policy-init-", dir=target.parent) as scratch:
        work = Path(scratch) / "project"  # written whole, then moved into place: never half a project
        work.mkdir()
        written = _write_files(work, settings) + _write_documents(work, settings) + _write_schemas(work)
        _first_commit(work, settings)
        if target.exists():
            target.rmdir()
        work.rename(target)
    return sorted(written)


def _values(settings: Settings) -> dict[str, object]:
    numeric = settings.scheme is CodeScheme.NUMERIC
    sections = SERIES if numeric else MASC_SECTIONS
    ma_rules = (THEME / STARTER / "citations-ma.yml").read_text(encoding="utf-8")
    return {
        "name": settings.name,
        "short": settings.short or _initials(settings.name),
        "town": settings.town,
        "state": settings.state,
        "governing_body": settings.body,
        "languages": settings.languages,
        "time_zone": settings.time_zone,
        "scheme": settings.scheme.value,
        "numeric": numeric,
        "sections": [(key, title.format(body=settings.body)) for key, title in sections],
        "school_year": settings.school_year,
        "rules": ma_rules.strip() if settings.state == "MA" else "",
        "code": EXAMPLE_CODE[settings.scheme],
        "version": _tool_version(),
    }


def _write_files(target: Path, settings: Settings) -> list[str]:
    env = Environment(  # ``{#id}`` is a heading's id in a policy, not a Jinja comment
        loader=FileSystemLoader(FILES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        comment_start_string="<#--",
        comment_end_string="--#>",
    )
    env.trim_blocks = env.lstrip_blocks = True
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)  # a YAML double-quoted scalar
    values, written = _values(settings), []
    for source in sorted(p for p in FILES.rglob("*") if p.is_file()):
        relative = _target_name(source.relative_to(FILES).as_posix(), str(values["code"]))
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".j2":
            path.write_text(env.get_template(source.relative_to(FILES).as_posix()).render(values), encoding="utf-8")
        else:
            shutil.copyfile(source, path)
        written.append(relative)
    return written


def _target_name(relative: str, code: str) -> str:
    first, _, rest = relative.partition("/")
    relative = f"{HIDDEN_FOLDERS[first]}/{rest}" if first in HIDDEN_FOLDERS else relative
    relative = RENAMED.get(relative, relative).removesuffix(".j2")
    return relative.replace(f"{POLICIES}/example.md", f"{POLICIES}/{code}.md")


def _write_documents(target: Path, settings: Settings) -> list[str]:
    """The starter letters and forms, made in the district's other languages; their passages'
    translations into Spanish and Portuguese come with them (drafts for the district to review)."""
    codes, project, written = [item.code for item in settings.languages], Project(target), []
    project.documents_dir.mkdir(parents=True, exist_ok=True)
    for source in sorted(STARTER_DOCUMENTS.glob("*.md.j2")):
        text = source.read_text(encoding="utf-8").replace("languages: []", f"languages: [{', '.join(codes)}]")
        (project.documents_dir / source.name).write_text(text, encoding="utf-8")
        written.append(project.display(project.documents_dir / source.name))
    for code in codes:
        catalog = STARTER_TRANSLATIONS / f"{code}.po"
        if catalog.is_file():
            project.catalog_file(code).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(catalog, project.catalog_file(code))
            written.append(project.display(project.catalog_file(code)))
    return written


def _write_schemas(target: Path) -> list[str]:
    """The JSON Schemas the editor settings point at (``policy schema``)."""
    return [path.relative_to(target).as_posix() for path in write_schemas(target / "schemas")]


def _first_commit(target: Path, settings: Settings) -> None:
    """``git init`` and a first commit (as 'policy init' when git knows no user here)."""
    if shutil.which("git") is None:
        return
    who = ["-c", "user.name=policy init", "-c", "user.email=policy-init@localhost"]
    known = subprocess.run(["git", "config", "user.email"], cwd=target, capture_output=True, timeout=60)
    identity = [] if known.returncode == 0 and known.stdout.strip() else who
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "-m", f"Start the policy manual of the {settings.name}"],
    ):
        done = subprocess.run(["git", *identity, *args], cwd=target, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise UsageError(f"git {args[0]} failed in {target}: {done.stderr.strip()}")


def _initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"[A-Za-z]+", name) if word[0].isupper())[:8] or "DISTRICT"


def _tool_version() -> str:
    try:
        return version("policy-pipeline")
    except PackageNotFoundError:  # running from a source checkout that is not installed
        return "0"
