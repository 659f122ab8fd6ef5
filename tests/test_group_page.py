"""The public page of a group: its facts under its privacy settings, JSON-LD, ended groups."""

import datetime
import json
import re

import pytest

from tests.factories import GroupFactory, SiteFactory, TopicFactory


def json_ld(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def group(german_places):
    site = SiteFactory(name="K.I.S.S. Lünen", phone="02306 123456")
    group = GroupFactory(
        name="Angehörige Demenz Lünen",
        contact_point=site.contact_point,
        venue_name="Gemeindehaus",
        street="Marktplatz 2",
        frequency="monthly",
        weekday=1,
        week_of_month=2,
        starts_at=datetime.time(18),
        ends_at=datetime.time(20),
        step_free=True,
        languages=["de", "tr"],
        audience="relatives",
        last_verified_on=datetime.date(2026, 9, 1),
    )
    group.topics.add(TopicFactory(name="Demenz"))
    return group


def test_group_page_shows_schedule_next_dates_place_and_accessibility(client, group):
    page = client.get(group.get_absolute_url()).text
    assert "Jeden 2. Dienstag im Monat, 18:00–20:00 Uhr" in page
    assert page.count("<time datetime=") == 3
    assert "Marktplatz 2" in page and "Gemeindehaus" in page
    assert "Barrierefreier Zugang" in page or "barrierefreier Zugang" in page.lower()
    assert "Türkisch" in page
    assert "Angehörige" in page
    assert "Angaben zuletzt geprüft am 1. September 2026" in page
    assert f'rel="canonical" href="http://testserver{group.get_absolute_url()}"' in page


def test_contact_through_the_contact_point_lists_its_sites_and_hides_the_group(client, group):
    group.public_email = "gruppe@example.org"
    group.contact_person_email = "intern@example.org"
    group.save()
    page = client.get(group.get_absolute_url()).text
    assert "Kontakt über die Kontaktstelle „" in page
    assert "02306 123456" in page
    assert "gruppe@example.org" not in page and "intern@example.org" not in page
    assert "gruppe@example.org" not in json.dumps(json_ld(page))


def test_direct_contact_shows_the_groups_own_details(client, group):
    group.contact_mode = "direct"
    group.public_email = "gruppe@example.org"
    group.save()
    page = client.get(group.get_absolute_url()).text
    assert 'href="mailto:gruppe@example.org"' in page
    assert json_ld(page)["email"] == "gruppe@example.org"


def test_json_ld_describes_the_group_and_respects_a_hidden_meeting_place(client, group):
    data = json_ld(client.get(group.get_absolute_url()).text)
    assert data["@type"] == "Organization"
    assert data["name"] == group.name
    assert data["address"]["streetAddress"] == "Marktplatz 2"
    group.meeting_place_public = False
    group.save()
    page = client.get(group.get_absolute_url()).text
    assert "streetAddress" not in json_ld(page)["address"]
    assert "Marktplatz 2" not in page
    assert "Treffpunkt auf Anfrage" in page


def test_json_ld_cannot_break_out_of_its_script(client, group):
    group.description = "</script><script>alert(1)</script>"
    group.save()
    page = client.get(group.get_absolute_url()).text
    assert "<script>alert(1)" not in page
    assert json_ld(page)["description"] == group.description


def test_online_group_shows_online_instead_of_an_address(client, group):
    group.format = "online"
    group.save()
    page = client.get(group.get_absolute_url()).text
    assert "Marktplatz 2" not in page
    assert "per Video" in page


def test_ended_group_answers_404_with_similar_groups(client, group):
    similar = GroupFactory(name="Gesprächskreis Demenz Lünen")
    similar.topics.add(*group.topics.all())
    group.status = "ended"
    group.ended_on = datetime.date(2026, 6, 30)
    group.save()
    response = client.get(group.get_absolute_url())
    assert response.status_code == 404
    assert "trifft sich nicht mehr" in response.text
    assert similar.get_absolute_url() in response.text


def test_unlisted_group_is_a_plain_404(client, group):
    group.is_listed = False
    group.save()
    response = client.get(group.get_absolute_url())
    assert response.status_code == 404
    assert group.name not in response.text
