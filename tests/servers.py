"""The site's own server commands, started as separate processes on a free loopback port
against the test database."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time

from django.conf import settings
from django.db import connection


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url_for(application_name: str) -> str:
    """The test database as a URL for another process, which names itself in
    pg_stat_activity."""
    db = connection.settings_dict
    return (
        f"postgresql://{db['USER']}:{db['PASSWORD']}@/{db['NAME']}?host={db['HOST'] or 'localhost'}"
        f"&port={db['PORT'] or 5432}&application_name={application_name}"
    )


@contextlib.contextmanager
def running(arguments: list[str], environment: dict[str, str], port: int, seconds: float = 60):
    """``manage.py *arguments`` running until the block ends; waits until ``port`` answers.
    Yields the process; its output goes to a file (a pipe nobody reads would fill up and
    stop the server), is shown when it does not start, and is read by ``server.output()``."""
    with tempfile.TemporaryFile(mode="w+") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env=os.environ | environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )

        def read_output() -> str:
            # (pread: the server writes through the same file offset, which must not move)
            descriptor = output.fileno()
            return os.pread(descriptor, os.fstat(descriptor).st_size, 0).decode()

        server.output = read_output
        try:
            deadline = time.monotonic() + seconds
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        server.kill()
                        server.wait()
                        output.seek(0)
                        raise AssertionError(f"no server started:\n{output.read()}") from None
                    time.sleep(0.2)
            yield server
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
