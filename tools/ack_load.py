"""Load test of the acknowledgement service on loopback (issue 21), bounded in count and time.

``python -m tools.ack_load --staff 5000 --people 500 --window 120 [--backends sqlite,postgresql] [--json FILE]``

For each database: a fresh one, a roster of ``--staff`` people in 10 schools, the shipped policies synced
from a site built here, a campaign for every staff policy, then ``policy ack serve`` (gunicorn, as in
production). ``--people`` of the staff each make one journey: ask for an e-mail link, take it from the
local SMTP server (aiosmtpd, in this process), sign in, open their page, acknowledge, download the
receipt. Arrivals have a start-of-year peak: half of them in the first fifth of ``--window`` seconds,
the rest spread over the whole window (``--window 600`` is the issue's 10 minutes; the default
compresses it five times). Every request has a 30 s timeout and the run a deadline; nothing but
127.0.0.1 is contacted. Prints p50, p95 and the error count per backend, and checks afterwards that
the log holds exactly one acknowledgement per journey and verifies.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path
from typing import Any

import requests
from aiosmtpd.controller import Controller

from tools import pgcluster

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = [f"school-{n:02d}" for n in range(1, 11)]
TIMEOUT = 30


@dataclass
class Links:
    """The newest sign-in link mailed to each address (the SMTP server's handler fills it)."""

    by_address: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's name
        body = message_from_bytes(envelope.content, policy=email_policy).get_content()
        found = re.search(r"http://\S+/signin/link/\S+", body)
        if found:
            with self.lock:
                for address in envelope.rcpt_tos:
                    self.by_address[address] = found.group(0)
        return "250 OK"

    def wait(self, address: str, deadline: float) -> str:
        while time.monotonic() < deadline:
            with self.lock:
                if address in self.by_address:
                    return self.by_address.pop(address)
            time.sleep(0.02)
        raise TimeoutError(f"no link for {address}")


@dataclass
class Timings:
    samples: list[tuple[str, float, bool]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, name: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.samples.append((name, seconds, ok))


def roster(path: Path, staff: int) -> list[str]:
    lines = ["email,name,school,role"]
    addresses = []
    for n in range(staff):
        school = SCHOOLS[n % len(SCHOOLS)]
        role = "principal" if n < len(SCHOOLS) else "hr" if n < len(SCHOOLS) + 2 else "teacher"
        address = f"staff{n:05d}@district.example"
        lines.append(f"{address},Staff Member {n:05d},{'district' if role == 'hr' else school},{role}")
        addresses.append(address)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return addresses


def build_site(folder: Path) -> Path:
    project = folder / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "source", "templates"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, project / name)
    for template in (project / "templates" / "documents").glob("*.md.j2"):
        template.unlink()  # the service reads policies only
    policy(["build", "--out", str(folder / "site")], project)
    return folder / "site"


def policy(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    command = [sys.executable, "-m", "build_scripts.cli", *args]
    done = subprocess.run(
        command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def journey(base: str, address: str, links: Links, timings: Timings, deadline: float) -> bool:
    """One person: link by e-mail, sign in, read, acknowledge, receipt. True when every step worked."""
    session = requests.Session()

    def step(name: str, method: str, url: str, **kwargs: Any) -> requests.Response:
        started = time.perf_counter()
        try:
            response = session.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException:
            timings.add(name, time.perf_counter() - started, False)
            raise
        timings.add(name, time.perf_counter() - started, response.status_code < 400)
        response.raise_for_status()
        return response

    try:
        page = step("sign-in page", "GET", base + "/signin/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        step("ask for link", "POST", base + "/signin/email/", data={"csrfmiddlewaretoken": token, "email": address})
        link = links.wait(address, deadline)
        confirm = step("open link", "GET", link)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.text).group(1)  # type: ignore[union-attr]
        home = step("sign in + staff page", "POST", link, data={"csrfmiddlewaretoken": token, "next": "/"})
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|version|since|shown)" value="([^"]*)"', home.text))
        done = step("acknowledge", "POST", base + "/policies/G-170/acknowledge/", data=fields)
        receipt = re.search(r'href="(/receipts/\d+\.pdf)"', done.text)
        step("receipt PDF", "GET", base + receipt.group(1))  # type: ignore[union-attr]
    except (requests.RequestException, AttributeError, TimeoutError):
        return False
    return True


def arrivals(people: int, window: float, seed: int = 21) -> list[float]:
    """Start times: half in the first fifth of the window (the start-of-year peak), half over all of it."""
    chance = random.Random(seed)
    peak = [chance.uniform(0, window / 5) for _ in range(people // 2)]
    rest = [chance.uniform(0, window) for _ in range(people - people // 2)]
    return sorted(peak + rest)


def run_backend(name: str, database: str, site: Path, work: Path, args: argparse.Namespace, links: Links,
                smtp_port: int) -> dict[str, Any]:  # fmt: skip
    state = work / name
    state.mkdir()
    port = pgcluster.free_port()
    env = {"ACK_STATE_DIR": str(state), "ACK_BASE_URL": f"http://127.0.0.1:{port}/", "EMAIL_HOST": "127.0.0.1",
           "EMAIL_PORT": str(smtp_port), "ACK_WORKERS": "2", "ACK_THREADS": "8", "PYTHONPATH": str(ROOT)}  # fmt: skip
    addresses = roster(state / "roster.csv", args.staff)
    due = str(date.today() + timedelta(30))
    for command in (["roster", "roster.csv"], ["sync", "--site", str(site)],
                    ["campaign", "Start of year", "--audience", "staff", "--due", due]):  # fmt: skip
        policy(["ack", *command, "--database", database], state, env)
    server = subprocess.Popen(
        [sys.executable, "-m", "build_scripts.cli", "ack", "serve", "--port", str(port), "--database", database],
        cwd=state, env={**os.environ, **env}, stdout=(state / "serve.log").open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for(port)
        result = _load(f"http://127.0.0.1:{port}", addresses[len(SCHOOLS) + 2 :][: args.people], args, links)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    verified = policy(["ack", "verify", "--database", database], state, env).strip()
    acks = int(re.search(r"(\d+) entries", verified).group(1)) - 1  # type: ignore[union-attr] # minus the campaign
    return {"backend": name, **result, "acknowledgements_in_log": acks, "verify": verified}


def _wait_for(port: int) -> None:
    for _ in range(600):
        try:
            requests.get(f"http://127.0.0.1:{port}/signin/", timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise SystemExit("the service did not start")


def _load(base: str, people: list[str], args: argparse.Namespace, links: Links) -> dict[str, Any]:
    timings = Timings()
    starts = arrivals(len(people), args.window)
    began = time.monotonic()
    deadline = began + args.window + 300
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        futures = []
        for address, at in zip(people, starts, strict=True):
            delay = began + at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(journey, base, address, links, timings, deadline))
        done = [f.result() for f in futures]
    elapsed = time.monotonic() - began
    all_times = sorted(s for _n, s, _ok in timings.samples)
    acks = sorted(s for n, s, _ok in timings.samples if n == "acknowledge")
    return {
        "journeys": len(done), "completed": sum(done), "elapsed_s": round(elapsed, 1),
        "requests": len(all_times), "errors": sum(1 for *_x, ok in timings.samples if not ok) + done.count(False),
        "p50_ms": _ms(all_times, 0.50), "p95_ms": _ms(all_times, 0.95), "max_ms": _ms(all_times, 1.0),
        "ack_p50_ms": _ms(acks, 0.50), "ack_p95_ms": _ms(acks, 0.95),
    }  # fmt: skip


def _ms(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if q >= 1.0:
        return round(values[-1] * 1000, 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1] * 1000, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--staff", type=int, default=5000)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--window", type=float, default=120, help="seconds over which people arrive")
    parser.add_argument("--concurrency", type=int, default=64, help="journeys in flight at most")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    links = Links()
    smtp_port = pgcluster.free_port()
    controller = Controller(links, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    work = Path(tempfile.mkdtemp(prefix="ack-load-"))
    cluster = pgcluster.start() if "postgresql" in args.backends else None
    try:
        site = build_site(work)
        results = []
        for name in args.backends.split(","):
            database = f"sqlite:///{work / 'load.sqlite3'}" if name == "sqlite" else cluster.create_database("load")  # type: ignore[union-attr]
            results.append(run_backend(name, database, site, work, args, links, smtp_port))
    finally:
        controller.stop()
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    _print(results, args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["errors"] == 0 and r["acknowledgements_in_log"] == args.people for r in results) else 1


def _print(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"ack load: {args.staff} staff, {args.people} sign in and acknowledge, arrivals over {args.window:.0f} s")
    print("| database | journeys done | requests | p50 | p95 | max | acknowledge p50 / p95 | errors | time |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(
            f"| {r['backend']} | {r['completed']}/{r['journeys']} | {r['requests']} | {r['p50_ms']} ms | "
            f"{r['p95_ms']} ms | {r['max_ms']} ms | {r['ack_p50_ms']} / {r['ack_p95_ms']} ms | {r['errors']} | "
            f"{r['elapsed_s']} s |"
        )
    for r in results:
        print(f"{r['backend']}: {r['verify']}")


if __name__ == "__main__":
    sys.exit(main())
