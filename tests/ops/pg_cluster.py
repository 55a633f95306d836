"""A throw-away PostgreSQL cluster of the test's own, on a free port, so a test may stop and
restart it without touching the shared server others use."""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bin_dir() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not found:
        found = [shutil.which("initdb") or ""]
    if not found[-1]:
        raise RuntimeError("initdb finnes ikke; installer PostgreSQL-serveren")
    return Path(found[-1]).parent


class Cluster:
    def __init__(self):
        self.bin = _bin_dir()
        self.dir = Path(tempfile.mkdtemp(prefix="saksflyt-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:  # PostgreSQL refuses to run as root
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bin / tool), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    def init(self) -> "Cluster":
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        return self

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-o",
            options,
            "-w",
            "-t",
            "30",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def create_database(self, name: str) -> str:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def copy_schema(source: dict, target_url: str) -> None:
    """Copy the migrated schema (and the migration history) of the database in `source`
    (Django's settings of the test database) into `target_url`: seconds, where running every
    migration again takes far longer."""
    conn = [
        "-h", source.get("HOST") or "127.0.0.1",
        "-p", str(source.get("PORT") or 5432),
        "-U", source.get("USER") or "postgres",
    ]  # fmt: skip
    env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
    name, tools = source["NAME"], _bin_dir()
    dumps = [
        [tools / "pg_dump", *conn, "--schema-only", "--no-owner", "--no-privileges", name],
        [tools / "pg_dump", *conn, "--data-only", "--no-owner", "-t", "django_migrations",
         "-t", "django_content_type", name],
    ]  # fmt: skip
    for dump in dumps:
        sql = subprocess.run(dump, check=True, capture_output=True, env=env, timeout=60).stdout
        subprocess.run(
            [tools / "psql", "-q", "-v", "ON_ERROR_STOP=1", target_url],
            input=sql,
            check=True,
            capture_output=True,
            timeout=60,
        )
