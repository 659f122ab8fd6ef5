"""Tasks that a worker claimed but never finished (the worker was killed, or the database
went away while it ran) are put back in the queue, so that their emails go out within
minutes instead of never. Re-running one is safe: every email is sent through the outbox,
which sends a stored email at most once."""

import datetime
import os
import socket

from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

# A task running this long was interrupted on another machine (they take seconds).
STALE_AFTER = datetime.timedelta(minutes=15)


def host() -> str:
    return socket.gethostname()[:50]  # (a worker id is at most 64 characters)


def this_worker_id() -> str:
    """Names the worker process by host and process id, so that a worker started later on
    the same host can tell that a task's worker is gone."""
    return f"{host()}-{os.getpid()}"


def requeue_interrupted_tasks(now: datetime.datetime | None = None) -> int:
    """Put back every running task whose worker on this host has ended, and every task
    running for longer than ``STALE_AFTER``; returns how many."""
    now = now or timezone.now()
    interrupted = []
    for task_id, worker_ids, started_at in DBTaskResult.objects.running().values_list(
        "id", "worker_ids", "started_at"
    ):
        name, _, pid = (worker_ids[-1] if worker_ids else "").rpartition("-")
        if (name == host() and pid.isdigit() and not alive(int(pid))) or (
            started_at is None or started_at < now - STALE_AFTER
        ):
            interrupted.append(task_id)
    return (
        DBTaskResult.objects.running()
        .filter(id__in=interrupted)
        .update(status=TaskResultStatus.READY, started_at=None)
    )


def alive(pid: int) -> bool:
    if pid == os.getpid():  # an earlier process with this id (pid 1 in a container)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user
        return True
    return True
