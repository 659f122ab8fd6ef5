"""Nothing is lost silently by deleting: events with registrations, sites in use and staff
accounts are protected, and registrations keep a history."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from groups.models import Group
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    GroupFactory,
    RegistrationFactory,
    SiteFactory,
    UserFactory,
    admin_form_data,
    admin_url,
    staff_client,
)

pytestmark = pytest.mark.django_db


def test_an_event_with_registrations_is_not_deleted_but_cancelling_is_offered(
    superuser_client,
):
    event = EventFactory(title="Infoabend Demenz", registration_required=True)
    RegistrationFactory.create_batch(2, event=event)
    page = superuser_client.get(admin_url(event, "delete"))
    assert "hat 2 Anmeldungen: Bitte sagen Sie die Veranstaltung stattdessen ab" in page.text
    assert "Erika Mustermann" not in page.text  # no list of people
    superuser_client.post(admin_url(event, "delete"), {"post": "yes"})
    superuser_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert Event.objects.filter(pk=event.pk).exists()
    assert event.registrations.count() == 2


def test_an_event_without_registrations_can_be_deleted(superuser_client):
    event = EventFactory()
    response = superuser_client.post(admin_url(event, "delete"), {"post": "yes"})
    assert response.status_code == 302 and not Event.objects.filter(pk=event.pk).exists()


def test_a_site_in_use_is_not_deleted_and_the_admin_names_its_groups_and_events(
    superuser_client,
):
    site = SiteFactory(name="Haus der Begegnung")
    GroupFactory(name="Trauercafé Unna", contact_point=site.contact_point, meeting_site=site)
    EventFactory(title="Schulung Gruppenleitung", contact_point=site.contact_point, venue_site=site)
    page = superuser_client.get(admin_url(site, "delete"))
    assert "Trauercafé Unna" in page.text and "Schulung Gruppenleitung" in page.text
    superuser_client.post(admin_url(site, "delete"), {"post": "yes"})
    site.refresh_from_db()
    assert Group.objects.get(name="Trauercafé Unna").meeting_site == site
    assert Event.objects.get(title="Schulung Gruppenleitung").venue_site == site


def test_a_site_in_use_is_not_deleted_from_its_contact_points_page_either(superuser_client):
    site = SiteFactory(name="Haus der Begegnung")
    GroupFactory(name="Trauercafé Unna", contact_point=site.contact_point, meeting_site=site)
    url = admin_url(site.contact_point)
    data = admin_form_data(superuser_client, url, **{"sites-0-DELETE": "on"})
    response = superuser_client.post(url, data)
    assert response.status_code == 200 and "Trauercafé Unna" in response.text
    assert Group.objects.get(name="Trauercafé Unna").meeting_site_id == site.pk


def test_staff_accounts_are_deactivated_not_deleted(superuser_client):
    colleague = UserFactory(is_staff=True, username="kollegin")
    group = GroupFactory()
    group.history.update(history_user=colleague)
    assert superuser_client.get(admin_url(colleague, "delete")).status_code == 403
    changelist = reverse("admin:auth_user_changelist")
    assert "delete_selected" not in superuser_client.get(changelist).text
    superuser_client.post(changelist, {"action": "deactivate", "_selected_action": [colleague.pk]})
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert group.history.get().history_user == colleague


def test_a_deactivated_account_can_no_longer_work(client):
    contact_point = ContactPointFactory()
    staff_client(client, contact_point)
    user = get_user_model().objects.get(memberships__contact_point=contact_point)
    user.is_active = False
    user.save()
    assert client.get(reverse("admin:index")).status_code == 302


def test_registrations_keep_their_history_with_who_and_what(superuser_client):
    event = EventFactory(registration_required=True)
    registration = services.register(
        event, Registration(name="Erika Mustermann", email="erika@example.org")
    )
    services.cancel_registration(registration)
    assert [record.status for record in registration.history.order_by("history_id")] == [
        "confirmed",
        "cancelled",
    ]
    page = superuser_client.get(admin_url(registration, "history"))
    assert page.status_code == 200
    superuser_client.post(admin_url(registration, "delete"), {"post": "yes"})
    deleted = Registration.history.filter(id=registration.pk).latest("history_id")
    assert (deleted.history_type, deleted.name) == ("-", "Erika Mustermann")


def test_attendance_recorded_in_the_admin_is_in_the_history_with_who(client):
    started = timezone.now() - datetime.timedelta(hours=1)
    event = EventFactory(starts_at=started, ends_at=started + datetime.timedelta(hours=2))
    registration = RegistrationFactory(event=event)
    staff_client(client, event.contact_point)
    client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "mark_attended", "_selected_action": [registration.pk]},
    )
    latest = registration.history.latest("history_id")
    assert latest.attendance == "attended"
    assert latest.history_user.memberships.get().contact_point == event.contact_point


def test_anonymising_blanks_the_history_too():
    long_ago = timezone.now() - datetime.timedelta(days=400)
    event = EventFactory(starts_at=long_ago, ends_at=long_ago + datetime.timedelta(hours=2))
    registration = RegistrationFactory(event=event, name="Erika Mustermann")
    registration.phone = "0231 1234"
    registration.save()
    assert services.anonymise_past_registrations() == 1
    assert not Registration.history.filter(name="Erika Mustermann").exists()
    assert not Registration.history.exclude(email="").exists()
    assert registration.history.count() == 2  # the records stay, without the person
