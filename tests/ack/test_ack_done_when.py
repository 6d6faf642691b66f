"""The issue's "Done when", as one scenario run on SQLite and on PostgreSQL.

A roster of 3 schools, sync from a built site, a campaign; Ann signs in through the local OpenID
provider and Carl through an e-mail link; both acknowledge G-170; the CSV report carries the sha256
the manifest gives for that version; a material revision re-opens it with the redline, an editorial
one does not; a principal cannot see another school; ``policy ack verify`` catches a row edited in the
database.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests

from tools import pgcluster

from .conftest import DUE, PASSWORD, ROSTER, Idp, Mailbox, Service, Sites, database_for, make_service
from .web import Browser, acknowledge_form

STATEMENT_2019 = "I have read and understood Policy G-170, version of March 20, 2019."
STATEMENT_MAY = "I have read and understood Policy G-170, version of May 1, 2026."


@pytest.fixture(params=["sqlite", "postgresql"])
def service(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    service_ports: dict[str, int],
    idp: Idp,
    mailbox: tuple[Mailbox, int],
) -> Iterator[Service]:
    postgres: pgcluster.Cluster | None = request.getfixturevalue("postgres") if request.param == "postgresql" else None
    database = database_for("done_when", tmp_path, postgres)
    running = make_service(request.param, service_ports[request.param], database, tmp_path, idp, mailbox[1])
    try:
        yield running
    finally:
        running.kill()


def sql(service: Service, statement: str) -> list[tuple[object, ...]]:
    """Straight into the database, as someone with a shell on the server could."""
    if service.database.startswith("sqlite:///"):
        with sqlite3.connect(service.database.removeprefix("sqlite:///")) as conn:
            return list(conn.execute(statement).fetchall())
    with psycopg.connect(service.database, autocommit=True) as conn:
        cursor = conn.execute(statement)
        return list(cursor.fetchall()) if cursor.description else []


def acknowledge(person: Browser, page_html: str, statement: str) -> str:
    fields = acknowledge_form(page_html, "G-170")
    assert fields["button"] == statement
    done = person.submit(page_html, "/policies/G-170/acknowledge/")
    assert done.status_code == 200 and "Recorded." in done.text, done.text
    assert f"“{statement}”" in done.text
    return done.text


def report_rows(service: Service, tmp_path: Path, *args: str) -> list[dict[str, str]]:
    out = tmp_path / "report.csv"
    assert service.ok("report", *args, "--csv", str(out))[0].startswith("policy ack report: ")
    return list(csv.DictReader(out.open(encoding="utf-8")))


def test_done_when(service: Service, sites: Sites, mailbox: tuple[Mailbox, int], tmp_path: Path) -> None:
    box = mailbox[0]
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    assert service.ok("roster", "roster.csv")[0] == "policy ack roster: 6 added, 0 changed, 0 left"
    assert service.ok("sync", "--site", str(sites.adopted.out)) == [
        "policy ack sync: 1 policies, 1 new version(s), 0 unchanged",
        "  new G-170 version of 2019-03-20 (material)",
    ]
    assert service.ok("campaign", "Start of year", "--policies", "G-170", "--due", DUE.isoformat()) == [
        f"policy ack campaign: 'Start of year': G-170, due {DUE.isoformat()}"
    ]
    service.start()  # migrates (nothing left to do) and serves

    # Ann signs in through the district's OpenID provider; Carl with an e-mail link
    ann, carl = service.browser(), service.browser()
    page = ann.sign_in_by_oidc("ann.adams@nsboro.example", PASSWORD)
    assert "Policy G-170: Employee Social Media Policy" in page.text
    acknowledge(ann, page.text, STATEMENT_2019)
    page = carl.sign_in_by_email("carl.cruz@nsboro.example", box)
    acknowledge(carl, page.text, STATEMENT_2019)

    # the report carries the sha256 the published manifest gives for that version
    manifest = json.loads((sites.adopted.out / "manifest.json").read_text(encoding="utf-8"))
    published = manifest["policies"][0]["versions"][0]
    assert published["date"] == "2019-03-20"
    rows = {r["email"]: r for r in report_rows(service, tmp_path)}
    assert rows["ann.adams@nsboro.example"] | {"acknowledged_at": "", "entry": ""} == {
        "campaign": "Start of year", "school": "algonquin", "name": "Ann Adams", "email": "ann.adams@nsboro.example",
        "role": "teacher", "policy": "G-170", "status": "done", "due": DUE.isoformat(),
        "acknowledged_version": "2019-03-20", "acknowledged_at": "", "method": "sso",
        "text_sha256": published["text_sha256"], "entry": "", "exemption": "",
    }  # fmt: skip
    assert (rows["carl.cruz@nsboro.example"]["method"], rows["carl.cruz@nsboro.example"]["status"]) == ("email", "done")
    assert rows["carl.cruz@nsboro.example"]["text_sha256"] == published["text_sha256"]
    assert rows["tom.tran@nsboro.example"]["status"] == "due"
    assert len(rows) == 6  # every active person of every school (the campaign has no filter)

    # the site links the service once district.yml names it
    link = '<a href="https://ack.nsboro.example/policies/G-170/">Acknowledge this policy</a>'
    assert link in (sites.material.out / "policies/g-170/index.html").read_text(encoding="utf-8")
    assert "Acknowledge this policy" not in (sites.adopted.out / "policies/g-170/index.html").read_text(
        encoding="utf-8"
    )

    # a material revision re-opens G-170, shown as the redline since the version Ann acknowledged
    assert service.ok("sync", "--site", str(sites.material.out))[1] == "  new G-170 version of 2026-05-01 (material)"
    page = ann.get("/")
    assert "You acknowledged the version of March 20, 2019." in page.text
    assert "District staff <del>should</del> <ins>must</ins> always be mindful" in page.text
    acknowledge(ann, page.text, STATEMENT_MAY)

    # an editorial one does not re-open it
    assert service.ok("sync", "--site", str(sites.editorial.out))[1] == "  new G-170 version of 2026-06-01 (editorial)"
    assert "You have nothing to acknowledge." in ann.get("/").text
    carl_page = carl.get("/").text  # Carl read only the adopted text: the redline spans both revisions
    assert "District staff <del>should</del> <ins>must</ins> always be mindful" in carl_page
    assert "Notwithstanding <ins>this</ins>, when" in carl_page
    assert acknowledge_form(carl_page, "G-170")["button"] == (
        "I have read and understood Policy G-170, version of June 1, 2026."
    )
    rows = {
        r["email"]: r for r in report_rows(service, tmp_path, "--campaign", "Start of year", "--school", "algonquin")
    }
    assert sorted(rows) == ["ann.adams@nsboro.example", "pat.price@nsboro.example"]
    assert rows["ann.adams@nsboro.example"]["acknowledged_version"] == "2026-05-01"
    material = json.loads((sites.material.out / "manifest.json").read_text())["policies"][0]["versions"][1]
    assert rows["ann.adams@nsboro.example"]["text_sha256"] == material["text_sha256"]

    # a principal sees their own school only
    pat = service.browser()
    pat.sign_in_by_email("pat.price@nsboro.example", box)
    assert pat.get("/reports/school/algonquin/").status_code == 200
    assert pat.get("/reports/school/melican/").status_code == 403
    [(carl_id,)] = sql(service, "SELECT id FROM ack_person WHERE email = 'carl.cruz@nsboro.example'")
    assert pat.get(f"/people/{carl_id}/").status_code == 404
    campaign = pat.get("/reports/campaign/1/").text
    assert "Ann Adams" in campaign and "Carl Cruz" not in campaign

    # the evidence: who, how, when, from where, which version, the sha256 of the text and of what was shown
    [first] = sql(service, "SELECT actor, method, ip, user_agent, text_sha256, data FROM ack_event WHERE seq = 2")
    assert first[:5] == ("ann.adams@nsboro.example", "sso", "127.0.0.1", f"python-requests/{requests.__version__}",
                         published["text_sha256"])  # fmt: skip
    data = first[5] if isinstance(first[5], dict) else json.loads(str(first[5]))
    assert (data["policy"], data["version"], data["shown"], len(data["shown_sha256"])) == (
        "G-170",
        "2019-03-20",
        "text",
        64,
    )

    # the evidence: intact, then a row edited straight in the database is caught
    assert service.ok("verify")[0].startswith("policy ack verify: 4 entries, chain intact; last hash ")
    [(seq,)] = sql(service, "SELECT MIN(seq) FROM ack_event WHERE kind = 'ack'")
    sql(service, f"UPDATE ack_event SET ip = '203.0.113.9' WHERE seq = {seq}")
    broken = service.cli("verify")
    assert broken.returncode == 1
    assert broken.stderr.splitlines() == [
        f"error: entry {seq}: its content was changed after it was written",
        "policy ack verify: the log is NOT intact (1 problem(s))",
    ]
