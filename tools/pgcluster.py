"""A throwaway PostgreSQL cluster (Debian's ``postgresql`` package) for the tests and the benchmark.

``initdb`` refuses to run as root, so as root the cluster is made and run as the ``postgres`` user, in
a fresh folder that user owns; it listens on 127.0.0.1 only, on a free port, with ``trust``
authentication (nothing but this machine can reach it), and ``stop()`` removes it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")
TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Cluster:
    folder: Path
    port: int

    @property
    def user(self) -> str:
        return "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        command = [str(BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name]
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)
        return self.url(name)

    def stop(self) -> None:
        command = _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop"])
        subprocess.run(command, capture_output=True, timeout=TIMEOUT)
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Cluster:
    """initdb and start a cluster; raises CalledProcessError with PostgreSQL's own message."""
    if not (BIN / "initdb").exists():
        raise FileNotFoundError(f"{BIN / 'initdb'}: install Debian's postgresql package (make test does)")
    folder = Path(tempfile.mkdtemp(prefix="ack-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    init = [str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres" if os.geteuid() == 0 else ""]
    subprocess.run(_as_postgres([a for a in init if a]), check=True, capture_output=True, timeout=TIMEOUT)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on"
    start_command = [str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
    subprocess.run(_as_postgres(start_command), check=True, capture_output=True, timeout=TIMEOUT)
    return Cluster(folder, port)
