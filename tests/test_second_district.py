"""Another district adopts the tool: the installed wheel, not this checkout, starts and builds its manual.

A newcomer's path (``policy init``, ``policy new 5131.2``, ``check``, ``build``) runs with no network, and
a made-up second district (``tests/fixtures/lakeview``: numbered codes, the Pacific time zone, a Board of
Trustees, English only) builds from the wheel. Neither output holds a word of ours.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXED_EPOCH, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "lakeview"
# Words only the Northborough-Southborough manual has: its towns, its schools, its policy's words.
OURS = re.compile(
    r"Northborough|Southborough|nsboro|Algonquin|Melican|Trottier|G-170|G170|Massachusetts|MASC\b"
    r"|School Committee|social networking|Employee Social Media",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Installed:
    venv: Path
    env: dict[str, str]

    def policy(self, *args: str, cwd: Path, offline: bool = False) -> subprocess.CompletedProcess[str]:
        command = [str(self.venv / "bin" / "policy"), *args]
        if offline:  # a network namespace of its own: no interface but loopback, no name resolution
            command = ["unshare", "--net", *command]
        return subprocess.run(command, cwd=cwd, env=self.env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """The wheel built from this checkout, installed alone into a fresh virtualenv; its dependencies come
    from the test environment's site-packages (PYTHONPATH runs no .pth file, so the editable install
    of this checkout stays invisible)."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    wheel = next(folder.glob("*.whl"))
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", str(wheel)], check=True, timeout=300)
    env = {
        **os.environ,
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "SOURCE_DATE_EPOCH": FIXED_EPOCH,
        "POLICY_CACHE_DIR": str(folder / "cache"),
        "GIT_AUTHOR_NAME": "Clerk",
        "GIT_AUTHOR_EMAIL": "clerk@example.org",
        "GIT_COMMITTER_NAME": "Clerk",
        "GIT_COMMITTER_EMAIL": "clerk@example.org",
    }
    yield Installed(venv, env)


def ours_in(site: Path) -> list[str]:
    """Every file of the built site (text, and the text of every PDF) that holds a word of ours."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60).stdout
        elif path.suffix in (".html", ".json", ".xml", ".txt", ".css", ".js", ".md"):
            text = path.read_text(encoding="utf-8", errors="replace")
        else:
            continue
        found += [f"{path.relative_to(site)}: {m.group(0)}" for m in OURS.finditer(text)]
    return found


def test_the_wheel_carries_the_tools_files(installed: Installed) -> None:
    """Layouts, fonts, page templates, CSS, overrides, the tool's words and the starter files are
    package data: the wheel's copy has them."""
    probe = "from build_scripts.paths.theme import THEME; print(THEME)"
    done = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c", probe],
        env=installed.env,
        cwd=installed.venv,  # not this checkout, whose build_scripts/ the current folder would put first
        capture_output=True,
        text=True,
    )
    theme = Path(done.stdout.strip())
    assert str(theme).startswith(str(installed.venv)), done.stderr
    for relative in (
        "typst/document.typ",
        "fonts/DejaVuSerif.ttf",
        "site/pages/policy.md.j2",
        "site/assets/stylesheets/extra.css",
        "site/overrides/main.html",
        "translations/es.po",
        "mkdocs.yml",
        "starter/files/github/workflows/publish.yml.j2",
        "starter/templates/documents/media-permission-form.md.j2",
    ):
        assert (theme / relative).is_file(), relative


def test_a_newcomer_starts_a_district_with_no_network(installed: Installed, tmp_path: Path) -> None:
    """The README's path: init, a first policy numbered by series, check and build, offline."""
    root = tmp_path / "riverton"
    steps = [
        ("init", str(root), "--district", "Riverton Public Schools", "--time-zone", "America/Denver"),
        ("new", "5131.2", "Cell Phones", "--project", str(root)),
        ("check", "--project", str(root)),
        ("build", "--project", str(root)),
    ]
    steps[0] = (*steps[0], "--codes", "numeric", "--languages", "es,pt-BR")
    outputs = []
    for step in steps:
        done = installed.policy(*step, cwd=tmp_path, offline=True)
        assert done.returncode == 0, f"policy {' '.join(step)}:\n{done.stdout}\n{done.stderr}"
        outputs.append(done.stdout.strip().splitlines()[-1])
    assert outputs[1] == "policy new: wrote source/policies/5131.2.md (status: draft); edit it, then run 'policy check'"
    assert "section:" not in (root / "source" / "policies" / "5131.2.md").read_text(encoding="utf-8")
    log = subprocess.run(["git", "log", "--format=%s"], cwd=root, capture_output=True, text=True, check=True)
    assert log.stdout == "Start the policy manual of the Riverton Public Schools\n"
    assert ours_in(root / "site") == []
    letter = root / "site" / "documents" / "example-elementary" / "family-letter"
    assert (letter / "es" / "family-letter-example-elementary-es.pdf").is_file()
    english = letter / "family-letter-example-elementary.pdf"
    text = subprocess.run(["pdftotext", str(english), "-"], capture_output=True, text=True, check=True).stdout
    assert "Our District\u2019s Policies" in text.splitlines()  # the starter's title, its apostrophe no entity


def test_a_second_district_builds_from_the_wheel(installed: Installed, tmp_path: Path) -> None:
    root = shutil.copytree(FIXTURE, tmp_path / "lakeview")
    done = installed.policy("build", cwd=root)
    assert done.returncode == 0, done.stderr
    site = root / "site"
    assert ours_in(site) == []
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "adopted by the Board of Trustees" in re.sub(r"\s+", " ", home)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert [p["page"] for p in manifest["policies"]] == ["policies/0401.80/", "policies/5131.2/", "policies/6163.4/"]
    page = (site / "policies" / "5131.2" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../sections/5000/">5000: Students</a>' in page
    assert 'href="../0401.80/"' in page and 'href="../6163.4/"' in page  # cross references link by code
    assert "https://leginfo.legislature.ca.gov/" in page  # the district's own citation rule
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "<updated>2025-08-12T12:00:00-07:00</updated>" in feed  # noon in Lakeview, daylight time
    letter = site / "documents" / "shoreline" / "device-letter" / "device-letter-shoreline.pdf"
    text = subprocess.run(["pdftotext", str(letter), "-"], capture_output=True, text=True, check=True).stdout
    assert "Policy 5131.2, Use at School, item 1" in text
    assert "https://policies.lakeview.example/policies/5131.2/" in text
