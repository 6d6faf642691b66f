"""The service under a kill -9 in the middle of acknowledgements, and its sign-in rate limits."""

from __future__ import annotations

import re
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests

from tools import pgcluster

from .conftest import ROSTER, Mailbox, Service, Sites, database_for, make_service
from .web import Browser, acknowledge_form

STAFF = [line.split(",")[0] for line in ROSTER.splitlines()[1:6]]


def rows(service: Service, statement: str) -> list[tuple[object, ...]]:
    if service.database.startswith("sqlite:///"):
        with sqlite3.connect(service.database.removeprefix("sqlite:///")) as conn:
            return list(conn.execute(statement).fetchall())
    with psycopg.connect(service.database) as conn:
        return list(conn.execute(statement).fetchall())


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(
    request: pytest.FixtureRequest, tmp_path: Path, sites: Sites, mailbox: tuple[Mailbox, int]
) -> Iterator[Service]:
    postgres: pgcluster.Cluster | None = request.getfixturevalue("postgres") if request.param == "postgresql" else None
    database = database_for(f"kill_{request.param}", tmp_path, postgres)
    service = make_service("kill", pgcluster.free_port(), database, tmp_path, None, mailbox[1])
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    service.ok("roster", "roster.csv")
    service.ok("sync", "--site", str(sites.adopted.out))
    service.start()
    try:
        yield service
    finally:
        service.kill()


def _hammer(person: Browser, fields: dict[str, str], results: list[object], stop: threading.Event) -> None:
    """Acknowledge again and again until the server dies: each answer's entry number, or the error."""
    while not stop.is_set():
        try:
            answer = person.session.post(
                person.base + "/policies/G-170/acknowledge/", data=fields, allow_redirects=False, timeout=30
            )
        except requests.RequestException as exc:
            results.append(exc)
            return
        location = answer.headers.get("Location", "")
        results.append(int(location.split("=")[1]) if answer.status_code == 302 and "done=" in location else answer)


def test_kill_9_mid_acknowledgement_loses_nothing_committed(fresh: Service, mailbox: tuple[Mailbox, int]) -> None:
    people = []
    for address in STAFF:
        person = fresh.browser()
        person.sign_in_by_email(address, mailbox[0])
        page = person.get("/policies/G-170/")  # no campaign needed: the site's link opens this page
        people.append((person, dict(acknowledge_form(page.text, "G-170")["fields"])))
    results: list[list[object]] = [[] for _ in people]
    stop = threading.Event()
    threads = [
        threading.Thread(target=_hammer, args=(p, f, r, stop)) for (p, f), r in zip(people, results, strict=True)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while sum(isinstance(x, int) for r in results for x in r) < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    fresh.kill(signal.SIGKILL)  # the whole process group: the arbiter and its worker, mid-request
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    committed = [x for r in results for x in r if isinstance(x, int)]
    cut = [x for r in results for x in r if isinstance(x, requests.RequestException)]
    assert committed and cut, (len(committed), len(cut))
    assert not [x for r in results for x in r if isinstance(x, requests.Response)]  # no other answer

    fresh.start()  # the same database, after the crash
    assert fresh.ok("verify")[0].startswith("policy ack verify: ")  # every entry whole and in the chain
    stored = {int(str(seq)) for (seq,) in rows(fresh, "SELECT seq FROM ack_event WHERE kind = 'ack'")}
    assert set(committed) <= stored  # every acknowledgement the server confirmed is there
    [(head,)] = rows(fresh, "SELECT seq FROM ack_chainhead")
    assert sorted(stored) == list(range(1, int(str(head)) + 1))  # and nothing half-written beside them
    assert rows(fresh, "SELECT COUNT(*) FROM ack_event WHERE text_sha256 = '' OR version_id IS NULL") == [(0,)]
    assert "Recorded." not in people[0][0].get("/").text and people[0][0].get("/history/").status_code == 200


def test_sign_in_is_rate_limited(
    tmp_path: Path, sites: Sites, mailbox: tuple[Mailbox, int], service_ports: dict[str, int]
) -> None:
    service = make_service("limits", service_ports["kill"], f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path, None,
                           mailbox[1], {"ACK_FAILURES_PER_IP": "3"})  # fmt: skip
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    service.ok("roster", "roster.csv")
    service.start()
    try:
        person = service.browser()
        page = person.get("/signin/")
        asked = [person.submit(page, "/signin/email/", email="ann.adams@nsboro.example").status_code for _ in range(6)]
        assert asked == [200, 200, 200, 200, 200, 429]  # ACK_LINKS_PER_ADDRESS: 5 links per address
        assert len(mailbox[0].to("ann.adams@nsboro.example")) >= 5
        link = mailbox[0].last_link("ann.adams@nsboro.example")
        bogus = re.sub(r"/signin/link/[^/]+/", "/signin/link/" + "x" * 43 + "/", link)
        confirm = person.get(bogus)
        tries = [person.submit(confirm, bogus.removeprefix(service.url)).status_code for _ in range(3)]
        assert tries == [400, 400, 400]
        valid = person.get(link)
        assert person.submit(valid, link.removeprefix(service.url)).status_code == 429  # ACK_FAILURES_PER_IP
    finally:
        service.kill()
