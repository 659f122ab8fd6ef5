"""The sitemap, robots.txt, the Meeting Guide feed and the data licence: public pages and
facts only."""

import datetime
import re

import pytest
from django.urls import reverse

from groups.models import Organisation
from tests.factories import ContactPointFactory, EventFactory, GroupFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(german_places):
    kiss = ContactPointFactory(slug="kiss-kreis-unna", federal_state="NW")
    topic = TopicFactory(name="Trauer", slug="trauer")
    shown = GroupFactory(name="Trauercafé", slug="trauercafe", contact_point=kiss, weekday=2,
                         frequency="weekly", starts_at=datetime.time(18),
                         ends_at=datetime.time(20), street="Markt 1", step_free=True)  # fmt: skip
    hidden_place = GroupFactory(name="Leise Runde", slug="leise-runde", contact_point=kiss,
                                weekday=4, frequency="weekly", street="Geheimweg 2",
                                meeting_place_public=False)  # fmt: skip
    GroupFactory(name="Nicht gelistet", slug="nicht-gelistet", is_listed=False, weekday=1)
    GroupFactory(name="Beendet", slug="beendet", status="ended",
                 ended_on=datetime.date(2025, 1, 1), weekday=1)  # fmt: skip
    Organisation.objects.create(name="Verband", slug="verband", level="federal")
    Organisation.objects.create(name="Versteckt", slug="versteckt", level="federal",
                                is_listed=False)  # fmt: skip
    EventFactory(slug="infoabend", contact_point=kiss)
    for group in (shown, hidden_place):
        group.topics.add(topic)
    return {"shown": shown, "hidden_place": hidden_place}


def locations(client) -> set[str]:
    index = client.get(reverse("sitemap")).text
    found = set()
    for section in re.findall(r"<loc>([^<]+)</loc>", index):
        found |= set(re.findall(r"<loc>([^<]+)</loc>", client.get(section).text))
    return found


def test_the_sitemap_lists_the_public_pages_only(client, public):
    pages = {re.sub(r"^https?://[^/]+", "", url) for url in locations(client)}
    for path in ["/gruppen/trauercafe/", "/gruppen/leise-runde/", "/themen/trauer/",
                 "/organisationen/verband/", "/kontaktstellen/kiss-kreis-unna/",
                 "/veranstaltungen/infoabend/", "/gruppen/"]:  # fmt: skip
        assert path in pages, path
    for path in ["/gruppen/nicht-gelistet/", "/gruppen/beendet/", "/organisationen/versteckt/"]:
        assert path not in pages, path


def test_robots_txt_keeps_the_staff_area_out_and_names_the_sitemap(client, public):
    text = client.get("/robots.txt").text
    assert "Disallow: /verwaltung/" in text and "Sitemap: http://testserver/sitemap.xml" in text


def test_the_meeting_feed_has_the_regular_meetings_as_the_pages_show_them(client, public):
    meetings = {m["slug"]: m for m in client.get(reverse("groups:meetings")).json()}
    assert set(meetings) == {"trauercafe", "leise-runde"}
    cafe = meetings["trauercafe"]
    assert (cafe["day"], cafe["time"], cafe["end_time"]) == (3, "18:00", "20:00")  # Wednesday
    assert "Markt 1" in cafe["formatted_address"] and "X" in cafe["types"]
    assert cafe["url"].endswith("/gruppen/trauercafe/")
    quiet = meetings["leise-runde"]
    assert "Geheimweg" not in str(quiet) and quiet["formatted_address"] == "Lünen, Deutschland"
    assert client.get(reverse("groups:meetings"), {"state": "SN"}).json() == []
    assert client.get(reverse("groups:meetings"), {"state": "XX"}).status_code == 400


def test_the_licence_is_named_on_every_page_and_in_the_api(client, public, settings):
    settings.OPEN_DATA_LICENCE = "CC BY 4.0"
    assert "Daten: CC BY 4.0" in client.get("/").text
    assert client.get(reverse("groups:hsds")).json()["licence"] == "CC BY 4.0"


def test_atom_feeds_per_state_and_contact_point_carry_public_entries_only(client, public):
    page = client.get("/feeds/nw/gruppen.atom")
    assert page["Content-Type"].startswith("application/atom+xml")
    assert "Trauercafé (Lünen)" in page.text and "Leise Runde" in page.text
    assert "Nicht gelistet" not in page.text and "Beendet" not in page.text
    assert "Trauercafé" not in client.get("/feeds/sn/gruppen.atom").text
    assert client.get("/feeds/xx/gruppen.atom").status_code == 404
    events = client.get("/kontaktstellen/kiss-kreis-unna/veranstaltungen.atom").text
    assert "Infoabend" in events
    assert client.get("/kontaktstellen/unbekannt/gruppen.atom").status_code == 404
    assert "/kontaktstellen/kiss-kreis-unna/gruppen.atom" in client.get(
        "/kontaktstellen/kiss-kreis-unna/").text  # fmt: skip
