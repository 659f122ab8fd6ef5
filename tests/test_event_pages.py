"""The public event calendar, archive, event and series pages, and the iCalendar files."""

import datetime
import json
import re

import icalendar
import pytest
from django.utils import timezone, translation

from events import services
from events.models import EventSeries, Registration
from tests.factories import ContactPointFactory, EventFactory, SiteFactory, TopicFactory

pytestmark = pytest.mark.django_db


def in_days(days, hour=18):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def event_on(days, **fields):
    starts_at = in_days(days)
    return EventFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **fields
    )


@pytest.fixture
def calendar():
    """Events of two contact points in two states, online and in person, past and upcoming."""
    unna = ContactPointFactory(
        name="K.I.S.S. Kreis Unna",
        slug="kiss-kreis-unna",
        federal_state="NW",
        email="kiss@kreis-unna.example",
    )
    leipzig = ContactPointFactory(name="SKIS Leipzig", slug="skis-leipzig", federal_state="SN")
    demenz = TopicFactory(name="Demenz", slug="demenz")
    site = SiteFactory(contact_point=unna, name="K.I.S.S. Lünen", phone="02306 123456")
    training = event_on(
        3,
        title="Digital durchstarten",
        contact_point=unna,
        kind="training",
        venue_site=site,
        registration_required=True,
        capacity=4,
    )
    stammtisch = event_on(
        40,
        title="Digitaler Stammtisch",
        contact_point=leipzig,
        kind="meetup",
        is_online=True,
        online_join_url="https://meet.example/geheim",
    )
    vortrag = event_on(
        10,
        title="Vortrag Demenz",
        contact_point=leipzig,
        kind="information",
        street="Markt 1",
        postcode="04109",
        town="Leipzig",
    )
    vortrag.topics.add(demenz)
    past = event_on(-30, title="Selbsthilfetag", contact_point=unna, kind="self_help_day")
    return {
        "unna": unna,
        "leipzig": leipzig,
        "training": training,
        "stammtisch": stammtisch,
        "vortrag": vortrag,
        "past": past,
        "demenz": demenz,
    }


def titles(page) -> list[str]:
    return [event.title for event in page.context["events"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Digital durchstarten", "Vortrag Demenz", "Digitaler Stammtisch"]),
        ({"kontaktstelle": "skis-leipzig"}, ["Vortrag Demenz", "Digitaler Stammtisch"]),
        ({"land": "NW"}, ["Digital durchstarten"]),
        ({"art": "meetup"}, ["Digitaler Stammtisch"]),
        ({"thema": "demenz"}, ["Vortrag Demenz"]),
        ({"format": "online"}, ["Digitaler Stammtisch"]),
        ({"format": "vor-ort", "land": "SN"}, ["Vortrag Demenz"]),
    ],
)
def test_calendar_filters(client, calendar, params, expected):
    page = client.get("/veranstaltungen/", params)
    assert page.status_code == 200
    assert titles(page) == expected


def test_calendar_filters_by_month(client, calendar):
    month = timezone.localtime(calendar["stammtisch"].starts_at).strftime("%Y-%m")
    page = client.get("/veranstaltungen/", {"monat": month})
    assert "Digitaler Stammtisch" in titles(page)
    assert all(
        timezone.localtime(e.starts_at).strftime("%Y-%m") == month for e in page.context["events"]
    )


@pytest.mark.parametrize(
    "params",
    [
        {"monat": "2026-13"},
        {"monat": "'; drop table"},
        {"kontaktstelle": "gibt-es-nicht"},
        {"land": "XX", "art": "party", "format": "beides", "thema": "<script>"},
        {"page": "999"},
    ],
)
def test_calendar_survives_bad_parameters(client, calendar, params):
    page = client.get("/veranstaltungen/", params)
    assert page.status_code in (200, 404)
    assert "<script>" not in page.text.split("</head>")[1]


def test_archive_lists_past_events_latest_first(client, calendar):
    event_on(-60, title="Älteres Treffen", contact_point=calendar["unna"])
    page = client.get("/veranstaltungen/archiv/")
    assert titles(page) == ["Selbsthilfetag", "Älteres Treffen"]


def test_calendar_groups_by_month_and_shows_free_places(client, calendar):
    services.register(
        calendar["training"], Registration(name="A", email="a@example.org", persons=1)
    )
    page = client.get("/veranstaltungen/")
    assert "noch 3 Plätze frei" in page.text
    month_heading = timezone.localtime(calendar["training"].starts_at)
    assert re.search(r"<h2[^>]*>\s*\w+ " + str(month_heading.year), page.text)


def test_calendar_needs_the_same_queries_for_many_events(
    client, calendar, django_assert_max_num_queries
):
    for number in range(20):
        event_on(
            5 + number,
            contact_point=calendar["leipzig"],
            registration_required=True,
            capacity=10,
            venue_site=SiteFactory(contact_point=calendar["leipzig"]),
        )
    with django_assert_max_num_queries(6):
        assert client.get("/veranstaltungen/").status_code == 200


def test_event_page_shows_places_deadline_organiser_and_structured_data(client, calendar):
    event = calendar["training"]
    event.registration_deadline = event.starts_at - datetime.timedelta(days=1)
    event.save()
    for number in range(4):
        services.register(event, Registration(name="A", email=f"{number}@example.org"))
    page = client.get(event.get_absolute_url())
    assert "Ausgebucht – Warteliste" in page.text
    assert "Auf die Warteliste setzen" in page.text
    assert "Anmeldung möglich bis" in page.text
    assert "K.I.S.S. Kreis Unna" in page.text and "02306 123456" in page.text
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page.text, re.S)[1])
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["address"]["addressLocality"] == "Lünen"
    assert data["remainingAttendeeCapacity"] == 0


def test_online_event_page_has_a_virtual_location_and_no_join_link(client, calendar):
    page = client.get(calendar["stammtisch"].get_absolute_url())
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page.text, re.S)[1])
    assert data["location"]["@type"] == "VirtualLocation"
    assert "geheim" not in page.text


def test_cancelled_event_says_so_and_takes_no_registrations(client, calendar):
    services.cancel_event(calendar["training"], "Die Referentin ist erkrankt.")
    page = client.get(calendar["training"].get_absolute_url())
    assert "abgesagt" in page.text and "Die Referentin ist erkrankt." in page.text
    assert 'name="persons"' not in page.text
    assert "EventCancelled" in page.text


def test_series_page_lists_its_dates(client, calendar):
    series = EventSeries.objects.create(
        title="Digital durchstarten", slug="digital-durchstarten", contact_point=calendar["unna"]
    )
    dates = [
        event_on(7 * n + 1, title=f"Abend {n + 1}", series=series, contact_point=calendar["unna"])
        for n in range(3)
    ]
    page = client.get(series.get_absolute_url())
    assert page.status_code == 200
    assert [e.title for e in page.context["events"]] == ["Abend 1", "Abend 2", "Abend 3"]
    assert "3 Termine" in page.text
    detail = client.get(dates[0].get_absolute_url())
    further = detail.text.split("Weitere Termine")[1].split("</ul>")[0]
    assert dates[1].get_absolute_url() in further and dates[2].get_absolute_url() in further
    assert dates[0].get_absolute_url() not in further


def test_reserved_slugs_are_refused():
    event = EventFactory.build(slug="archiv", contact_point=ContactPointFactory())
    with pytest.raises(Exception, match="reserviert"):
        event.full_clean()


# iCalendar


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_single_event_ics_is_valid_with_berlin_time(client, calendar):
    event = calendar["training"]
    cal = parse(client.get(f"/veranstaltungen/{event.slug}/kalender.ics"))
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at
    assert str(vevent["SUMMARY"]) == "Digital durchstarten"
    assert "K.I.S.S. Lünen" in str(vevent["LOCATION"])
    assert str(vevent["URL"]).endswith(event.get_absolute_url())
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in vevent


def test_berlin_timezone_component_gives_summer_and_winter_offsets(client, calendar):
    cal = parse(client.get("/veranstaltungen/kalender.ics"))
    zone = cal.walk("VTIMEZONE")[0].to_tz()
    assert zone.utcoffset(datetime.datetime(2027, 7, 1, 12)) == datetime.timedelta(hours=2)
    assert zone.utcoffset(datetime.datetime(2027, 1, 15, 12)) == datetime.timedelta(hours=1)


def test_feed_has_upcoming_and_cancelled_events_and_no_join_link(client, calendar):
    services.cancel_event(calendar["vortrag"])
    event_on(-200, title="Lange her", contact_point=calendar["unna"])
    response = client.get("/veranstaltungen/kalender.ics")
    cal = parse(response)
    summaries = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    assert {"Digital durchstarten", "Vortrag Demenz", "Digitaler Stammtisch"} <= set(summaries)
    assert "Lange her" not in summaries
    assert str(summaries["Vortrag Demenz"]["STATUS"]) == "CANCELLED"
    assert str(summaries["Digitaler Stammtisch"]["LOCATION"]) == "Online"
    assert b"geheim" not in response.content


def test_contact_point_feed_has_only_its_events(client, calendar):
    cal = parse(client.get("/kontaktstellen/skis-leipzig/kalender.ics"))
    assert {str(e["SUMMARY"]) for e in cal.walk("VEVENT")} == {
        "Vortrag Demenz",
        "Digitaler Stammtisch",
    }
    assert client.get("/kontaktstellen/gibt-es-nicht/kalender.ics").status_code == 404


def test_pages_link_the_calendar_files(client, calendar):
    event = calendar["training"]
    assert (
        f"/veranstaltungen/{event.slug}/kalender.ics" in client.get(event.get_absolute_url()).text
    )
    listing = client.get("/veranstaltungen/").text
    assert "Kalender abonnieren" in listing and "/veranstaltungen/kalender.ics" in listing
    filtered = client.get("/veranstaltungen/", {"kontaktstelle": "skis-leipzig"}).text
    assert "/kontaktstellen/skis-leipzig/kalender.ics" in filtered


def test_event_fields_round_trip_through_the_ics_with_special_characters(client, calendar):
    event = calendar["vortrag"]
    event.title = "Vortrag; Demenz, verstehen \\ Hilfen – für Angehörige"
    event.description = "Zeile 1\nZeile 2 mit einer sehr langen Beschreibung " + "x" * 200
    event.save()
    cal = parse(client.get(f"/veranstaltungen/{event.slug}/kalender.ics"))
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["DESCRIPTION"]).startswith("Zeile 1\nZeile 2")


def test_event_page_of_an_unknown_slug_is_404(client):
    assert client.get("/veranstaltungen/gibt-es-nicht/").status_code == 404
    assert client.get("/veranstaltungen/gibt-es-nicht/kalender.ics").status_code == 404
    assert client.get("/veranstaltungen/reihe/gibt-es-nicht/").status_code == 404


def test_contact_point_page_lists_its_events_and_links_its_calendar(client, calendar):
    page = client.get(calendar["leipzig"].get_absolute_url())
    assert "Vortrag Demenz" in page.text and "Digital durchstarten" not in page.text
    assert "/kontaktstellen/skis-leipzig/kalender.ics" in page.text
    assert "/veranstaltungen/?kontaktstelle=skis-leipzig" in page.text


def test_dates_read_as_each_language_writes_them(client):
    berlin = timezone.get_default_timezone()
    starts = datetime.datetime(2030, 12, 17, 18, 0, tzinfo=berlin)
    event = EventFactory(title="Abendtreff", starts_at=starts,
                         ends_at=starts + datetime.timedelta(hours=2))  # fmt: skip
    german = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").text
    assert "Dienstag, 17. Dezember 2030, 18:00</time>–<time" in german
    assert "20:00 Uhr</time>" in german
    with translation.override("de"):  # (the request activates English for the thread)
        english = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Tuesday, 17 December 2030, 18:00</time>–<time" in english
    assert "20:00</time>" in english and "o'clock" not in english and "Uhr" not in english


# Place and radius


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Lünen's site is 14 km from Unna; the online meetup stays listed.
        ({"ort": "Unna"}, ["Digital durchstarten", "Digitaler Stammtisch"]),
        ({"ort": "59423", "umkreis": "5"}, ["Digitaler Stammtisch"]),
        ({"ort": "Unna", "format": "vor-ort"}, ["Digital durchstarten"]),
        ({"ort": "04109 Leipzig", "umkreis": "10"}, ["Vortrag Demenz", "Digitaler Stammtisch"]),
        ({"ort": "Leipzig", "umkreis": "5"}, ["Vortrag Demenz", "Digitaler Stammtisch"]),
        ({"ort": "Dresden", "umkreis": "50"}, ["Digitaler Stammtisch"]),
        ({"ort": "ganz Deutschland"}, ["Digital durchstarten", "Vortrag Demenz",
                                      "Digitaler Stammtisch"]),
    ],
)
def test_calendar_filters_by_place_and_radius(client, calendar, german_places, params, expected):
    page = client.get("/veranstaltungen/", params)
    assert page.status_code == 200
    assert titles(page) == expected


def test_an_event_with_a_town_but_no_postcode_is_placed_by_its_town(
    client, calendar, german_places
):
    event_on(5, title="Treffen Schwerte", contact_point=calendar["unna"], town="Schwerte")
    page = client.get("/veranstaltungen/", {"ort": "Unna", "umkreis": "25", "format": "vor-ort"})
    assert titles(page) == ["Digital durchstarten", "Treffen Schwerte"]
    assert re.search(r"Schwerte \(1\d km entfernt\)", page.text)
    near = client.get("/veranstaltungen/", {"ort": "Unna", "umkreis": "10", "format": "vor-ort"})
    assert titles(near) == []


def test_an_unknown_place_is_explained_and_filters_nothing(client, calendar, german_places):
    page = client.get("/veranstaltungen/", {"ort": "Xqzwtt", "umkreis": "abc"})
    assert page.status_code == 200
    assert "Diesen Ort haben wir nicht gefunden" in page.text
    assert len(titles(page)) == 3


def test_the_filter_button_counts_the_active_filters(client, calendar, german_places):
    page = client.get("/veranstaltungen/", {"land": "NW", "ort": "Unna", "umkreis": "50"})
    summary = page.text.split("<summary")[1].split("</summary>")[0]
    assert "Filter" in summary and ">2<" in summary and "aktiv" in summary
    unfiltered = client.get("/veranstaltungen/").text.split("<summary")[1]
    assert "aktiv" not in unfiltered.split("</summary>")[0]


def test_calendar_with_a_place_needs_few_queries(
    client, calendar, german_places, django_assert_max_num_queries
):
    for number in range(10):
        event_on(5 + number, contact_point=calendar["unna"], postcode="59423", town="Unna")
    with django_assert_max_num_queries(7):
        page = client.get("/veranstaltungen/", {"ort": "Unna"})
    assert len(titles(page)) == 12
