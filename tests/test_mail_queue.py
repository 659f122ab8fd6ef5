"""Mail leaves outside the web request: the request stores a task, the worker
(`manage.py db_worker`) sends it, and a failing mail server loses nothing."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from events.models import Registration, RegistrationEmail
from groups.models import Suggestion
from tests.factories import ContactPointFactory, EventFactory, SiteFactory, shown_seconds_ago

# The worker closes and reopens its database connection, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as in production
FAILING_MAIL = {"default": {"BACKEND": "tests.mailers.UnreachableServerBackend"}}


@pytest.fixture
def production_queue(settings):
    settings.TASKS = QUEUE


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def register(client, event):
    data = {"name": "Erika Mustermann", "email": "erika@example.org", "phone": "", "persons": "1",
            "consent": "on", "homepage": "", "rendered_at": shown_seconds_ago(10)}  # fmt: skip
    return client.post(event.get_absolute_url(), data)


def test_a_registration_sends_no_mail_in_the_request_but_through_the_worker(
    client, production_queue
):
    event = EventFactory(registration_required=True, title="Infoabend Sucht")
    assert register(client, event).status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert [message.to for message in mail.outbox] == [["erika@example.org"]]
    assert "Infoabend Sucht" in mail.outbox[0].subject
    assert RegistrationEmail.objects.get().sent_at is not None


def test_a_report_tells_its_contact_point_through_the_worker(
    client, german_places, production_queue
):
    SiteFactory(contact_point=ContactPointFactory(email="kiss@kreis-unna.example"))
    data = {"name": "Trauercafé", "topics_text": "Trauer", "description": "", "postcode": "44532",
            "town": "Lünen", "meetings_text": "", "submitter_name": "Erika",
            "submitter_email": "erika@example.org", "consent": "on", "homepage": "",
            "rendered_at": shown_seconds_ago(10)}  # fmt: skip
    assert client.post("/gruppe-melden/", data).status_code == 302
    assert mail.outbox == [] and Suggestion.objects.count() == 1
    run_worker()
    assert [message.to for message in mail.outbox] == [["kiss@kreis-unna.example"]]


def test_a_failing_mail_server_loses_no_registration_and_the_retry_sends_it(
    client, settings, production_queue
):
    event = EventFactory(registration_required=True)
    assert register(client, event).status_code == 302
    settings.MAILERS = FAILING_MAIL
    run_worker()
    assert Registration.objects.filter(email="erika@example.org").exists()
    stored = RegistrationEmail.objects.get()
    assert stored.sent_at is None and stored.attempts == 1 and "unreachable" in stored.last_error
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("send_registration_emails", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["erika@example.org"]]
