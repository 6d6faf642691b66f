"""The acknowledgement service's test harness, shared by the session.

Real servers on loopback, started once: a PostgreSQL cluster (Debian's, as the ``postgres`` user), an
SMTP server (aiosmtpd) that keeps every message, an OpenID Connect provider (django-oidc-provider in
its own process), the policy site built three times from a git history (adopted, a material
revision, an editorial one), and the service itself (``policy ack serve``) on SQLite or PostgreSQL.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import io
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from build_scripts.pipeline import BuildResult, build
from build_scripts.source.project import Project
from tests.conftest import ROOT, copy_project, git_commit, run_cli
from tools import pgcluster

from .web import Browser

CLIENT_ID, CLIENT_SECRET = "policy-ack", "test-client-secret"
PASSWORD = "correct horse battery staple"
ROSTER = """email,name,school,role
ann.adams@nsboro.example,Ann Adams,algonquin,teacher
carl.cruz@nsboro.example,Carl Cruz,melican,teacher
tom.tran@nsboro.example,Tom Tran,trottier,teacher
pat.price@nsboro.example,Pat Price,algonquin,principal
mia.moss@nsboro.example,Mia Moss,melican,principal
hana.hill@nsboro.example,Hana Hill,district,hr
"""
SERVICES = ("sqlite", "postgresql", "shared")
DUE = date.today() + timedelta(days=30)


# --- mail -------------------------------------------------------------------------------------


@dataclass
class Mailbox:
    """Every message the SMTP server received (``email.message.EmailMessage``)."""

    messages: list[Any] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[Any]:
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]

    def last_link(self, address: str, timeout: float = 20) -> str:
        """The sign-in link of the newest message to ``address`` (waits for it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for m in self.to(address) for line in m.get_content().split() if "/signin/link/" in line]
            if found:
                return found[-1]
            time.sleep(0.05)
        raise AssertionError(f"no sign-in link was mailed to {address}")


@pytest.fixture(scope="session")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = pgcluster.free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


# --- PostgreSQL and the identity provider -----------------------------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[pgcluster.Cluster]:
    cluster = pgcluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def service_ports() -> dict[str, int]:
    return {name: pgcluster.free_port() for name in (*SERVICES, "kill")}


def wait_for_port(port: int, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited ({process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port} after {timeout} s")


@dataclass(frozen=True)
class Idp:
    url: str

    def env(self) -> dict[str, str]:
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/openid/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/openid/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/openid/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/openid/jwks",
            "ACK_OIDC_LABEL": "your district account",
        }


@pytest.fixture(scope="session")
def idp(tmp_path_factory: pytest.TempPathFactory, service_ports: dict[str, int]) -> Iterator[Idp]:
    """django-oidc-provider on its own port, knowing every roster address (one password for all)."""
    port = pgcluster.free_port()
    url = f"http://127.0.0.1:{port}"
    state = tmp_path_factory.mktemp("idp")
    env = {**os.environ, "IDP_STATE_DIR": str(state), "IDP_URL": url,
           "DJANGO_SETTINGS_MODULE": "tests.ack.idp.settings", "PYTHONPATH": str(ROOT)}  # fmt: skip
    redirects = ",".join(f"http://127.0.0.1:{p}/oidc/callback/" for p in service_ports.values())
    people = [line.split(",")[0] for line in ROSTER.splitlines()[1:]]
    bootstrap = [sys.executable, "-m", "tests.ack.idp.bootstrap", CLIENT_ID, CLIENT_SECRET, redirects, *people]
    subprocess.run(bootstrap, env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)
    command = [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"]
    log = (state / "idp.log").open("w", encoding="utf-8")  # runserver logs every request: never a pipe
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(port, process)
        yield Idp(url)
    finally:
        process.terminate()
        process.wait(timeout=30)


# --- the sites ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sites:
    """The shipped policies and district in git, built after each of three commits (from the second,
    district.yml names the service). The generated letters and forms are left out: the service reads
    only the policies' texts, the API and the manifest, and each build then takes seconds, not half a
    minute."""

    adopted: BuildResult
    material: BuildResult
    editorial: BuildResult


def revise(text: str, revised: str, change: str, old: str, new: str) -> str:
    assert old in text
    head = text.replace("adopted: 2019-03-20\n", f"adopted: 2019-03-20\nrevised: [{revised}]\nchange: {change}\n", 1)
    return head.replace(old, new, 1)


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    folder = tmp_path_factory.mktemp("ack-sites")
    root = copy_project(folder / "project")
    for template in (root / "templates" / "documents").glob("*.md.j2"):
        template.unlink()  # letters and forms: never read by the service, and most of a build's time
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, timeout=60)
    git_commit(root, "The shipped manual", "2024-01-02T09:00:00Z")
    adopted = build(Project.at(root), folder / "adopted")
    policy = root / "source" / "policies" / "G-170.md"
    original = policy.read_text(encoding="utf-8")
    should, must = "District staff should always be mindful", "District staff must always be mindful"
    policy.write_text(revise(original, "2026-05-01", "material", should, must), encoding="utf-8")
    district = root / "source" / "district.yml"  # from now on the site links the service
    district.write_text(district.read_text() + "\nacknowledge_url: https://ack.nsboro.example/\n")
    git_commit(root, "Revise G-170: staff must be mindful", "2026-05-02T09:00:00Z")
    material = build(Project.at(root), folder / "material")
    text = revise(original, "2026-05-01, 2026-06-01", "editorial", should, must)
    policy.write_text(text.replace("Notwithstanding, when", "Notwithstanding this, when", 1), encoding="utf-8")
    git_commit(root, "G-170: wording", "2026-06-02T09:00:00Z")
    editorial = build(Project.at(root), folder / "editorial")
    return Sites(adopted, material, editorial)


# --- the service ----------------------------------------------------------------------------------


@dataclass
class Service:
    url: str
    database: str
    env: dict[str, str]
    process: subprocess.Popen[str] | None = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli("ack", *args, "--database", self.database, cwd=Path(self.env["ACK_STATE_DIR"]), env=self.env)

    def ok(self, *args: str) -> list[str]:
        done = self.cli(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    def browser(self) -> Browser:
        return Browser(self.url)

    def start(self) -> None:
        command = [sys.executable, "-m", "build_scripts.cli", "ack", "serve", "--port", self.url.rsplit(":", 1)[1],
                   "--database", self.database]  # fmt: skip
        log = (Path(self.env["ACK_STATE_DIR"]) / "serve.log").open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            command, env={**os.environ, **self.env}, cwd=self.env["ACK_STATE_DIR"], stdout=log,
            stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )  # fmt: skip
        wait_for_port(int(self.url.rsplit(":", 1)[1]), self.process)

    def kill(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)
        self.process = None


def make_service(
    name: str,
    port: int,
    database: str,
    state: Path,
    idp: Idp | None,
    smtp_port: int,
    extra: dict[str, str] | None = None,
) -> Service:
    env = {
        "ACK_STATE_DIR": str(state),
        "ACK_BASE_URL": f"http://127.0.0.1:{port}/",
        "ACK_WORKERS": "1",
        "ACK_THREADS": "4",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "DEFAULT_FROM_EMAIL": "policies@nsboro.example",
        "PYTHONPATH": str(ROOT),
        **(idp.env() if idp else {}),
        **(extra or {}),
    }
    return Service(f"http://127.0.0.1:{port}", database, env)


def database_for(name: str, state: Path, postgres: pgcluster.Cluster | None) -> str:
    if postgres is None:
        return f"sqlite:///{state / 'ack.sqlite3'}"
    return postgres.create_database(name.replace("-", "_"))


@pytest.fixture(scope="session")
def shared_service(
    tmp_path_factory: pytest.TempPathFactory,
    service_ports: dict[str, int],
    idp: Idp,
    mailbox: tuple[Mailbox, int],
    sites: Sites,
) -> Iterator[Service]:
    """One SQLite service with the roster, the adopted site and a campaign, for the permission and
    browser tests; Ann Adams has acknowledged G-170 by e-mail link (her receipt exists)."""
    state = tmp_path_factory.mktemp("ack-shared")
    service = make_service(
        "shared", service_ports["shared"], database_for("shared", state, None), state, idp, mailbox[1]
    )
    (state / "roster.csv").write_text(ROSTER, encoding="utf-8")
    service.ok("roster", "roster.csv")
    service.ok("sync", "--site", str(sites.adopted.out))
    service.ok("campaign", "Start of year", "--policies", "G-170", "--due", DUE.isoformat())
    service.start()
    try:
        yield service
    finally:
        service.kill()


# --- the commands in this process ------------------------------------------------------------


@dataclass
class Ack:
    """``policy ack ...`` run in this process (Django set up once, on a session SQLite database)."""

    database: Path
    folder: Path

    def run(self, *args: str) -> tuple[int, str, str]:
        from build_scripts.cli import main

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["ack", *args])
        return code, out.getvalue(), err.getvalue()

    def ok(self, *args: str) -> list[str]:
        code, out, err = self.run(*args)
        assert code == 0, err
        return out.splitlines()

    def sql(self, statement: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.database) as conn:
            return list(conn.execute(statement).fetchall())


@pytest.fixture(scope="session")
def inprocess(tmp_path_factory: pytest.TempPathFactory, mailbox: tuple[Mailbox, int]) -> Iterator[Ack]:
    folder = tmp_path_factory.mktemp("ack-inprocess")
    env = {
        "ACK_STATE_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'ack.sqlite3'}",
        "ACK_BASE_URL": "http://127.0.0.1:8001/",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox[1]),
        "DEFAULT_FROM_EMAIL": "policies@nsboro.example",
        "DJANGO_SETTINGS_MODULE": "build_scripts.ack.settings",
        # Playwright's sync API keeps an event loop in this thread for the whole session; Django would
        # take that for an async context and refuse the database. These commands are synchronous.
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        from build_scripts.ack.run import migrate, setup

        setup(folder, None)
        migrate()
        yield Ack(folder / "ack.sqlite3", folder)


@pytest.fixture
def ack(inprocess: Ack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Ack:
    """An empty database (every table emptied, the chain at its start); the test's folder as cwd."""
    from django.core.management import call_command

    from build_scripts.ack.chain import GENESIS
    from build_scripts.ack.models import ChainHead

    call_command("flush", interactive=False, verbosity=0)
    ChainHead.objects.create(pk=1, seq=0, hash=GENESIS)
    monkeypatch.chdir(tmp_path)
    return inprocess
