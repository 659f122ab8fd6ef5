"""An editor at work in the staff forms: entering a site's opening hours (with a mistake
explained in German), a new event with the own contact point already chosen and no
cancellation reason until cancelling."""

import pytest
from django.urls import reverse

from contactpoints.models import OpeningHours
from tests.browser.conftest import sign_in
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    MembershipFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Kontaktstelle-2026"


@pytest.fixture
def editor_page(live_server, page, settings):
    """The browser signed in as the editor of K.I.S.S. Kreis Unna: (page, contact point)."""
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    kiss = ContactPointFactory(name="K.I.S.S. Kreis Unna", short_name="K.I.S.S. Kreis Unna")
    user = UserFactory(username="redaktion-unna", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    MembershipFactory(user=user, contact_point=kiss)
    sign_in(page, live_server.url, "redaktion-unna", PASSWORD)
    return page, kiss


def test_an_editor_enters_opening_hours_and_is_told_in_german_what_is_wrong(
    live_server, editor_page
):
    page, kiss = editor_page
    site = SiteFactory(contact_point=kiss, name="K.I.S.S. Unna", town="Unna", postcode="59423")
    page.goto(live_server.url + reverse("admin:contactpoints_site_change", args=[site.pk]))
    # A row per working day, the day already chosen; from and until are time fields.
    assert page.locator("#id_hours-1-weekday option:checked").inner_text() == "Dienstag"
    assert page.locator("#id_hours-0-opens").get_attribute("type") == "time"
    page.locator("#id_hours-0-opens").fill("09:00")
    page.locator("#id_hours-0-closes").fill("12:00")
    page.locator("#id_hours-1-opens").fill("14:00")
    page.locator("#id_hours-1-closes").fill("12:00")  # a slip
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_load_state()
    error = page.locator(".errorlist").filter(has_text="„Bis“ muss später sein als „von“")
    assert error.is_visible()
    assert not OpeningHours.objects.exists()
    page.locator("#id_hours-1-closes").fill("18:00")
    page.get_by_role("button", name="Sichern", exact=True).click()
    page.wait_for_load_state()
    assert [str(row) for row in site.hours.all()] == ["Montag 09:00–12:00", "Dienstag 14:00–18:00"]
    page.goto(live_server.url + kiss.get_absolute_url())
    status = page.locator(".open-status").inner_text()
    assert status.startswith(("Jetzt geöffnet", "Geschlossen – öffnet"))


def test_a_new_event_has_the_contact_point_chosen_and_the_reason_only_when_cancelling(
    live_server, editor_page
):
    page, kiss = editor_page
    page.goto(live_server.url + reverse("admin:events_event_add"))
    chosen = page.locator(".field-contact_point .select2-selection__rendered")
    assert "K.I.S.S. Kreis Unna" in chosen.inner_text()
    assert page.get_by_text("Grund der Absage").count() == 0
    event = EventFactory(contact_point=kiss, title="Infoabend Selbsthilfe")
    page.goto(live_server.url + reverse("admin:events_event_change", args=[event.pk]))
    assert page.get_by_text("Grund der Absage").count() == 0
    page.get_by_role("link", name="Veranstaltung absagen").click()
    page.wait_for_load_state()
    assert page.get_by_label("Grund der Absage").is_visible()
