"""What the site publishes for the acknowledgement service: each text's exact file and sha256, its
change kind, and the "Acknowledge this policy" link when district.yml names the service."""

from __future__ import annotations

import hashlib
import json

from build_scripts.paths.project import Project
from build_scripts.pipeline import BuildResult
from build_scripts.render.policy import RenderedPolicy
from build_scripts.site.pages import policy_page
from build_scripts.site.templates import page_environment
from build_scripts.source.project import load_manual

from .conftest import ROOT


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_api_and_manifest_publish_every_versions_exact_text_and_its_sha256(history_site: BuildResult) -> None:
    site = history_site.out
    api = json.loads((site / "api/policies.json").read_text(encoding="utf-8"))
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    [policy] = [p for p in api["policies"] if p["code"] == "JICFB"]
    [entry] = [p for p in manifest["policies"] if p["code"] == "JICFB"]
    assert [(v["date"], v["change"]) for v in policy["versions"]] == [
        ("2024-03-01", "material"),
        ("2025-06-01", "material"),
    ]
    for published, listed in zip(policy["versions"], entry["versions"], strict=True):
        assert listed["text"] == f"policies/jicfb/versions/{published['date']}/JICFB-{published['date']}.md"
        assert published["text"] == "https://nsboro-policy.github.io/policy-manual/" + listed["text"]
        data = (site / listed["text"]).read_bytes()
        assert published["text_sha256"] == listed["text_sha256"] == _sha(data)
    # the latest version's file is the policy file as committed; the current text is the file on disk
    project_file = site.parent / "project/source/policies/JICFB.md"
    assert (site / entry["versions"][-1]["text"]).read_bytes() == project_file.read_bytes()
    assert (site / "policies/jicfb/JICFB.md").read_bytes() == project_file.read_bytes()
    assert policy["text_sha256"] == entry["text_sha256"] == _sha(project_file.read_bytes())
    assert policy["change"] == "material"
    assert not (site / "policies/jicfb/JICFB/index.html").exists()  # a published text is never a page


def test_policy_page_links_the_service_only_when_district_yml_names_it() -> None:
    manual = load_manual(Project.at(ROOT))
    assert manual.district is not None and manual.district.acknowledge_url is None
    env = page_environment(Project.at(ROOT))
    [g170] = [p for p in manual.published if p.meta and p.meta.code == "G-170"]
    assert g170.meta is not None

    def page(district_url: str | None, audience: list[str]) -> str:
        assert manual.district is not None and g170.meta is not None
        district = manual.district.model_copy(update={"acknowledge_url": district_url})
        meta = g170.meta.model_copy(update={"audience": audience})
        return policy_page(env, RenderedPolicy(meta, "Text.", b"%PDF"), district, manual.citations, set(), [])

    linked = page("https://ack.nsboro.example/", ["staff", "parents"])
    assert '<a href="https://ack.nsboro.example/policies/G-170/">Acknowledge this policy</a>' in linked
    assert "Acknowledge this policy" not in page(None, ["staff", "parents"])
    assert "Acknowledge this policy" not in page("https://ack.nsboro.example/", ["parents"])  # not a staff policy


def test_shipped_site_has_no_acknowledge_link(built_site: BuildResult) -> None:
    html = (built_site.out / "policies/g-170/index.html").read_text(encoding="utf-8")
    assert "Acknowledge this policy" not in html
    api = json.loads((built_site.out / "api/policies.json").read_text(encoding="utf-8"))
    [g170] = api["policies"]
    assert g170["versions"] == []  # outside git: the current text only
    assert g170["text_sha256"] == _sha((ROOT / "source/policies/G-170.md").read_bytes())
