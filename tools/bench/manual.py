"""A complete synthetic project with git history, for the benchmark and for tests.

``generate_manual(folder, policies=400)`` copies the shipped ``mkdocs.yml``, ``templates/``,
``source/district.yml``, ``source/citations.yml`` and ``source/policies/G-170.md`` into ``folder``,
adds N synthetic policies across MASC sections A-L, and writes a git history: one commit of the whole
manual with older adoption dates, then one commit a year that revises some policies (one sentence
changed, a ``revised`` date added) and, in the last one, retires a few. Each of those commits adds
dates, so the build finds versions and redlines. Seeded: the same arguments give the same project.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .policies import SyntheticPolicy, make_codes, make_policy

REPOSITORY = Path(__file__).resolve().parents[2]
SHIPPED = (
    *("mkdocs.yml", "templates", "source/district.yml", "source/citations.yml", "source/policies/G-170.md"),
    *("source/translations", "source/reviews.yml"),
)
IGNORED = "/site/\n/.site.*\n/.cache/\n/private/\n/as-of/\n"
FIRST_COMMIT = date(2021, 8, 16)
OLDEST_ADOPTION = date(2008, 1, 1)
REVISION_YEARS = (2022, 2023, 2024, 2025)
REVISED_SHARE = 0.08  # of the policies, per revision commit
RETIRED_SHARE = 0.015  # of the policies, in the last revision commit
POLICY_EDIT_MARK = "## Purpose {#purpose}\n\n"
TEMPLATE_EDIT = ("parent-letter.md.j2", "Dear families,")
TEMPLATE_WORDS = ("parents", "guardians", "caregivers", "households", "readers", "friends", "all", "everyone")


@dataclass(frozen=True)
class SyntheticManual:
    root: Path
    codes: list[str]  # the synthetic policies' codes (G-170 is there too), in code order
    retired: list[str]
    commits: int

    @property
    def policy_count(self) -> int:
        """Every policy file, all published (adopted or retired): the synthetic ones and G-170."""
        return len(self.codes) + 1

    def policy_path(self, code: str) -> Path:
        return self.root / "source" / "policies" / f"{code}.md"


def generate_manual(root: Path, policies: int = 400, *, seed: int = 2026, history: bool = True) -> SyntheticManual:
    """Write the project into ``root`` (created; must be empty or missing) and commit its history."""
    rng = random.Random(seed)
    _copy_shipped(root)
    codes = make_codes(rng, policies, taken={"G-170"})
    made = [make_policy(rng, code, _adoption_day(rng), codes) for code in codes]
    if not history:
        _write(root, made)
        return SyntheticManual(root, codes, [], 0)
    _git(root, None, "init", "-q", "-b", "main")
    _write(root, made)
    _commit(root, FIRST_COMMIT, f"Adopt the manual: {len(made) + 1} policies")
    retired: list[str] = []
    for year in REVISION_YEARS:
        changed = _revise(rng, made, year)
        if year == REVISION_YEARS[-1]:
            retired = _retire(rng, made, date(year, 6, 24))
        _write(root, [made[i] for i in sorted(changed)] + [p for p in made if p.code in retired])
        _commit(root, date(year, 8, 16), f"Revisions voted in {year}: {len(changed)} policies")
    return SyntheticManual(root, codes, sorted(retired), 1 + len(REVISION_YEARS))


def _copy_shipped(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    for name in SHIPPED:
        source, target = REPOSITORY / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    (root / ".gitignore").write_text(IGNORED, encoding="utf-8")


def _adoption_day(rng: random.Random) -> date:
    span = (FIRST_COMMIT - timedelta(days=60) - OLDEST_ADOPTION).days
    return OLDEST_ADOPTION + timedelta(days=rng.randrange(span))


def _revise(rng: random.Random, made: list[SyntheticPolicy], year: int) -> set[int]:
    """Revise a share of the policies still in force, with a June date of ``year``."""
    live = [i for i, p in enumerate(made) if p.retired is None]
    chosen = set(rng.sample(live, max(1, round(len(made) * REVISED_SHARE))))
    for index in chosen:
        made[index].revise(rng, date(year, 6, rng.randint(2, 20)))
    return chosen


def _retire(rng: random.Random, made: list[SyntheticPolicy], day: date) -> list[str]:
    chosen = rng.sample([p for p in made if p.retired is None], max(1, round(len(made) * RETIRED_SHARE)))
    for policy in chosen:
        policy.retired = day
    return [p.code for p in chosen]


def _write(root: Path, made: list[SyntheticPolicy]) -> None:
    folder = root / "source" / "policies"
    for policy in made:
        (folder / policy.filename).write_text(policy.text(), encoding="utf-8")


def _commit(root: Path, day: date, message: str) -> None:
    stamp = f"{day.isoformat()}T12:00:00+00:00"
    _git(root, None, "add", "-A")
    _git(root, {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}, "commit", "-q", "-m", message)


def _git(root: Path, extra_env: dict[str, str] | None, *args: str) -> None:
    env = {**os.environ, **(extra_env or {})}
    identity = ["-c", "user.name=Policy Office", "-c", "user.email=policy@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=root, env=env, check=True, capture_output=True, timeout=120)


def edit_policy(path: Path, run: int) -> None:
    """Change one sentence of a policy (the first of its Purpose section), differently for each run."""
    text = path.read_text(encoding="utf-8")
    start = text.find(POLICY_EDIT_MARK)
    end = text.find(".", start + len(POLICY_EDIT_MARK))
    if start < 0 or end < 0:
        raise ValueError(f"{path}: no '{POLICY_EDIT_MARK.strip()}' paragraph to edit")
    path.write_text(text[:end] + f", as revised in benchmark run {run}" + text[end:], encoding="utf-8")


def edit_template(root: Path, run: int) -> Path:
    """Change one word of a document template (the letter's salutation), differently for each run."""
    name, anchor = TEMPLATE_EDIT
    path = root / "templates" / "documents" / name
    text = path.read_text(encoding="utf-8")
    current = next((f"Dear {w}," for w in ("families", *TEMPLATE_WORDS) if f"Dear {w}," in text), None)
    if current is None:
        raise ValueError(f"{path}: no '{anchor}' line to edit")
    word = TEMPLATE_WORDS[run % len(TEMPLATE_WORDS)]
    if current == f"Dear {word},":
        word = TEMPLATE_WORDS[(run + 1) % len(TEMPLATE_WORDS)]
    path.write_text(text.replace(current, f"Dear {word},", 1), encoding="utf-8")
    return path
