"""A citizen registers for an event, gets the email and cancels with its personal link."""

import re

import pytest
from django.core import mail

from events.models import Registration
from selbsthilfe import antispam
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_register_for_an_event_and_cancel(live_server, page, monkeypatch):
    # A person needs more than the minimum fill time; the browser does not.
    monkeypatch.setattr(antispam, "MINIMUM_FILL_SECONDS", 0)
    event = EventFactory(title="Infoabend Selbsthilfe", registration_required=True, capacity=5)

    page.goto(live_server.url + event.get_absolute_url())
    page.get_by_label("Ihr Name").fill("Erika Mustermann")
    page.get_by_label("Ihre E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("Anzahl Personen").fill("2")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/veranstaltungen/anmeldung/**")
    assert "Sie sind angemeldet." in page.content()
    assert "noch 3 Plätze frei" in page.goto(live_server.url + event.get_absolute_url()).text()

    (confirmation,) = mail.outbox
    path = re.search(r"/veranstaltungen/anmeldung/\S+/", confirmation.body)[0]
    page.goto(live_server.url + path)  # the email's link, on the test server
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()
    assert "Ihre Anmeldung ist storniert." in page.content()
    assert Registration.objects.get().status == Registration.Status.CANCELLED
