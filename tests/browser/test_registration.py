"""A citizen registers for an event or a series, gets the email and cancels with its personal
link; the calendar's filters on a phone and on a desktop."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from events.models import EventSeries, Registration
from selbsthilfe import antispam
from tests.factories import ContactPointFactory, EventFactory

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
    assert page.get_by_role("link", name="In Kalender übernehmen").is_visible()
    page.get_by_role("link", name="Abmelden").click()
    page.wait_for_url("**/abmelden/")
    question = "Möchten Sie Ihre Anmeldung für 2 Personen wirklich stornieren?"
    assert page.get_by_text(question).is_visible()
    assert Registration.objects.get().status == Registration.Status.CONFIRMED  # asked only
    page.get_by_role("button", name="Ja, Anmeldung stornieren").click()
    page.wait_for_load_state()
    assert "Ihre Anmeldung ist storniert." in page.content()
    assert page.get_by_role("link", name="In Kalender übernehmen").count() == 0
    assert Registration.objects.get().status == Registration.Status.CANCELLED


def test_register_for_all_dates_of_a_series_and_cancel_one_evening(live_server, page, monkeypatch):
    monkeypatch.setattr(antispam, "MINIMUM_FILL_SECONDS", 0)
    contact_point = ContactPointFactory()
    series = EventSeries.objects.create(
        title="Digital durchstarten", slug="digital-durchstarten", contact_point=contact_point
    )
    first = timezone.now() + datetime.timedelta(days=7)
    dates = [
        EventFactory(
            title=f"Abend {number + 1}",
            contact_point=contact_point,
            series=series,
            registration_required=True,
            starts_at=first + datetime.timedelta(weeks=number),
            ends_at=first + datetime.timedelta(weeks=number, hours=2),
        )
        for number in range(3)
    ]
    page.goto(live_server.url + dates[0].get_absolute_url())
    page.get_by_label("Ihr Name").fill("Erika Mustermann")
    page.get_by_label("Ihre E-Mail-Adresse").fill("erika@example.org")
    page.get_by_label("alle 3 noch offenen Termine der Reihe").check()
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/veranstaltungen/anmeldung/reihe/**")
    assert "Sie sind für die Reihe angemeldet." in page.content()
    assert page.get_by_text("Platz reserviert").count() == 3

    page.get_by_role("link", name="Vom Termin am").nth(1).click()
    page.get_by_role("button", name="Ja, Anmeldung stornieren").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Alle Ihre Termine").click()
    assert page.get_by_text("Platz reserviert").count() == 2
    statuses = [r.status for r in Registration.objects.order_by("event__starts_at")]
    assert statuses == ["confirmed", "cancelled", "confirmed"]


def test_on_a_phone_the_filters_fold_behind_one_button_and_the_events_come_first(
    live_server, browser
):
    for number in range(6):
        EventFactory(title=f"Treffen {number + 1}")
    phone = browser.new_context(locale="de-DE", viewport={"width": 375, "height": 667})
    page = phone.new_page()
    page.goto(live_server.url + "/veranstaltungen/?land=NW")
    button = page.locator("summary", has_text="Filter")
    assert button.is_visible() and "1" in button.inner_text()
    assert not page.get_by_label("Kontaktstelle").is_visible()
    first = page.get_by_role("link", name="Treffen 1")
    box = first.bounding_box()
    assert first.is_visible() and box["y"] + box["height"] <= 667
    button.click()
    assert page.get_by_label("Kontaktstelle").is_visible()
    phone.close()

    desktop = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 800})
    page = desktop.new_page()
    page.goto(live_server.url + "/veranstaltungen/")
    assert not page.locator("summary", has_text="Filter").is_visible()
    assert page.get_by_label("Kontaktstelle").is_visible()
    assert page.get_by_label("PLZ oder Ort").is_visible()
    page.get_by_label("Art").select_option("training")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**art=training**")
    desktop.close()
