"""The development server behind `manage.py demo`, run as a separate process."""

import http.client
import os
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from tests.parallel import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)
APPLICATION_NAME = "development-server-under-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, as a URL the server process can use, naming the server."""
    db = connection.settings_dict
    host = db["HOST"] or "localhost"
    return (
        f"postgresql://{db['USER']}:{db['PASSWORD']}@/{db['NAME']}"
        f"?host={host}&port={db['PORT'] or 5432}&application_name={APPLICATION_NAME}"
    )


@pytest.fixture
def development_server():
    port = free_port()
    environment = os.environ | {"DATABASE_URL": database_url(), "DEBUG": "1"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("the development server did not start")
    yield port
    server.terminate()
    server.wait(timeout=30)


def server_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            [APPLICATION_NAME],
        )
        return cursor.fetchone()[0]


def test_the_development_server_holds_no_database_connection_between_requests(
    development_server,
):
    """Browsers keep their sockets open between requests (keep-alive): each is served by a
    thread of its own, which must not keep a database connection while it waits."""
    clients = 12

    def browse(number):
        browser = http.client.HTTPConnection("127.0.0.1", development_server, timeout=60)
        statuses = []
        for path in ["/", "/gruppen/?q=Depression", "/veranstaltungen/", "/themen/"]:
            browser.request("GET", path)
            response = browser.getresponse()
            response.read()
            statuses.append(response.status)
        return browser, statuses

    browsers = run_at_once(clients, browse)
    try:
        assert all(statuses == [200] * 4 for _browser, statuses in browsers)
        time.sleep(0.5)  # let the last request of each thread finish its clean-up
        assert server_connections() == 0
    finally:
        for browser, _statuses in browsers:
            browser.close()
