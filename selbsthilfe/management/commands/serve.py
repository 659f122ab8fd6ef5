"""Start the production site: collect the static files, then run gunicorn."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection

# gunicorn's access log as the site's JSON request line has it: time, method, path without
# the query string, status, bytes and milliseconds. No address, no referrer (a search page's
# address) and no query string: together they would tell who searched for what.
ACCESS_LOG = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'


def worker_count() -> int:
    """WEB_CONCURRENCY if set, else gunicorn's rule of thumb: two per CPU, plus one."""
    configured = os.environ.get("WEB_CONCURRENCY", "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise CommandError(f"WEB_CONCURRENCY must be a number above 0, not {configured!r}.")
        return int(configured)
    return 2 * (os.cpu_count() or 1) + 1


def check_database(stderr) -> None:
    """A database that refuses the site (a wrong role, password or database name in
    DATABASE_URL) stops the start with manage.py's one line, "Database error: …", instead of
    a site that answers 503 for ever. One that does not answer (yet) is said in one line,
    and the site starts: it serves stored pages, and 503 pages, until the database is back."""
    try:
        connection.ensure_connection()
    except OperationalError as error:
        if "FATAL:" in str(error):  # the server answered, and refused
            raise
        stderr.write(f"Database error: {str(error).strip().splitlines()[0]} (serving anyway)")
    finally:
        connection.close()


class Command(BaseCommand):
    help = (
        "Start the production site on ADDRESS (default BIND or 127.0.0.1:8000): collect the "
        "static files, then run gunicorn with WEB_CONCURRENCY workers (default 2 per CPU + 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "address", nargs="?", default=os.environ.get("BIND", "127.0.0.1:8000"),
            help="host:port to listen on, e.g. 127.0.0.1:8000 behind a reverse proxy",
        )  # fmt: skip

    def handle(self, *args, address, **options):
        if settings.DEBUG:
            raise CommandError(
                "serve starts the production site and refuses DEBUG=1; for development use "
                "`manage.py demo` or `manage.py runserver`."
            )
        workers = worker_count()
        call_command("collectstatic", interactive=False, verbosity=0)
        check_database(self.stderr)
        if settings.LOG_FORMAT != "json":  # (gunicorn says it as a JSON line)
            self.stdout.write(f"Serving on http://{address}/ with {workers} workers.")
            self.stdout.flush()
        # The server takes over this process, so a service manager's signals reach it.
        os.execv(
            sys.executable,
            [
                sys.executable, "-m", "gunicorn", "selbsthilfe.wsgi:application",
                "--bind", address,
                "--workers", str(workers),
                "--timeout", os.environ.get("WEB_TIMEOUT", "120"),
                "--config", "python:selbsthilfe.gunicorn_config",
                "--error-logfile", "-",
                # With JSON logs the site writes the request lines itself.
                *([] if settings.LOG_FORMAT == "json" else ["--access-logfile", "-",
                                                            "--access-logformat", ACCESS_LOG]),
            ],
        )  # fmt: skip
