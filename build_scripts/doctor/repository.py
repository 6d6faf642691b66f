"""``policy doctor``: the project's git repository: the branch, policies not committed, a shallow
history."""

from __future__ import annotations

from ..paths.project import POLICIES, Project
from ..source.gitread import git, is_shallow
from ..textfilters import counted
from .findings import Finding, Section, fix, note, ok

MAIN = "main"
FIRST_COMMIT = "git add -A && git commit -m 'The policy manual'"
LISTED = 5  # uncommitted files named; more are counted
STATES = {"??": "new", "A": "new", "M": "changed", "D": "deleted", "R": "renamed"}


def repository(project: Project) -> Section:
    root = project.root
    if git(root, "rev-parse", "--is-inside-work-tree") is None:
        return Section(
            "Git",
            [
                fix(
                    "this folder is not a git repository: there is no history, no versions and no packet",
                    f"start one: git init -b {MAIN} && {FIRST_COMMIT}",
                )
            ],
        )
    if git(root, "rev-parse", "--verify", "--quiet", "HEAD") is None:
        return Section("Git", [note("nothing is committed yet", f"commit the manual: {FIRST_COMMIT}")])
    return Section("Git", [_branch(project), _uncommitted(project), _history(project)])


def _branch(project: Project) -> Finding:
    branch = (git(project.root, "symbolic-ref", "--quiet", "--short", "HEAD") or "").strip()
    if branch == MAIN:
        return ok(f"on branch {MAIN}: the published manual")
    if branch:
        return ok(f"on branch {branch}: a proposal; 'policy packet' shows what it changes since it left {MAIN}")
    return note(
        "no branch is checked out (a detached HEAD): commits made now belong to no branch",
        f"go back to a branch: git switch {MAIN} (or git switch -c NEW-BRANCH to keep what you did)",
    )


def _uncommitted(project: Project) -> Finding:
    out = git(project.root, "status", "--porcelain", "--untracked-files=all", "--", POLICIES) or ""
    files = [(line[:2].strip(), line[3:].split(" -> ")[-1]) for line in out.splitlines() if line.strip()]
    if not files:
        return ok("every policy file is committed")
    named = [f"{path} ({STATES.get(state[:1] if state != '??' else state, 'changed')})" for state, path in files]
    shown = ", ".join(named[:LISTED]) + (f" and {len(named) - LISTED} more" if len(named) > LISTED else "")
    return note(
        f"{counted(len(files), 'policy file')} not committed: {shown}",
        f"to keep the changes in the history: git add {POLICIES} && git commit -m 'what changed'",
    )


def _history(project: Project) -> Finding:
    if is_shallow(project.root):
        return fix(
            "the history is shallow (a clone with --depth): policy pages show no earlier versions or redlines",
            "fetch it whole: git fetch --unshallow",
        )
    commits = len((git(project.root, "rev-list", "HEAD", "--", POLICIES) or "").split())
    return ok(f"full history: {counted(commits, 'commit')} changed policies")
