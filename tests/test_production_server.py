"""The production command: `manage.py serve` runs gunicorn, serves static files through
WhiteNoise, and stops with one sentence when the configuration is incomplete."""

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from tests.servers import database_url_for, free_port, running

PRODUCTION = {
    "SECRET_KEY": "a-secret-for-this-test-only",
    "ALLOWED_HOSTS": "127.0.0.1",
    "WEB_CONCURRENCY": "2",
    "PROXY_COUNT": "1",  # the TLS proxy in front says the request came over HTTPS
}
THROUGH_THE_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=THROUGH_THE_PROXY | headers)
    try:
        with urllib.request.build_opener(NoRedirects).open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:  # a redirect, not followed
        return error.code, dict(error.headers), error.read()


@pytest.mark.django_db(transaction=True)
def test_serve_runs_the_site_with_its_static_files(listed_group, tmp_path):
    port = free_port()
    environment = PRODUCTION | {
        "DATABASE_URL": database_url_for("production-server-under-test"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    base = f"http://127.0.0.1:{port}"
    with running(["serve", f"127.0.0.1:{port}"], environment | {"DEBUG": "0"}, port) as server:
        status, _headers, home = fetch(base + "/")
        assert status == 200 and "Selbsthilfe" in home.decode()
        status, _headers, results = fetch(base + "/gruppen/?q=Depression")
        assert status == 200 and listed_group.name in results.decode()

        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+\.css)"', home.decode())[1]
        assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet  # a hashed name
        status, headers, css = fetch(base + stylesheet, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(css)
        assert "max-age=315360000" in headers["Cache-Control"]
        assert "immutable" in headers["Cache-Control"]

        status, headers, _body = fetch(base + "/gruppen/", **{"X-Forwarded-Proto": "http"})
        assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/gruppen/"
        status, _headers, body = fetch(base + "/healthz", **{"X-Forwarded-Proto": "http"})
        assert status == 200 and body == b"ok\n"  # the load balancer asks over plain HTTP
        _status, headers, _body = fetch(base + "/")
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert "is not collected" not in server.output()  # no false warnings at start


@pytest.mark.django_db
def test_a_file_missing_from_the_static_manifest_does_not_break_pages(
    client, settings, listed_group, tmp_path
):
    settings.STATIC_ROOT = tmp_path  # collectstatic never ran here
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "selbsthilfe.staticfiles.StaticFilesStorage"}
    }
    page = client.get(reverse("home"))
    assert page.status_code == 200
    assert 'href="/static/css/site.css"' in page.text


def serve_without_a_database(environment: dict) -> subprocess.CompletedProcess:
    """`manage.py serve` where no database answers: for what it says before serving."""
    return subprocess.run(
        [sys.executable, "manage.py", "serve"],
        cwd=settings.BASE_DIR,
        env=environment | {"DATABASE_URL": "postgresql://nobody@localhost/unused"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("missing", "sentence"),
    [
        ("SECRET_KEY", "Configuration error: Set SECRET_KEY"),
        ("ALLOWED_HOSTS", "Configuration error: Set ALLOWED_HOSTS"),
    ],
)
def test_serve_without_a_required_variable_stops_with_one_sentence(missing, sentence):
    environment = {
        key: value for key, value in os.environ.items() if key not in ("DEBUG", missing)
    } | {key: value for key, value in PRODUCTION.items() if key != missing}
    run = serve_without_a_database(environment)
    assert run.returncode != 0
    assert run.stderr.strip().startswith(sentence)
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("wrong", ["no such database", "no such role"])
def test_serve_with_a_database_url_the_server_refuses_stops_with_one_sentence(wrong, tmp_path):
    url = database_url_for("serve")
    if wrong == "no such database":
        url = url.replace(f"/{settings.DATABASES['default']['NAME']}?", "/no_such_database?")
    else:
        url = url.replace("postgresql://postgres:", "postgresql://nobody_here:")
    environment = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    run = subprocess.run(
        [sys.executable, "manage.py", "serve", f"127.0.0.1:{free_port()}"],
        cwd=settings.BASE_DIR,
        env=environment | PRODUCTION | {"DATABASE_URL": url, "STATIC_ROOT": str(tmp_path)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode != 0
    assert run.stderr.startswith("Database error:") and len(run.stderr.splitlines()) == 1
    assert ("no_such_database" if wrong == "no such database" else "nobody_here") in run.stderr


def test_serve_refuses_debug_mode():
    run = serve_without_a_database(os.environ | PRODUCTION | {"DEBUG": "1"})
    assert run.returncode != 0 and "refuses DEBUG=1" in run.stderr


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("log_format", ["text", "json"])
def test_the_logs_never_hold_a_search_or_an_address(listed_group, tmp_path, log_format):
    """gunicorn's access log (text) or the site's request lines (JSON), and the warning
    of a page not found, name the path only: no query string, referrer or address."""
    port = free_port()
    environment = PRODUCTION | {
        "DATABASE_URL": database_url_for("production-server-under-test"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOG_FORMAT": log_format,
        "LOG_LEVEL": "INFO",
        "DEBUG": "0",
    }
    base = f"http://127.0.0.1:{port}"
    search = "/gruppen/?q=Alkoholabh%C3%A4ngigkeit&ort=L%C3%BCnen"
    with running(["serve", f"127.0.0.1:{port}"], environment, port) as server:
        assert fetch(base + search)[0] == 200
        assert fetch(base + listed_group.get_absolute_url(), Referer=base + search)[0] == 200
        assert fetch(base + "/gibt-es-nicht/?q=Alkoholabh%C3%A4ngigkeit")[0] == 404
        time.sleep(0.5)  # the last lines reach the file
        log = server.output()
    assert "/gruppen/" in log and "/gibt-es-nicht/" in log  # the requests were logged
    if log_format == "json":  # every line, gunicorn's own too, with the time's zone
        records = [json.loads(line) for line in log.splitlines() if line.strip()]
        assert any(record["logger"] == "gunicorn.error" for record in records)
        assert all(re.search(r"T\d\d:\d\d:\d\d[+-]\d{4}$", r["time"]) for r in records)
    for secret in ("Alkohol", "L%C3%BCnen", "Lünen", "ort=", "q=", "203.0.113.9", "127.0.0.1 -"):
        assert secret not in log, (secret, log)


def test_a_form_sent_while_the_database_is_down_comes_back_with_everything_typed(tmp_path):
    """The database unreachable (a port where nothing listens): the message form answers
    503 with a form holding every entry, to send again, instead of the 500 page."""
    port, nothing_there = free_port(), free_port()
    environment = PRODUCTION | {
        "DATABASE_URL": f"postgresql://nobody@127.0.0.1:{nothing_there}/gone?connect_timeout=3",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DEBUG": "0",
    }
    base = f"http://127.0.0.1:{port}"
    text = "Ich suche seit Wochen eine Gruppe.\nKönnen Sie mir helfen?"
    sent = {"csrfmiddlewaretoken": "k" * 32, "name": "Erika", "answer_by": "email",
            "email": "erika@example.org", "text": text, "consent": "on", "homepage": "",
            "rendered_at": "signed-earlier"}  # fmt: skip
    with running(["serve", f"127.0.0.1:{port}"], environment, port):
        request = urllib.request.Request(
            base + "/gruppen/shg-depression-luenen/nachricht/",
            data=urllib.parse.urlencode(sent).encode(),
            headers=THROUGH_THE_PROXY
            | {"Cookie": f"csrftoken={'k' * 32}", "Origin": f"https://127.0.0.1:{port}"},
        )
        try:
            urllib.request.urlopen(request, timeout=30)
            raise AssertionError("a form was saved without a database")
        except urllib.error.HTTPError as error:
            status, headers, page = error.code, error.headers, error.read().decode()
    assert status == 503 and headers["Retry-After"] == "60"
    assert "no-store" in headers["Cache-Control"]
    assert "Nicht gesendet" in page
    for name in ("name", "email", "text", "rendered_at"):
        assert f'name="{name}" value="{escape(sent[name])}"' in page, name
    assert escape(text) in page  # shown to copy, line breaks kept


@pytest.mark.django_db(transaction=True)
def test_an_upgrade_reloads_the_server_without_one_failed_request(listed_group, tmp_path):
    """The upgrade of docs/deployment.md ends with `systemctl reload selbsthilfe-web`
    (SIGHUP to gunicorn): new workers start on the new code before the old ones finish, so a
    visitor polling every 100 ms through it sees no error."""
    unit = (settings.BASE_DIR / "docs" / "deployment" / "selbsthilfe-web.service").read_text()
    assert "ExecReload=/bin/kill -HUP $MAINPID" in unit
    port = free_port()
    environment = PRODUCTION | {
        "DATABASE_URL": database_url_for("reloaded-server"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "PAGE_CACHE_SECONDS": "0",  # every request renders, from the database
        "DEBUG": "0",
    }
    base = f"http://127.0.0.1:{port}"
    failures, answered = [], []
    polling = threading.Event()

    def poll():
        number = 0
        while polling.is_set():
            number += 1
            try:
                status, _headers, _body = fetch(f"{base}/gruppen/?q=Depression&seite={number % 3}")
            except Exception as error:  # refused, reset, cut short, timed out
                failures.append(repr(error))
            else:
                (answered if status == 200 else failures).append(status)
            time.sleep(0.1)

    with running(["serve", f"127.0.0.1:{port}"], environment, port) as server:
        assert fetch(base + "/healthz")[0] == 200  # (waits until the workers have booted)
        polling.set()
        client = threading.Thread(target=poll)
        client.start()
        try:
            time.sleep(1)
            for _reload in range(2):
                server.send_signal(signal.SIGHUP)
                # New workers boot (a few seconds, while requests wait in the socket's
                # queue), the old ones finish what they were doing.
                before = len(answered)
                deadline = time.monotonic() + 90
                while len(answered) < before + 10 and time.monotonic() < deadline:
                    time.sleep(0.2)
        finally:
            polling.clear()
            client.join(60)
        output = server.output()
    assert failures == []
    assert len(answered) > 20, output
    assert output.count("Handling signal: hup") == 2, output
    assert output.count("Booting worker") >= 6  # 2 at the start, 2 after each reload
