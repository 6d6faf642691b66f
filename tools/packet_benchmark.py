"""Time `policy packet` on a branch of a whole staff-policy review (default 130 changed files).

    .venv/bin/python -m tools.packet_benchmark [N]

Makes a git project with 2*N synthetic policies on main, then a working tree that revises, adds,
removes and renames N of them (in the proportions of a real review), and times `policy packet`
(PDF, then HTML) as a clerk runs it, cold (no cache) then again. Not a test: the figure depends on
the machine's load.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import copy_project, git_commit

PARAGRAPH = (
    "Employees of the district shall {verb} the rules of this policy in every school, at every event the "
    "district sponsors and online, and shall report a concern to the principal or the superintendent."
)


def policy_text(code: str, title: str, verb: str, sections: int = 6) -> str:
    body = []
    for section in range(1, sections + 1):
        body.append(f"## Part {section} {{#part-{section}}}\n")
        body.append(f"[]{{#part-{section}-p1}} {PARAGRAPH.format(verb=verb)}\n")
        body += [
            f"{n}. []{{#part-{section}-{n}}} Item {n} of part {section}: {PARAGRAPH.format(verb=verb)}"
            for n in (1, 2, 3)
        ]
        body.append("")
    front = f"---\ncode: {code}\ntitle: {title}\nadopted: 2020-01-01\n---\n\n"
    return front + "\n".join(body)


def make_branch(root: Path, count: int) -> None:
    folder = root / "source" / "policies"
    codes = [f"GB-{n:03d}" for n in range(2 * count)]
    for code in codes:
        (folder / f"{code}.md").write_text(policy_text(code, f"Staff Policy {code}", "follow"), encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, timeout=60)
    git_commit(root, "The manual", "2024-01-02T09:00:00Z")
    for index, code in enumerate(codes[:count]):
        kind = index % 10
        path = folder / f"{code}.md"
        if kind < 6:  # revised
            path.write_text(policy_text(code, f"Staff Policy {code}", "observe and uphold"), encoding="utf-8")
        elif kind == 6:  # removed
            path.unlink()
        elif kind == 7:  # renamed
            new = f"GC-{index:03d}"
            subprocess.run(["git", "mv", str(path), str(folder / f"{new}.md")], cwd=root, check=True, timeout=60)
            text = (folder / f"{new}.md").read_text(encoding="utf-8").replace(f"code: {code}", f"code: {new}")
            (folder / f"{new}.md").write_text(text, encoding="utf-8")
        else:  # a new policy beside an unchanged one
            new = f"GD-{index:03d}"
            (folder / f"{new}.md").write_text(policy_text(new, f"New Policy {new}", "learn"), encoding="utf-8")


def timed(root: Path, *args: str) -> float:
    policy = Path(sys.executable).parent / "policy"
    start = time.perf_counter()
    subprocess.run([str(policy), *args], cwd=root, check=True, timeout=600, capture_output=True)
    return time.perf_counter() - start


def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="packet-benchmark-"))
    try:
        root = copy_project(folder / "project")
        make_branch(root, count)
        changed = subprocess.run(
            ["git", "diff", "--name-status", "-M", "main", "--", "source/policies"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout.splitlines()
        untracked = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard", "--", "source/policies"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout.splitlines()
        cold = timed(root, "packet", "--base", "main", "--out", "packets/review.pdf")
        warm = timed(root, "packet", "--base", "main", "--out", "packets/review.pdf")
        html = timed(root, "packet", "--base", "main", "--out", "packets/review.html")
        size = (root / "packets" / "review.pdf").stat().st_size
        print(f"{len(changed) + len(untracked)} changed files ({len(changed)} in git diff, {len(untracked)} untracked)")
        print(f"policy packet PDF: {cold:.1f} s cold, {warm:.1f} s with parsed texts cached; {size // 1024} KB")
        print(f"policy packet HTML: {html:.1f} s")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 130)
