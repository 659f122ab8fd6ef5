"""Event registration: capacity, waiting list, deadline, duplicates, cancellation and emails."""

import datetime
import io
import os
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, EventSeries, Registration, RegistrationEmail, SeriesRegistration
from events.views import EventDetailView
from selbsthilfe import personal_data
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    RegistrationFactory,
    shown_seconds_ago,
)
from tests.parallel import run_at_once

pytestmark = pytest.mark.django_db
FAILING_MAIL = {"default": {"BACKEND": "tests.mailers.UnreachableServerBackend"}}


def open_event(**fields):
    return EventFactory(registration_required=True, **fields)


def filled_in(*, seconds_ago=10, **changes):
    """The registration form as a person sends it, shown ``seconds_ago``."""
    data = {
        "name": "Erika Mustermann",
        "email": "erika@example.org",
        "phone": "",
        "persons": "1",
        "consent": "on",
        "homepage": "",
        "rendered_at": shown_seconds_ago(seconds_ago),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def register(event, email, persons=1):
    return services.register(event, Registration(name="Test", email=email, persons=persons))


def test_registration_is_confirmed_while_places_are_left_then_goes_to_waiting_list(
    django_capture_on_commit_callbacks,
):
    event = open_event(capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, "a@example.org", persons=2)
        second = register(event, "b@example.org")
        third = register(event, "c@example.org")
    assert [first.status, second.status, third.status] == [
        Registration.Status.CONFIRMED,
        Registration.Status.CONFIRMED,
        Registration.Status.WAITING_LIST,
    ]
    assert Event.objects.with_participation().get(pk=event.pk).free_places == 0
    assert [message.to for message in mail.outbox] == [
        ["a@example.org"],
        ["b@example.org"],
        ["c@example.org"],
    ]
    assert "Warteliste" in mail.outbox[2].subject


def test_party_larger_than_the_free_places_waits_and_a_smaller_one_still_fits():
    event = open_event(capacity=3)
    register(event, "a@example.org", persons=2)
    assert register(event, "family@example.org", persons=2).status == "waiting_list"
    assert register(event, "single@example.org").status == "confirmed"


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_when_many_register_at_the_same_moment():
    event = open_event(capacity=3)
    run_at_once(8, lambda number: register(event, f"person{number}@example.org"))
    assert event.registrations.confirmed().persons() == 3
    assert event.registrations.filter(status="waiting_list").count() == 5


@pytest.mark.django_db(transaction=True)
def test_the_hourly_limit_per_address_holds_for_registrations_sent_at_the_same_moment():
    event = open_event(capacity=100)

    def send(number):
        client = Client(REMOTE_ADDR="203.0.113.7")
        return client.post(event.get_absolute_url(), filled_in(email=f"p{number}@example.org"))

    responses = run_at_once(40, send)
    assert event.registrations.count() == EventDetailView.HOURLY_LIMIT
    assert sorted(response.status_code for response in responses) == (
        [200] * 30 + [302] * EventDetailView.HOURLY_LIMIT
    )
    refused = next(response for response in responses if response.status_code == 200)
    assert "in der letzten Stunde" in refused.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_deadline_hours": -1}, "Anmeldeschluss"),
        ({"starts_in_hours": -1}, "bereits begonnen"),
        ({"status": Event.Status.CANCELLED}, "abgesagt"),
        ({"registration_required": False}, "keine Anmeldung"),
    ],
)
def test_closed_registration_is_explained_and_nothing_is_stored(client, fields, message):
    now = timezone.now()
    starts_at = now + datetime.timedelta(hours=fields.pop("starts_in_hours", 48))
    deadline_hours = fields.pop("registration_deadline_hours", None)
    event = EventFactory(
        registration_required=fields.pop("registration_required", True),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        registration_deadline=(
            now + datetime.timedelta(hours=deadline_hours) if deadline_hours else None
        ),
        **fields,
    )
    with pytest.raises(services.RegistrationError, match=message):
        register(event, "late@example.org")
    page = client.post(event.get_absolute_url(), filled_in(), follow=True)
    assert message in page.text
    assert 'name="persons"' not in page.text
    assert not Registration.objects.exists()


def test_duplicate_email_is_explained_not_stored_twice(client):
    event = open_event(capacity=10)
    register(event, "erika@example.org")
    page = client.post(event.get_absolute_url(), filled_in(email="Erika@Example.ORG"))
    assert page.status_code == 200
    assert "bereits für diese Veranstaltung angemeldet" in page.text
    assert event.registrations.count() == 1


def test_registering_again_after_cancelling_is_allowed():
    event = open_event(capacity=10)
    services.cancel_registration(register(event, "erika@example.org"))
    assert register(event, "erika@example.org").status == "confirmed"


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"persons": "0"}, "Mindestens eine Person"),
        ({"persons": "10000"}, "Höchstens 4 Personen"),
        ({"persons": "-3"}, "Mindestens eine Person"),
        ({"persons": "zwei"}, "ganze Zahl"),
        ({"consent": None}, "Ohne Ihre Einwilligung"),
        ({"email": "erika@"}, "gültige E-Mail-Adresse"),
        ({"name": "   "}, "Dieses Feld ist zwingend erforderlich"),
        ({"phone": "ruf mich an"}, "Telefonnummer"),
        ({"homepage": "http://spam.example"}, "nicht gesendet werden"),
        ({"seconds_ago": 0, "name": "Erika www.spam.example"}, "Weblinks"),
        ({"rendered_at": "forged"}, "abgelaufen"),
    ],
)
def test_bad_registration_input_gives_a_form_error_and_keeps_the_input(client, changes, error):
    event = open_event(capacity=10)
    page = client.post(event.get_absolute_url(), filled_in(**changes))
    assert page.status_code == 200
    assert error in page.text
    assert not Registration.objects.exists()
    if "email" not in changes:
        assert 'value="erika@example.org"' in page.text


def test_a_registration_filled_in_by_the_browser_in_a_second_is_accepted(client):
    event = open_event(capacity=10)
    response = client.post(event.get_absolute_url(), filled_in(seconds_ago=0.5))
    assert response.status_code == 302
    assert Registration.objects.get().name == "Erika Mustermann"


def test_registration_form_leads_to_the_personal_page(client, django_capture_on_commit_callbacks):
    event = open_event(capacity=10, max_persons_per_registration=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            event.get_absolute_url(), filled_in(persons="3", phone="0231 / 12 34 56")
        )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == registration.get_absolute_url()
    assert (registration.persons, registration.phone) == (3, "0231 / 12 34 56")
    assert registration.consent_given_at is not None
    page = client.get(response.url)
    assert "Sie sind angemeldet" in page.text and "Abmelden" in page.text
    assert len(mail.outbox) == 1


def test_hourly_limit_stops_mass_registrations_from_one_address(client):
    event = open_event(capacity=100)
    for number in range(10):
        client.post(event.get_absolute_url(), filled_in(email=f"p{number}@example.org"))
    page = client.post(event.get_absolute_url(), filled_in(email="eleventh@example.org"))
    assert "Viele Anmeldungen" in page.text
    assert event.registrations.count() == 10


def test_cancelling_through_the_personal_link_moves_the_first_waiting_up(
    client, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1, is_online=True, online_join_url="https://meet.example/abc")
    confirmed = register(event, "a@example.org")
    first_waiting = register(event, "b@example.org")
    second_waiting = register(event, "c@example.org")
    url = reverse("events:cancel_registration", args=[confirmed.cancellation_token])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True)
    assert "Ihre Anmeldung ist storniert" in page.text
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.org": "cancelled",
        "b@example.org": "confirmed",
        "c@example.org": "waiting_list",
    }
    first_waiting.refresh_from_db()
    assert first_waiting.promoted_at is not None
    promoted_mail = next(m for m in mail.outbox if m.to == ["b@example.org"])
    assert "Platz ist für Sie frei" in promoted_mail.subject
    assert "https://meet.example/abc" in promoted_mail.body
    assert first_waiting.get_absolute_url() in promoted_mail.body
    assert not any(m.to == ["c@example.org"] for m in mail.outbox)
    assert second_waiting.get_absolute_url() != first_waiting.get_absolute_url()


def test_a_wrong_token_finds_nothing(client):
    registration = register(open_event(capacity=5), "a@example.org")
    wrong = registration.cancellation_token[:-2] + "xx"
    assert client.get(f"/veranstaltungen/anmeldung/{wrong}/").status_code == 404
    assert client.post(f"/veranstaltungen/anmeldung/{wrong}/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_personal_page_is_never_cached(client):
    registration = register(open_event(capacity=5), "a@example.org")
    response = client.get(registration.get_absolute_url())
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_waiting_list_page_shows_the_position(client):
    event = open_event(capacity=1)
    register(event, "a@example.org")
    register(event, "b@example.org")
    third = register(event, "c@example.org")
    assert "Position 2" in client.get(third.get_absolute_url()).text


def test_cancelling_twice_changes_nothing_more(django_capture_on_commit_callbacks):
    registration = register(open_event(capacity=5), "a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration)
        services.cancel_registration(registration)
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Abmeldung bestätigt"]


def test_nobody_moves_up_once_the_event_has_started():
    event = open_event(capacity=1)
    confirmed = register(event, "a@example.org")
    register(event, "b@example.org")
    started = timezone.now() - datetime.timedelta(minutes=5)
    Event.objects.filter(pk=event.pk).update(starts_at=started)
    assert services.cancel_registration(confirmed) == []
    assert event.registrations.waiting().count() == 1


def test_confirmation_email_has_the_personal_link_and_only_confirmed_get_the_join_link(
    django_capture_on_commit_callbacks,
):
    event = open_event(capacity=1, is_online=True, online_join_url="https://meet.example/xyz")
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = register(event, "a@example.org")
        waiting = register(event, "b@example.org")
    confirmation, waiting_mail = mail.outbox
    assert event.title in confirmation.subject
    assert confirmed.get_absolute_url() in confirmation.body
    assert "https://meet.example/xyz" in confirmation.body
    assert "kalender.ics" in confirmation.body
    assert waiting.get_absolute_url() in waiting_mail.body
    assert "https://meet.example/xyz" not in waiting_mail.body


def test_join_link_is_never_on_a_public_page(client):
    event = open_event(capacity=5, is_online=True, online_join_url="https://meet.example/secret")
    registration = register(event, "a@example.org")
    for url in [
        event.get_absolute_url(),
        "/veranstaltungen/",
        "/veranstaltungen/kalender.ics",
        f"/veranstaltungen/{event.slug}/kalender.ics",
        registration.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "meet.example/secret" not in response.content.decode(), url


def test_a_failed_send_keeps_the_registration_and_is_retried(
    client, django_capture_on_commit_callbacks, caplog
):
    event = open_event(capacity=5)
    with override_settings(MAILERS=FAILING_MAIL), django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.get_absolute_url(), filled_in())
    assert response.status_code == 302
    registration = Registration.objects.get()
    email = RegistrationEmail.objects.get()
    assert (email.sent_at, email.attempts) == (None, 1)
    assert "ConnectionRefusedError" in email.last_error
    assert "could not be sent" in caplog.text
    assert mail.outbox == []

    call_command("send_registration_emails", stdout=io.StringIO())
    email.refresh_from_db()
    assert email.sent_at is not None
    assert [m.to for m in mail.outbox] == [[registration.email]]
    call_command("send_registration_emails", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # sent once, not again


def test_emails_of_ended_events_are_not_retried():
    event = open_event(capacity=5)
    with override_settings(MAILERS=FAILING_MAIL):
        register(event, "a@example.org")
        services.deliver(RegistrationEmail.objects.get().pk)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    run = services.send_pending_emails()
    assert (run.sent, run.skipped) == (0, 1)
    assert mail.outbox == []


def test_participation_figures_for_the_report():
    event = open_event(capacity=4)
    kept = register(event, "a@example.org", persons=2)
    register(event, "b@example.org", persons=2)
    register(event, "c@example.org", persons=3)
    gone = register(event, "d@example.org")
    services.cancel_registration(gone)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=3))
    assert services.record_attendance(Registration.objects.filter(pk=kept.pk), "attended") == 1
    assert (
        services.record_attendance(Registration.objects.filter(email="b@example.org"), "no_show")
        == 1
    )
    figures = Event.objects.with_participation().get(pk=event.pk)
    assert (figures.confirmed_persons, figures.waiting_persons) == (4, 3)
    assert (figures.attended_persons, figures.no_show_persons) == (2, 2)


def test_attendance_is_not_recorded_before_the_event():
    registration = RegistrationFactory(event=open_event(capacity=5))
    assert services.record_attendance(Registration.objects.all(), "attended") == 0
    registration.attendance = "attended"
    with pytest.raises(Exception, match="begonnen"):
        registration.full_clean()


def test_emails_are_written_in_the_language_the_person_used(
    client, settings, django_capture_on_commit_callbacks
):
    event = open_event(capacity=5)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.get_absolute_url(), filled_in())
    assert Registration.objects.get().language == "en"
    (confirmation,) = mail.outbox
    assert confirmation.subject.startswith("Registration confirmed:")
    assert "thank you for registering" in confirmation.body


def test_personal_data_is_blanked_half_a_year_after_the_event_and_the_counts_stay():
    old = open_event(capacity=5)
    recent = open_event(capacity=5)
    for event in (old, recent):
        register(event, "a@example.org", persons=2)
        register(event, "b@example.org")
    Event.objects.filter(pk=old.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=200),
        ends_at=timezone.now() - datetime.timedelta(days=199),
    )
    Registration.objects.filter(event=old, email="a@example.org").update(attendance="attended")
    out = io.StringIO()
    call_command("anonymise_registrations", stdout=out)
    assert "2 registrations anonymised" in out.getvalue()
    assert set(old.registrations.values_list("name", "email", "phone")) == {("", "", "")}
    assert recent.registrations.filter(email="a@example.org").exists()
    figures = Event.objects.with_participation().get(pk=old.pk)
    assert (figures.confirmed_persons, figures.attended_persons) == (3, 2)
    assert services.anonymise_past_registrations() == 0  # twice changes nothing more


def test_the_smtp_server_of_production_gets_a_timeout():
    """A mail server that does not answer would otherwise hold the registration page."""
    code = (
        "import django; django.setup(); from django.core.mail import get_connection; "
        "print(type(get_connection()).__name__, get_connection().timeout)"
    )
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("EMAIL_", "DEBUG"))
    } | {"DJANGO_SETTINGS_MODULE": "selbsthilfe.settings", "SECRET_KEY": "test",
         "ALLOWED_HOSTS": "localhost",
         "DATABASE_URL": "postgresql://nobody@localhost/unused"}  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["EmailBackend", "10"]


def test_the_email_to_the_address_given_carries_nothing_typed_into_the_form(
    client, django_capture_on_commit_callbacks
):
    """Anyone can type someone else's address: the email sent there holds only the site's
    own words, never the name field as a vehicle for a message or a link."""
    event = open_event(capacity=10)
    bait = "Sie haben gewonnen! https://evil.example/1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            event.get_absolute_url(), filled_in(name=bait, email="opfer@example.org")
        )
    assert response.status_code == 302
    (email,) = mail.outbox
    assert email.to == ["opfer@example.org"] and email.body.startswith("Guten Tag,\n")
    assert "gewonnen" not in email.body + email.subject
    assert "evil.example" not in email.body + email.subject


def test_a_form_token_is_good_for_one_submission(client):
    event = open_event(capacity=10)
    sent = filled_in()
    assert client.post(event.get_absolute_url(), sent).status_code == 302
    again = client.post(event.get_absolute_url(), sent | {"email": "zweite@example.org"})
    assert again.status_code == 200 and "abgelaufen" in again.text
    assert 'value="zweite@example.org"' in again.text  # the entries are kept
    assert event.registrations.count() == 1


# Cancelling asks first


def cancel_url(registration) -> str:
    return reverse("events:cancel_registration", args=[registration.cancellation_token])


def test_the_personal_page_links_to_a_question_and_opening_it_cancels_nothing(client):
    registration = register(open_event(capacity=5), "a@example.org")
    page = client.get(registration.get_absolute_url())
    assert f'href="{cancel_url(registration)}"' in page.text
    question = client.get(cancel_url(registration))
    assert question.status_code == 200
    assert "Möchten Sie Ihre Anmeldung für 1 Person wirklich stornieren?" in question.text
    form = question.text.split("wirklich stornieren?")[1].split("</form>")[0]
    assert '<button type="submit"' in form and "Ja, Anmeldung stornieren" in form
    assert question.text.split("wirklich stornieren?")[0].rfind('<form method="post"') > 0
    assert "no-store" in question["Cache-Control"]
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_post_to_the_personal_page_leads_to_the_question_and_cancels_nothing(client):
    registration = register(open_event(capacity=5), "a@example.org")
    response = client.post(registration.get_absolute_url())
    assert response.status_code == 302 and response.url == cancel_url(registration)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_the_waiting_list_is_left_with_its_own_question(client):
    event = open_event(capacity=1)
    register(event, "a@example.org")
    waiting = register(event, "b@example.org")
    question = client.get(cancel_url(waiting))
    assert "wirklich von der Warteliste abmelden?" in question.text
    client.post(cancel_url(waiting))
    waiting.refresh_from_db()
    assert waiting.status == "cancelled"


def test_an_already_cancelled_registration_says_so_and_offers_no_button(
    client, django_capture_on_commit_callbacks
):
    registration = register(open_event(capacity=5), "a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel_url(registration))
        page = client.get(cancel_url(registration))
        client.post(cancel_url(registration))
    assert "bereits storniert" in page.text
    assert "Ja, Anmeldung stornieren" not in page.text
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Abmeldung bestätigt"]


def test_after_the_start_the_question_page_explains_and_cancels_nothing(client):
    registration = register(open_event(capacity=5), "a@example.org")
    Event.objects.filter(pk=registration.event_id).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    page = client.get(cancel_url(registration))
    assert "bereits begonnen" in page.text and "Ja, Anmeldung stornieren" not in page.text
    client.post(cancel_url(registration))
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_the_cancelled_page_offers_no_calendar_entry(client):
    registration = register(open_event(capacity=5), "a@example.org")
    ics = reverse("events:ics", args=[registration.event.slug])
    before = client.get(registration.get_absolute_url()).text
    client.post(cancel_url(registration))
    after = client.get(registration.get_absolute_url()).text
    assert ics in before and "In Kalender übernehmen" in before
    assert "Storniert." in after
    assert ics not in after and "In Kalender übernehmen" not in after


# One registration for a whole series


def series_of(count, *, capacity=10, single_dates_allowed=True, **fields):
    """A series of ``count`` weekly evenings, from a week ahead, that need registration."""
    contact_point = ContactPointFactory()
    series = EventSeries.objects.create(
        title="Digital durchstarten",
        slug="digital-durchstarten",
        contact_point=contact_point,
        single_dates_allowed=single_dates_allowed,
    )
    first = timezone.now() + datetime.timedelta(days=7)
    dates = [
        open_event(
            title=f"Digital durchstarten, Abend {number + 1}",
            contact_point=contact_point,
            series=series,
            capacity=capacity,
            starts_at=first + datetime.timedelta(weeks=number),
            ends_at=first + datetime.timedelta(weeks=number, hours=2),
            **fields,
        )
        for number in range(count)
    ]
    return series, dates


def register_for_series(series, email, persons=1):
    return services.register_for_series(
        series,
        series.bookable_dates(),
        Registration(name="Test", email=email, persons=persons, sender_key="k"),
    )


def test_one_registration_for_a_series_takes_each_date_by_its_own_places(
    django_capture_on_commit_callbacks,
):
    series, dates = series_of(3, capacity=2)
    register(dates[1], "first@example.org", persons=2)  # the second evening is full
    with django_capture_on_commit_callbacks(execute=True):
        series_registration = register_for_series(series, "erika@example.org")
    by_date = {
        registration.event_id: registration.status for registration in series_registration.dates()
    }
    assert by_date == {
        dates[0].pk: "confirmed",
        dates[1].pk: "waiting_list",
        dates[2].pk: "confirmed",
    }
    (email,) = [m for m in mail.outbox if m.to == ["erika@example.org"]]
    assert email.subject == "Anmeldung bestätigt: Digital durchstarten"
    assert email.body.count("Ihr Platz ist reserviert") == 2
    assert email.body.count("auf der Warteliste") == 1
    for registration in series_registration.dates():
        assert registration.get_absolute_url() in email.body
    assert series_registration.get_absolute_url() in email.body
    # Only the first date carries the sender key: a series counts once in the hourly limit.
    assert Registration.objects.filter(sender_key="k").count() == 1


def test_one_evening_of_a_series_is_cancelled_and_the_others_are_kept(
    client, django_capture_on_commit_callbacks
):
    series, dates = series_of(3, capacity=1)
    series_registration = register_for_series(series, "erika@example.org")
    waiting = register(dates[1], "wartet@example.org")
    second = series_registration.registrations.get(event=dates[1])
    page = client.get(series_registration.get_absolute_url())
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert page.text.count("Platz reserviert") == 3
    assert cancel_url(second) in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel_url(second))
    statuses = [registration.status for registration in series_registration.dates()]
    assert statuses == ["confirmed", "cancelled", "confirmed"]
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # the evening's waiting list moved up
    page = client.get(series_registration.get_absolute_url())
    assert page.text.count("Platz reserviert") == 2 and "Storniert" in page.text
    assert cancel_url(second) not in page.text


def test_a_series_registration_is_refused_whole_when_one_date_cannot_take_it():
    series, dates = series_of(3)
    register(dates[2], "erika@example.org")
    with pytest.raises(services.RegistrationError, match="bereits für diese Veranstaltung"):
        register_for_series(series, "Erika@example.org")
    assert not SeriesRegistration.objects.exists()
    assert Registration.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_capacity_of_each_date_holds_when_many_register_for_the_series_at_once():
    series, dates = series_of(3, capacity=3)
    run_at_once(6, lambda number: register_for_series(series, f"person{number}@example.org"))
    for event in dates:
        assert event.registrations.confirmed().persons() == 3
        assert event.registrations.waiting().count() == 3


def test_the_form_offers_this_date_or_all_open_dates_of_the_series(client):
    _series, dates = series_of(3)
    page = client.get(dates[0].get_absolute_url())
    assert "Anmelden für" in page.text and "alle 3 noch offenen Termine der Reihe" in page.text
    one = client.post(dates[0].get_absolute_url(), filled_in(dates="termin"))
    assert one.status_code == 302
    assert list(Registration.objects.values_list("event", flat=True)) == [dates[0].pk]
    every = client.post(
        dates[1].get_absolute_url(), filled_in(dates="reihe", email="zwei@example.org")
    )
    series_registration = SeriesRegistration.objects.get()
    assert every.url == series_registration.get_absolute_url()
    assert [r.event_id for r in series_registration.dates()] == [event.pk for event in dates]


def test_a_date_of_a_series_with_one_open_date_registers_for_that_date_alone(client):
    _series, dates = series_of(2)
    Event.objects.filter(pk=dates[0].pk).update(status=Event.Status.CANCELLED)
    page = client.get(dates[1].get_absolute_url())
    assert "Anmelden für" not in page.text
    client.post(dates[1].get_absolute_url(), filled_in(dates="reihe"))
    assert not SeriesRegistration.objects.exists()
    assert Registration.objects.get().event_id == dates[1].pk


def test_a_course_is_registered_for_as_a_whole_and_closes_when_it_begins(client):
    _series, dates = series_of(3, single_dates_allowed=False)
    page = client.get(dates[1].get_absolute_url())
    assert "Anmelden für" not in page.text
    assert "Ihre Anmeldung gilt für alle 3 Termine dieser Reihe" in page.text
    response = client.post(dates[1].get_absolute_url(), filled_in(dates="termin"))
    assert response.status_code == 302
    assert Registration.objects.filter(series_registration__isnull=False).count() == 3

    Event.objects.filter(pk=dates[0].pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    closed = client.get(dates[1].get_absolute_url())
    assert "mit Beginn des ersten Termins geschlossen" in closed.text
    assert 'name="persons"' not in closed.text
    late = client.post(dates[2].get_absolute_url(), filled_in(email="spaet@example.org"))
    assert late.status_code == 302
    assert not Registration.objects.filter(email="spaet@example.org").exists()


def test_a_series_registration_is_found_and_erased_on_every_date(superuser_client):
    series, _dates = series_of(2)
    register_for_series(series, "erika@example.org")
    person = personal_data.Person(email="erika@example.org")
    exported = personal_data.export(person, None)["registrations"]
    assert len(exported) == 2
    personal_data.erase(person, None)
    assert not Registration.objects.filter(email="erika@example.org").exists()
    assert Registration.objects.filter(series_registration__isnull=False).count() == 2
