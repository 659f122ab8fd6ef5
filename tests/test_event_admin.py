"""Staff side of events: participant lists, cancelling, copying, attendance, capacity."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    TopicFactory,
    admin_form_data,
    admin_url,
    staff_client,
)

pytestmark = pytest.mark.django_db


def register(event, email, persons=1, name="Test"):
    return services.register(event, Registration(name=name, email=email, persons=persons))


@pytest.fixture
def own_event(world):
    return EventFactory(
        title="Zwickauer Stammtisch",
        contact_point=world["zwickau"],
        registration_required=True,
        capacity=2,
    )


def test_participant_csv_lists_places_then_waiting_list_and_neutralises_formulas(
    client, world, own_event
):
    staff_client(client, world["zwickau"])
    register(own_event, "b@example.org", name="Berta")
    register(own_event, "a@example.org", name='=HYPERLINK("http://evil")')
    register(own_event, "w@example.org", name="Wartende")
    url = reverse("admin:events_event_participants", args=[own_event.pk])
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Veranstaltung", "Termin", "Name"]
    assert [(row[2], row[6]) for row in rows[1:]] == [
        ("Berta", "Bestätigt"),
        ('\'=HYPERLINK("http://evil")', "Bestätigt"),
        ("Wartende", "Warteliste"),
    ]


def test_other_contact_points_participants_stay_hidden(client, world):
    staff_client(client, world["zwickau"])
    foreign = world["foreign_event"]
    for name in ["participants", "cancel", "copy"]:
        assert (
            client.get(reverse(f"admin:events_event_{name}", args=[foreign.pk])).status_code == 404
        )
    assert client.post(reverse("admin:events_event_cancel", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Event.Status.SCHEDULED


def test_cancelling_an_event_emails_everyone_registered(
    client, world, own_event, django_capture_on_commit_callbacks
):
    staff_client(client, world["zwickau"])
    register(own_event, "a@example.org")
    register(own_event, "b@example.org")
    register(own_event, "waiting@example.org")
    services.cancel_registration(register(own_event, "gone@example.org"))
    url = reverse("admin:events_event_cancel", args=[own_event.pk])
    assert "3 Anmeldungen" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Der Raum ist nicht verfügbar."})
    assert response.status_code == 302
    own_event.refresh_from_db()
    assert own_event.status == Event.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a@example.org",
        "b@example.org",
        "waiting@example.org",
    ]
    assert all("Der Raum ist nicht verfügbar." in m.body for m in mail.outbox)
    assert all(m.subject.startswith("Abgesagt:") for m in mail.outbox)
    assert own_event.history.first().history_change_reason == "Veranstaltung abgesagt"


def test_copying_an_event_moves_times_and_keeps_topics(client, world, own_event):
    staff_client(client, world["zwickau"])
    own_event.registration_deadline = own_event.starts_at - datetime.timedelta(days=2)
    own_event.save()
    own_event.topics.add(TopicFactory(name="Junge Selbsthilfe"))
    register(own_event, "a@example.org")
    new_start = timezone.localtime(own_event.starts_at) + datetime.timedelta(days=61)
    url = reverse("admin:events_event_copy", args=[own_event.pk])
    response = client.post(
        url, {"starts_at_0": f"{new_start:%Y-%m-%d}", "starts_at_1": f"{new_start:%H:%M}"}
    )
    copy = Event.objects.exclude(pk=own_event.pk).get(title="Zwickauer Stammtisch")
    assert response.url == admin_url(copy)
    assert copy.starts_at == new_start.replace(second=0, microsecond=0)
    assert copy.ends_at - copy.starts_at == own_event.ends_at - own_event.starts_at
    assert copy.starts_at - copy.registration_deadline == datetime.timedelta(days=2)
    assert list(copy.topics.values_list("name", flat=True)) == ["Junge Selbsthilfe"]
    assert copy.registrations.count() == 0 and copy.slug != own_event.slug


def test_copying_to_a_past_date_is_refused(client, world, own_event):
    staff_client(client, world["zwickau"])
    url = reverse("admin:events_event_copy", args=[own_event.pk])
    page = client.post(url, {"starts_at_0": "2020-01-01", "starts_at_1": "18:00"})
    assert page.status_code == 200
    assert "in der Zukunft" in page.text
    assert Event.objects.filter(title="Zwickauer Stammtisch").count() == 1


def test_raising_the_capacity_moves_the_waiting_list_up(
    client, world, own_event, django_capture_on_commit_callbacks
):
    staff_client(client, world["zwickau"])
    register(own_event, "a@example.org", persons=2)
    waiting = register(own_event, "w@example.org")
    url = admin_url(own_event)
    data = admin_form_data(client, url, capacity="3")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["w@example.org"]]


def test_attendance_is_marked_after_the_event_only(client, world, own_event):
    staff_client(client, world["zwickau"])
    came = register(own_event, "a@example.org")
    register(own_event, "b@example.org")
    changelist = reverse("admin:events_registration_changelist")
    ids = list(own_event.registrations.values_list("pk", flat=True))
    client.post(changelist, {"action": "mark_attended", "_selected_action": ids})
    assert not own_event.registrations.exclude(attendance="").exists()

    Event.objects.filter(pk=own_event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.post(changelist, {"action": "mark_attended", "_selected_action": [came.pk]})
    client.post(changelist, {"action": "mark_no_show", "_selected_action": [ids[1]]})
    figures = Event.objects.with_participation().get(pk=own_event.pk)
    assert (figures.attended_persons, figures.no_show_persons) == (1, 1)


def test_staff_cancel_action_moves_the_waiting_list_up(client, world, own_event):
    staff_client(client, world["zwickau"])
    first = register(own_event, "a@example.org", persons=2)
    waiting = register(own_event, "w@example.org")
    changelist = reverse("admin:events_registration_changelist")
    client.post(changelist, {"action": "cancel_registrations", "_selected_action": [first.pk]})
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_event_list_shows_registration_figures(client, world, own_event):
    staff_client(client, world["zwickau"])
    register(own_event, "a@example.org", persons=2)
    register(own_event, "w@example.org")
    page = client.get(reverse("admin:events_event_changelist"))
    assert "2 / 2 · 1 wartend" in page.text


def test_staff_register_a_caller_after_the_deadline(
    client, world, own_event, django_capture_on_commit_callbacks
):
    staff_client(client, world["zwickau"])
    own_event.registration_deadline = timezone.now() - datetime.timedelta(hours=1)
    own_event.save()
    url = reverse("admin:events_registration_add")
    data = {
        "event": own_event.pk,
        "name": "Anrufer",
        "email": "anruf@example.org",
        "phone": "",
        "persons": "6",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    registration = Registration.objects.get(email="anruf@example.org")
    assert registration.persons == 6
    assert registration.status == Registration.Status.WAITING_LIST  # 6 persons, 2 places
    assert [m.to for m in mail.outbox] == [["anruf@example.org"]]

    again = client.post(url, data | {"persons": "1"})
    assert again.status_code == 200
    assert "bereits für diese Veranstaltung angemeldet" in again.text
    assert Registration.objects.filter(email="anruf@example.org").count() == 1


def test_staff_cannot_register_for_other_contact_points_events(client, world):
    staff_client(client, world["zwickau"])
    foreign = world["foreign_event"]
    foreign.registration_required = True
    foreign.save()
    data = {"event": foreign.pk, "name": "X", "email": "x@example.org", "persons": "1"}
    page = client.post(reverse("admin:events_registration_add"), data)
    assert page.status_code == 200
    assert not Registration.objects.exists()


def test_a_past_event_shows_as_held_and_a_registration_never_links_its_personal_page(
    superuser_client,
):
    past = EventFactory(title="Rückblick", starts_at=timezone.now() - datetime.timedelta(days=3),
                        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2))  # fmt: skip
    EventFactory(title="Vorschau")
    listing = superuser_client.get(reverse("admin:events_event_changelist")).text
    row_of = {title: listing[listing.index(title) :].split("</tr>")[0] for title in
              ("Rückblick", "Vorschau")}  # fmt: skip
    assert "stattgefunden" in row_of["Rückblick"] and "geplant" in row_of["Vorschau"]
    assert "stattgefunden" in superuser_client.get(admin_url(past)).text
    registration = RegistrationFactory(event=past)
    page = superuser_client.get(admin_url(registration)).text
    assert registration.cancellation_token not in page
    assert f'href="{past.get_absolute_url()}"' in page


def test_the_participants_are_on_a_page_of_their_own(client, world, own_event):
    staff_client(client, world["zwickau"])
    register(own_event, "erika@example.org")
    form = client.get(admin_url(own_event)).text
    assert "erika@example.org" not in form  # not at the bottom of a long form
    link = reverse("admin:events_registration_changelist") + f"?event__id__exact={own_event.pk}"
    assert link.replace("&", "&amp;") in form and "1 Anmeldung." in form
    participants = client.get(link)
    assert participants.status_code == 200 and "erika@example.org" in participants.text


def test_a_new_event_belongs_to_the_editor_s_only_contact_point_from_the_start(client, world):
    staff_client(client, world["zwickau"])
    response = client.get(reverse("admin:events_event_add"))
    assert response.context["adminform"].form.initial["contact_point"] == world["zwickau"].pk
    own = world["zwickau"].pk
    assert f'<option value="{own}" selected>KISS Zwickau</option>' in response.text


def test_a_coordinator_of_several_contact_points_chooses_the_event_s_contact_point(
    client, world
):
    staff_client(client, world["lakos"], role="coordinator")  # LAKOS and KISS Zwickau
    form = client.get(reverse("admin:events_event_add")).context["adminform"].form
    assert "contact_point" not in form.initial


def test_the_cancellation_reason_shows_only_on_a_cancelled_event_and_the_cancel_page(
    client, world, own_event
):
    staff_client(client, world["zwickau"])
    assert "Grund der Absage" not in client.get(reverse("admin:events_event_add")).text
    assert "Grund der Absage" not in client.get(admin_url(own_event)).text
    # Posted anyway to a scheduled event, a reason is not taken.
    client.post(admin_url(own_event), admin_form_data(
        client, admin_url(own_event), cancellation_reason="Heimlich"))  # fmt: skip
    own_event.refresh_from_db()
    assert own_event.cancellation_reason == "" and not own_event.is_cancelled
    assert "Grund der Absage" in client.get(reverse("admin:events_event_cancel",
                                                    args=[own_event.pk])).text  # fmt: skip
    services.cancel_event(own_event, "Krankheit")
    page = client.get(admin_url(own_event)).text
    assert "Grund der Absage" in page and "Krankheit" in page
