"""The development server behind `manage.py demo`, run as a separate process."""

import http.client
import time

import pytest
from django.db import connection

from tests.parallel import run_at_once
from tests.servers import database_url_for, free_port, running

pytestmark = pytest.mark.django_db(transaction=True)
APPLICATION_NAME = "development-server-under-test"


@pytest.fixture
def development_server():
    port = free_port()
    environment = {"DATABASE_URL": database_url_for(APPLICATION_NAME), "DEBUG": "1"}
    with running(["runserver", f"127.0.0.1:{port}", "--noreload"], environment, port):
        yield port


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
