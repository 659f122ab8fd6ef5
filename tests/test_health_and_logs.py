"""Health endpoints for a load balancer, and the request log as one JSON line a request."""

import datetime
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pythonjsonlogger.json import JsonFormatter

from selbsthilfe.notices import queue_notice
from tests.servers import free_port

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_the_database_and_the_migrations(client):
    assert client.get("/readyz").status_code == 200
    recorder = MigrationRecorder(connection)
    latest = recorder.migration_qs.filter(app="events").latest("id")
    latest.delete()  # as if the newest migration of events were not applied yet
    response = client.get("/readyz")
    assert response.status_code == 503 and "1 migrations not applied" in response.text


def test_readyz_is_503_when_the_database_is_unreachable():
    """A site process whose database does not answer (nothing listens on the port)."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/readyz'); print(r.status_code, r.content.decode().strip())"
    )
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "selbsthilfe.settings",
        "SECRET_KEY": "a-secret-for-this-test-only",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgresql://nobody@127.0.0.1:{free_port()}/none?connect_timeout=2",
    }
    environment.pop("DEBUG", None)
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip() == "503 database unreachable", run.stderr


@pytest.fixture
def json_request_log():
    """The request logger as LOG_FORMAT=json configures it, writing into a list."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(json.loads(self.format(record)))

    handler = Collect()
    handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("selbsthilfe.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_each_request_is_one_json_line_without_the_query_string(
    client, listed_group, json_request_log
):
    client.get("/gruppen/?q=Depression&ort=L%C3%BCnen")
    client.get("/gibt-es-nicht/")
    client.get("/healthz")
    assert [(line["path"], line["status"], line["method"]) for line in json_request_log] == [
        ("/gruppen/", 200, "GET"),
        ("/gibt-es-nicht/", 404, "GET"),
    ]
    assert all(isinstance(line["duration_ms"], float) for line in json_request_log)
    assert "Depression" not in json.dumps(json_request_log)


def test_log_format_is_checked_when_the_site_starts():
    run = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=os.environ
        | {"LOG_FORMAT": "xml", "DATABASE_URL": "postgresql://nobody@localhost/x", "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert run.stderr.strip() == "Configuration error: LOG_FORMAT must be text or json, not 'xml'."


def test_a_monitor_that_asks_by_ip_address_gets_its_answer(client, caplog):
    with caplog.at_level(logging.WARNING):
        for path in ("/healthz", "/readyz"):
            response = client.get(path, HTTP_HOST="192.0.2.44:8000")
            assert (response.status_code, response.text) == (200, "ok\n")
    assert not [r for r in caplog.records if "DisallowedHost" in r.name + r.getMessage()]
    assert client.get("/gruppen/", HTTP_HOST="192.0.2.44:8000").status_code == 400  # the rest


@pytest.mark.django_db(transaction=True)
def test_readyz_names_a_worker_that_leaves_tasks_waiting_but_a_balancer_is_not_told(
    client, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_LATE_MINUTES = 10
    with transaction.atomic():
        queue_notice("kiss@kreis-unna.example", "Neue Meldung", "Eine Meldung wartet.")
    assert client.get("/readyz").status_code == 200  # just queued
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=11))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.text == "worker: 1 tasks waiting for more than 10 minutes\n"
    assert client.get("/readyz?serving").status_code == 200
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)  # a worker took it
    assert client.get("/readyz").status_code == 200
