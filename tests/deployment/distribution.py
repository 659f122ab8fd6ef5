"""The distribution's PostgreSQL cluster and a private nginx instance as the deployment
rehearsal uses them, and how it runs a program and waits for something, each bounded."""

import os
import re
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.deployment.layout import ROOT, moved


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def loopback_ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def run(argv: list[str], *, user: str | None = None, timeout: float = 120, **kwargs) -> str:
    """Run ``argv`` (as ``user``), fail with its output unless it succeeds; its output."""
    result = subprocess.run(
        argv,
        user=user,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=kwargs.pop("cwd", "/"),
        **kwargs,
    )
    assert result.returncode == 0, f"{shlex.join(argv)} exited with {result.returncode}:\n" + (
        result.stdout + result.stderr
    )
    return result.stdout


def wait_for(condition, seconds: float, what: str, interval: float = 0.2):
    """``condition()``'s first true value within ``seconds``, else fail naming ``what``."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(interval)


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


class PostgresCluster:
    """The distribution's PostgreSQL cluster on the default port (pg_lsclusters)."""

    def __init__(self):
        self.version = self.name = None
        for line in run(["pg_lsclusters", "--no-header"]).splitlines():
            version, name, port, *_ = line.split()
            if port == "5432":
                self.version, self.name = version, name
        self.found = self.version is not None

    @property
    def running(self) -> bool:
        status = subprocess.run(
            ["pg_ctlcluster", self.version, self.name, "status"], capture_output=True
        )
        return status.returncode == 0

    def start(self) -> None:
        run(["pg_ctlcluster", self.version, self.name, "start"])

    def stop(self) -> None:
        run(["pg_ctlcluster", self.version, self.name, "stop"])

    def sql(self, sql: str, database: str = "postgres") -> str:
        """``sql`` run by PostgreSQL's superuser in ``database``; rows as lines, fields by |."""
        return run(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql],
            user="postgres",
        ).strip()

    def exists(self, kind: str, name: str) -> bool:
        table, column = {"role": ("pg_roles", "rolname"), "database": ("pg_database", "datname")}[
            kind
        ]
        return self.sql(f"SELECT count(*) FROM {table} WHERE {column} = '{name}'") == "1"

    def row_counts(self, database: str) -> dict[str, int]:
        """The number of rows of every table of the site's schema."""
        tables = self.sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", database
        ).split()
        union = " UNION ALL ".join(
            f"SELECT '{table}', count(*) FROM \"{table}\"" for table in tables
        )
        rows = self.sql(union, database).splitlines()
        return {table: int(count) for table, count in (row.split("|") for row in rows)}


class Nginx:
    """A private nginx instance: the distribution's nginx.conf, with only the site's
    configuration from ROOT/etc/nginx/sites-enabled and its pid and logs under ROOT. It
    stands in for the nginx service that the package starts."""

    command = ROOT / "shims" / "nginx"
    pid_file = ROOT / "run" / "nginx.pid"

    def configure(self) -> None:
        main = (Path("/etc/nginx/nginx.conf")).read_text()
        main = re.sub(r"(?m)^\s*include /etc/nginx/conf\.d/.*$", "", main)  # the machine's own
        main = re.sub(r"(?m)^pid .*;$", f"pid {self.pid_file};", main)
        main = moved(main)
        assert f"include {ROOT}/etc/nginx/sites-enabled/*;" in main, (
            "no sites-enabled in nginx.conf"
        )
        (ROOT / "etc" / "nginx" / "nginx.conf").write_text(main)
        self.command.write_text(
            f"#!/bin/sh\nexec /usr/sbin/nginx -e {ROOT}/var/log/nginx/error.log "
            f'-c {ROOT}/etc/nginx/nginx.conf "$@"\n'
        )
        self.command.chmod(0o755)

    @property
    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    def start(self) -> None:
        if self.pid is None:
            run([str(self.command)])
            wait_for(lambda: self.pid, 10, "nginx started")

    def stop(self) -> None:
        pid = self.pid
        if pid is not None:
            os.kill(pid, signal.SIGQUIT)
            wait_for(lambda: self.pid is None, 20, "nginx stopped")

    def reload(self) -> None:
        assert self.pid is not None, "nginx.service is not active, cannot reload"
        run([str(self.command), "-s", "reload"])
