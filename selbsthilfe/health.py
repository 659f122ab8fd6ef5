"""Health endpoints for a load balancer or a monitor: is the process up, and can it serve."""

import datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult

# Requests to these paths are left out of the request log: a monitor asks every few seconds.
PATHS = ("/healthz", "/readyz")


@never_cache
def alive(request):
    """``/healthz``: the process answers (nothing else is checked)."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def ready(request):
    """``/readyz``: ok, or 503 with one line for each dependency that failed: the database,
    migrations not applied, a task worker that has taken no waiting task for
    ``WORKER_LATE_MINUTES``. ``/readyz?serving`` leaves the worker out: a load balancer
    asks that, and must not take every app server out of service because emails wait."""
    problems = []
    try:
        problems += pending_migrations()
        if "serving" not in request.GET:
            problems += late_tasks()
    except DatabaseError:
        problems = ["database unreachable"]
    if problems:
        return HttpResponse("\n".join(problems) + "\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{len(pending)} migrations not applied"] if pending else []


def late_tasks() -> list[str]:
    """The queued tasks that a worker should have taken by now: none runs, or it hangs."""
    waiting_since = timezone.now() - datetime.timedelta(minutes=settings.WORKER_LATE_MINUTES)
    late = DBTaskResult.objects.ready().filter(enqueued_at__lt=waiting_since).count()
    if not late:
        return []
    return [f"worker: {late} tasks waiting for more than {settings.WORKER_LATE_MINUTES} minutes"]


def answer_monitors(get_response):
    """Middleware: answer the health checks before anything asks for the host name, so a
    monitor that asks by IP address (not in ``ALLOWED_HOSTS``) gets its answer instead of
    400 and a logged DisallowedHost each time."""
    views = {"/healthz": alive, "/readyz": ready}

    def middleware(request):
        view = views.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return get_response(request)

    return middleware
