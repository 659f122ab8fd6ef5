"""Production settings as an operator sets them: `check --deploy` is clean, HTTPS is on by
default, the demo accounts never reach a real site, staff sessions expire."""

import ipaddress
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "SECRET_KEY": "k3-9Zr!a-long-random-secret-for-this-test-only-7Qw",
    "ALLOWED_HOSTS": "wegweiser.example.org",
    "DATABASE_URL": "postgresql://nobody@localhost/unused",
    "PROXY_COUNT": "1",
}


def run(arguments, **environment):
    # Without what the test run itself sets (the browser tests allow async-unsafe calls).
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DEBUG", "SECURE_", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=clean | PRODUCTION | environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**environment) -> dict:
    names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
             "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_AGE", "SESSION_COOKIE_SECURE",
             "ADMIN_PATH", "TASKS"]  # fmt: skip
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "from django.urls import reverse; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}} | "
        "{'admin_url': reverse('admin:index'), 'report_url': reverse('annual_report_start')}))"
    )
    done = run(["-c", code], DJANGO_SETTINGS_MODULE="selbsthilfe.settings", **environment)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_check_deploy_with_the_production_variables_finds_nothing():
    done = run(["manage.py", "check", "--deploy"], DEBUG="0")
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


def test_https_redirect_and_hsts_are_on_by_default_and_can_be_changed():
    defaults = production_settings()
    assert defaults["SECURE_SSL_REDIRECT"] is True
    assert defaults["SECURE_HSTS_SECONDS"] == 31536000
    assert defaults["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert defaults["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert defaults["SESSION_COOKIE_SECURE"] is True
    assert defaults["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    changed = production_settings(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="300")
    assert changed["SECURE_SSL_REDIRECT"] is False and changed["SECURE_HSTS_SECONDS"] == 300


def test_sessions_expire_after_the_configured_idle_minutes_and_the_admin_path_is_a_setting():
    chosen = production_settings(SESSION_IDLE_MINUTES="20", ADMIN_PATH="/intern/")
    assert chosen["SESSION_COOKIE_AGE"] == 20 * 60
    assert (chosen["admin_url"], chosen["report_url"]) == ("/intern/", "/intern/bericht/")
    assert settings.SESSION_SAVE_EVERY_REQUEST  # each request renews the idle time


def test_the_demo_refuses_to_create_its_accounts_on_a_production_site():
    done = run(["manage.py", "demo", "--no-serve"], DEBUG="0")
    assert done.returncode != 0
    assert "runs only with DEBUG=1" in done.stderr


@pytest.mark.django_db
def test_a_staff_session_ends_after_the_idle_time(client, settings, superuser_client):
    session = superuser_client.session
    assert session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    response = superuser_client.get("/verwaltung/")
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


@pytest.mark.parametrize(
    ("variable", "value", "sentence"),
    [
        ("PROXY_COUNT", "one", "PROXY_COUNT must be a whole number of 0 or more, not 'one'."),
        ("SESSION_IDLE_MINUTES", "-5", "SESSION_IDLE_MINUTES must be a whole number"),
        ("EMAIL_PORT", "smtp", "EMAIL_PORT must be a whole number"),
        ("CONN_MAX_AGE", "1.5", "CONN_MAX_AGE must be a whole number"),
        ("PROXY_ADDRESSES", "127.0.0.1,nginx", "PROXY_ADDRESSES: 'nginx' does not appear"),
    ],
)
def test_a_bad_number_in_the_environment_is_one_sentence(variable, value, sentence):
    for entry in (["manage.py", "check"], ["-c", "import selbsthilfe.wsgi"]):
        environment = {variable: value, "DJANGO_SETTINGS_MODULE": "selbsthilfe.settings"}
        done = run(entry, DEBUG="0", **environment)
        assert done.returncode != 0
        assert done.stderr.strip().startswith(f"Configuration error: {sentence}"), done.stderr
        assert "Traceback" not in done.stderr


def test_serve_explains_a_bad_worker_count():
    done = run(["manage.py", "serve"], WEB_CONCURRENCY="many")
    assert done.returncode != 0
    assert "WEB_CONCURRENCY must be a number above 0, not 'many'." in done.stderr


def cache_and_databases(**environment) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "from django.core.cache import caches; "
        "c = caches['default']; "
        "print(json.dumps({'backend': type(c).__name__, "
        "'client': type(c._cache).__name__ if hasattr(c, '_class') else None, "
        "'location': s.CACHES['default'].get('LOCATION'), 'replicas': s.READ_REPLICAS, "
        "'hosts': [s.DATABASES[a]['HOST'] for a in s.READ_REPLICAS], "
        "'page_seconds': s.PAGE_CACHE_SECONDS}))"
    )
    done = run(["-c", code], DJANGO_SETTINGS_MODULE="selbsthilfe.settings", **environment)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_cache_url_selects_redis_or_valkey_and_replicas_are_listed_by_url():
    local = cache_and_databases()
    assert local["backend"] == "LocMemCache" and local["replicas"] == []
    assert local["page_seconds"] == 600
    shared = cache_and_databases(
        CACHE_URL="valkey://cache.internal:6379/0",
        DATABASE_REPLICA_URLS="postgresql://reader@db-2/selbsthilfe "
        "postgresql://reader@db-3,db-4/selbsthilfe",
        PAGE_CACHE_SECONDS="0",
    )
    assert shared["backend"] == "RedisCache" and shared["client"] == "RedisCacheClient"
    assert shared["location"] == "redis://cache.internal:6379/0"
    assert shared["replicas"] == ["replica1", "replica2"]
    assert shared["hosts"] == ["db-2", "db-3,db-4"]
    assert shared["page_seconds"] == 0
    done = run(["manage.py", "check"], CACHE_URL="memcached://cache:11211", DEBUG="0",
               DJANGO_SETTINGS_MODULE="selbsthilfe.settings")  # fmt: skip
    assert done.returncode != 0 and "CACHE_URL must start with redis://" in done.stderr


@pytest.mark.django_db
def test_behind_a_proxy_only_the_proxy_may_ask_and_its_header_names_the_visitor(client, settings):
    """Reached around the proxy, X-Forwarded-For is the sender's own claim (a new one per
    request would escape every limit per address): refused. Through the proxy, its entry
    names the visitor."""
    from django.core.cache import cache

    from selbsthilfe.models import RequestCount

    settings.PROXY_COUNT = 1
    settings.API_REQUESTS_PER_MINUTE = 2
    cache.clear()
    api = "/api/hsds/taxonomy_terms"
    for number in range(4):
        direct = client.get(api, REMOTE_ADDR="192.0.2.10",
                            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")  # fmt: skip
        assert direct.status_code == 403
    assert client.get("/healthz", REMOTE_ADDR="192.0.2.10").status_code == 200
    assert not RequestCount.objects.exists()  # nothing was even counted

    def through_proxy(visitor):
        return client.get(api, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=visitor)

    assert [through_proxy("203.0.113.5").status_code for _ in range(3)] == [200, 200, 429]
    assert through_proxy("203.0.113.6").status_code == 200  # another visitor
    settings.PROXY_ADDRESSES = [ipaddress.ip_network("10.0.0.0/8")]  # a proxy elsewhere
    assert (
        client.get(api, REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code
        == 200
    )


def test_every_command_but_the_development_servers_runs_with_production_settings():
    """`manage.py` turns debugging on only for `demo` and `runserver`: migrate, the worker
    and the timers run as production unless DEBUG=1 is set."""
    script = "from django.conf import settings; print(settings.DEBUG, settings.TASKS)"
    done = run(["manage.py", "shell", "-c", script])
    assert done.returncode == 0, done.stderr
    debug, tasks = done.stdout.strip().splitlines()[-1].split(" ", 1)
    assert debug == "False" and "DatabaseBackend" in tasks  # the worker has its queue
    assert "True" in run(["manage.py", "shell", "-c", script], DEBUG="1").stdout
    missing = {"SECRET_KEY": ""}
    done = run(["manage.py", "migrate", "--check"], **missing)
    assert done.returncode != 0 and "Set SECRET_KEY" in done.stderr  # no silent debug mode


@pytest.mark.parametrize("backend", ["console", "locmem", "filebased", "dummy"])
def test_a_mail_backend_that_delivers_nothing_stops_a_production_command(backend):
    """Such a backend would mark a citizen's email sent while printing or dropping it."""
    backend = f"django.core.mail.backends.{backend}.EmailBackend"
    for command in (["manage.py", "send_message_emails"], ["manage.py", "db_worker"]):
        done = run(command, EMAIL_BACKEND=backend)
        assert done.returncode != 0
        assert done.stderr.strip().startswith("Configuration error: EMAIL_BACKEND"), done.stderr
        assert "Traceback" not in done.stderr
    assert run(["manage.py", "check"], EMAIL_BACKEND=backend, DEBUG="1").returncode == 0


@pytest.mark.django_db
def test_a_wrong_database_url_is_one_sentence_naming_what_failed():
    from django.db import connection

    from tests.servers import free_port

    db = connection.settings_dict
    nothing_there = f"postgresql://nobody@127.0.0.1:{free_port()}/x?connect_timeout=3"
    no_such_database = (
        f"postgresql://{db['USER']}:{db['PASSWORD']}@/gibt_es_nicht"
        f"?host={db['HOST'] or 'localhost'}&port={db['PORT'] or 5432}"
    )
    for url, named in ((nothing_there, "127.0.0.1"), (no_such_database, "gibt_es_nicht")):
        done = run(["manage.py", "migrate"], DATABASE_URL=url)
        assert done.returncode != 0
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Database error:"), done.stderr
        assert named in lines[0]
