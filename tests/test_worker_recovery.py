"""The task worker as systemd runs it (`manage.py worker`, a process of its own): a worker
killed in the middle of sending an email leaves a task that the next worker runs again, and
the email still reaches the mail server exactly once; a database outage ends the worker with
one line, and the worker started again afterwards sends what waited."""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from selbsthilfe.models import StaffNotice
from selbsthilfe.notices import queue_notice
from selbsthilfe.task_recovery import requeue_interrupted_tasks, this_worker_id
from tests.cuttable_database import CuttableDatabase
from tests.servers import database_url_for
from tests.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads committed rows


def start_worker(sink: SmtpSink, *arguments: str, database_url: str = "") -> subprocess.Popen:
    environment = os.environ | {
        "DATABASE_URL": database_url or database_url_for("worker"),
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "wegweiser.example.org",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", *arguments], cwd=settings.BASE_DIR,
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_task_killed_while_sending_runs_again_and_its_email_goes_out_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        notice = queue_notice("kiss@kreis-unna.example", "Neue Meldung", "Eine Meldung wartet.")
    with SmtpSink() as sink:
        sink.hold()
        killed = start_worker(sink)
        try:
            wait_for(sink.holding.is_set)  # the email is on its way: the worker waits
            killed.send_signal(signal.SIGKILL)
        finally:
            killed.wait(30)
        task = DBTaskResult.objects.get()
        assert task.status == TaskResultStatus.RUNNING  # what a killed worker leaves
        assert StaffNotice.objects.get().sent_at is None and sink.received == []

        sink.released.set()
        restarted = start_worker(sink, "--batch")
        output, _ = restarted.communicate(timeout=60)
        assert restarted.returncode == 0, output
        assert "1 interrupted tasks queued again" in output
    task.refresh_from_db()
    notice.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert notice.sent_at is not None
    assert len(sink.received) == 1 and b"Eine Meldung wartet." in sink.received[0]


def test_a_task_still_running_in_a_live_worker_is_left_alone(settings):
    """Another worker on this host (here: a process that is alive) is still at it, or one on
    another host only minutes into the task: the task is not run twice."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        queue_notice("kiss@kreis-unna.example", "Neue Meldung", "Eine Meldung wartet.")
    task = DBTaskResult.objects.get()
    with subprocess.Popen(["sleep", "30"]) as live_worker:
        task.claim(this_worker_id().rsplit("-", 1)[0] + f"-{live_worker.pid}")
        assert requeue_interrupted_tasks() == 0
        live_worker.kill()
    DBTaskResult.objects.filter(pk=task.pk).update(worker_ids=["other-host-4711"])
    assert requeue_interrupted_tasks() == 0  # another host's worker, only minutes in
    later = task.started_at + datetime.timedelta(minutes=16)
    assert requeue_interrupted_tasks(now=later) == 1  # a quarter of an hour: it is gone
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY


def test_the_worker_exits_when_the_database_goes_and_works_again_once_it_is_back(settings):
    """It exits non-zero with one line, so systemd starts it again (Restart=always, no start
    limit); started while the database is still away it says so in one line again; started
    once it is back, it sends what was queued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    unit = (settings.BASE_DIR / "docs" / "deployment" / "selbsthilfe-worker.service").read_text()
    assert "Restart=always" in unit and "StartLimitIntervalSec=0" in unit
    with SmtpSink() as sink, CuttableDatabase() as database:
        url = database.url("worker")
        running = start_worker(sink, database_url=url)
        time.sleep(3)  # it started and polls the queue
        assert running.poll() is None
        database.cut()
        output, _ = running.communicate(timeout=60)
        assert running.returncode != 0
        assert output.strip().splitlines()[-1].startswith("Database error:"), output
        assert "Traceback" not in output

        while_down = start_worker(sink, database_url=url)
        output, _ = while_down.communicate(timeout=60)
        assert while_down.returncode != 0 and output.strip().count("\n") == 0, output
        assert output.startswith("Database error:")

        database.restore()
        with transaction.atomic():
            queue_notice("kiss@kreis-unna.example", "Neue Meldung", "Nach dem Ausfall.")
        back = start_worker(sink, "--batch", database_url=url)
        output, _ = back.communicate(timeout=60)
        assert back.returncode == 0, output
    assert len(sink.received) == 1 and b"Nach dem Ausfall." in sink.received[0]


def test_a_notice_the_mail_server_refused_is_shown_to_superusers_with_the_error(
    superuser_client, settings
):
    settings.MAILERS = {"default": {"BACKEND": "tests.mailers.UnreachableServerBackend"}}
    with transaction.atomic():
        queue_notice("kiss@kreis-unna.example", "Neue Meldung zur Prüfung", "Eine Meldung.")
    notice = StaffNotice.objects.get()
    assert notice.sent_at is None and notice.attempts == 1
    unsent = superuser_client.get("/verwaltung/selbsthilfe/staffnotice/?sent_at__isempty=1")
    assert "Neue Meldung zur Prüfung" in unsent.text
    page = superuser_client.get(f"/verwaltung/selbsthilfe/staffnotice/{notice.pk}/change/")
    assert "mail server unreachable" in page.text
