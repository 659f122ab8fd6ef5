"""manage.py demo loads a realistic data set, and loading it twice changes nothing."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contactpoints.models import ContactPoint, Inquiry, Membership, Message, Site
from events.models import Event
from groups.models import FoundingAlert, Group, Organisation, Topic
from selbsthilfe import phones

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"contactpoints", "groups", "events", "auth"}
    }


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module inside a transaction that is rolled back after
    it; each test runs in a savepoint within, so what a test changes is undone for the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("demo", "--no-serve", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def test_demo_is_idempotent(demo, capsys):
    before = row_counts()
    slugs = set(Group.objects.values_list("slug", "updated_at"))
    call_command("demo", "--no-serve")
    assert row_counts() == before
    assert set(Group.objects.values_list("slug", "updated_at")) == slugs
    assert "0 groups and 0 events new" in capsys.readouterr().out


def test_demo_has_the_real_contact_points_from_the_seeds(demo):
    lakos = ContactPoint.objects.get(short_name="LAKOS Sachsen")
    site = lakos.sites.get()
    assert (site.street, site.postcode, site.town) == (
        "Königsbrücker Straße 28/30",
        "01099",
        "Dresden",
    )
    assert site.phone == "(0351) 8 10 776 39" and site.fax == "(0351) 8 10 776 37"
    assert {"KISS Zwickau", "SKIS Leipzig", "KISS Chemnitz"} <= set(
        lakos.children.values_list("short_name", flat=True)
    )
    unna = ContactPoint.objects.get(slug="kiss-kreis-unna")
    assert set(unna.sites.values_list("town", "phone")) == {
        ("Unna", "0 23 03 / 27-28 29"),
        ("Lünen", "0 23 06 / 100-610"),
        ("Schwerte", "0 23 04 / 240-70 22"),
    }
    assert ContactPoint.objects.filter(name="Selbsthilfe-Kontaktstelle Dortmund").exists()
    assert not Site.objects.filter(latitude=None).exists()


def test_demo_groups_cover_towns_statuses_formats_and_contact_modes(demo):
    assert Group.objects.count() >= 600
    assert Group.objects.exclude(town="").values("town").distinct().count() >= 40
    for field, choices in [
        ("status", Group.Status),
        ("format", Group.Format),
        ("contact_mode", Group.ContactMode),
    ]:
        assert set(Group.objects.values_list(field, flat=True)) == set(choices.values)
    assert Group.objects.filter(is_listed=False).exists()
    assert Group.objects.filter(meeting_place_public=False).exists()
    assert not Group.objects.filter(topics=None).exists()
    assert not Group.objects.filter(description__icontains="lorem").exists()


def test_every_demo_topic_finds_a_group(demo):
    """A topic the list offers but no group has would find nothing; the draw misses some."""
    public = Group.objects.public()
    empty = [topic.name for topic in Topic.objects.all() if not public.filter(topics=topic)]
    assert empty == []


def test_demo_topics_span_a_to_z_and_all_categories_with_synonyms(demo):
    assert Topic.objects.count() >= 150
    assert set(Topic.objects.values_list("category", flat=True)) == set(Topic.Category.values)
    alcohol = Topic.objects.get(name="Alkoholabhängigkeit")
    assert "Alkohol" in alcohol.synonyms
    assert Topic.objects.get(name="Brustkrebs").parent.name == "Krebs"
    initials = {name[0] for name in Topic.objects.values_list("name", flat=True)}
    assert {"A", "D", "K", "S", "T", "Z"} <= initials


def test_demo_events_include_the_meetup_and_the_training_series(demo):
    meetups = Event.objects.filter(title="Digitaler Stammtisch Junge Selbsthilfe", is_online=True)
    assert meetups.filter(starts_at__lt=Event.objects.latest("starts_at").starts_at).exists()
    series_dates = Event.objects.filter(series__title="Digital durchstarten in der Selbsthilfe")
    assert series_dates.count() == 6
    assert Event.objects.filter(status=Event.Status.CANCELLED).exists()


def test_demo_registrations_fill_every_page_and_the_report(demo):
    events = Event.objects.with_participation()
    upcoming = events.filter(starts_at__gt=timezone.now(), status=Event.Status.SCHEDULED)
    full = [e for e in upcoming if e.capacity and e.free_places == 0]
    assert full and all(e.waiting_persons > 0 for e in full)
    assert any(e.free_places and e.free_places > 0 for e in upcoming if e.registration_required)
    cancelled = events.get(status=Event.Status.CANCELLED)
    assert cancelled.confirmed_persons > 0 and cancelled.cancellation_reason
    past = events.filter(ends_at__lt=timezone.now(), registration_required=True)
    assert past and all(e.attended_persons + e.no_show_persons == e.confirmed_persons for e in past)
    assert sum(e.attended_persons for e in past) > sum(e.no_show_persons for e in past) > 0
    for event in events:
        assert event.capacity is None or event.confirmed_persons <= event.capacity


def test_demo_has_staff_for_every_contact_point_and_a_coordinator(demo):
    for contact_point in ContactPoint.objects.all():
        assert Membership.objects.filter(contact_point=contact_point, user__is_staff=True).exists()
    assert Membership.objects.filter(
        role=Membership.Role.COORDINATOR, contact_point__slug="lakos-sachsen"
    ).exists()
    assert "koordination-lakos" in demo


def test_generated_groups_are_topped_up_not_duplicated(demo):
    call_command("demo", "--no-serve", "--groups", "30")
    call_command("demo", "--no-serve", "--groups", "30")
    assert Group.objects.filter(slug__startswith="gen-").count() == 30


def test_demo_fills_every_comparison_of_last_years_report(demo):
    from contactpoints.models import Inquiry
    from contactpoints.reports import annual_report

    year = timezone.localdate().year - 1
    for contact_point in ContactPoint.objects.all():
        assert Inquiry.objects.filter(contact_point=contact_point, date__year=year).count() > 100
    lakos = annual_report(ContactPoint.objects.get(slug="lakos-sachsen"), year)
    assert lakos.figure("inquiries", "Anfragen").value > 1000
    months = [value for _label, value, _previous in lakos.table("inquiries_by_month").bars]
    assert min(months) > 0 and months[0] > months[7]  # January busier than August
    # Every key figure has a value in the year and in the year before: groups active, in
    # founding and founded, inquiries, events held and the persons who attended.
    for figure in lakos.key_figures:
        assert figure.value > 0 and figure.previous > 0, figure.label
    topics = lakos.table("events_by_topic").figures
    assert any(f.value > 0 and f.previous > 0 for f in topics if f.label != "Ohne Thema")
    unna = annual_report(ContactPoint.objects.get(slug="kiss-kreis-unna"), year)
    attended = unna.figure("events", "Teilgenommen haben")
    assert attended.value > 0 and attended.previous > 0
    founding = unna.figure("groups", "Gruppen in Gründung zum Jahresende")
    assert founding.value > 0 and founding.previous > 0


def test_every_demo_site_has_opening_hours_and_the_lakos_page_names_them_once(demo, client):
    assert not Site.objects.filter(hours=None).exists()
    assert all(site.open_status() is not None for site in Site.objects.all())
    lakos = ContactPoint.objects.get(short_name="LAKOS Sachsen")
    page = client.get(lakos.get_absolute_url()).text
    assert page.count(">Öffnungszeiten<") == 1
    assert '<th scope="row">Freitag</th><td>09:00–13:00</td>' in page
    unna = client.get(ContactPoint.objects.get(slug="kiss-kreis-unna").get_absolute_url()).text
    assert "nach Vereinbarung" in unna


def test_demo_inbox_has_waiting_messages_and_a_founding_alert(demo, client):
    kiss = ContactPoint.objects.get(slug="kiss-kreis-unna")
    waiting = Message.objects.filter(contact_point=kiss).unanswered()
    assert waiting.count() == 3 and waiting.filter(answer_by="phone").exists()
    assert Inquiry.objects.filter(origin="message", contact_point=kiss).count() == 3
    alert = FoundingAlert.objects.get(contact_point=kiss)
    assert alert.topic_text == "Trauer" and alert.interests.count() == 3
    staff = get_user_model().objects.filter(
        memberships__contact_point=kiss, memberships__role="editor"
    )[0]
    client.force_login(staff)
    page = client.get(reverse("admin:index")).text
    assert "3 unbeantwortete Nachrichten" in page and "„Trauer“" in page


def test_demo_has_organisations_with_their_groups_and_a_working_group(demo, client):
    saxony = Organisation.objects.filter(level="state", federal_states=["SN"])
    assert saxony.count() >= 15 and Organisation.objects.filter(level="federal").exists()
    assert Organisation.objects.count() >= 40
    linked = Group.objects.filter(organisation__isnull=False)
    assert linked.exists()
    assert not linked.filter(organisation__level="state").exclude(
        contact_point__federal_state__in=["SN", "NW"]
    ).exists()
    assert "lag-sachsen" in demo
    lag = get_user_model().objects.get(username="lag-sachsen")
    client.force_login(lag)
    assert client.get(reverse("admin:groups_organisation_changelist")).status_code == 200


def test_every_phone_number_of_the_demo_is_one_a_page_can_dial(demo):
    numbers = [
        *Group.objects.exclude(public_phone="").values_list("public_phone", flat=True),
        *Site.objects.exclude(phone="").values_list("phone", flat=True),
        *Site.objects.exclude(fax="").values_list("fax", flat=True),
    ]
    assert len(numbers) > 20
    assert [number for number in numbers if phones.parse(number) is None] == []
