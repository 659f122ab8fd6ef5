"""The public skeleton pages answer and respect privacy; bad input never gives a 500."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import EventFactory, GroupFactory

pytestmark = pytest.mark.django_db


def test_home_page_has_search_form_and_skip_link(client, listed_group):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert 'action="/gruppen/"' in response.text
    assert 'name="q"' in response.text and 'name="ort"' in response.text
    assert 'href="#main"' in response.text
    assert "Zum Inhalt springen" in response.text


def test_home_page_shows_the_next_three_scheduled_events(client, listed_group):
    from django.utils import timezone

    def on(days, **fields):
        start = timezone.now() + datetime.timedelta(days=days)
        return EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), **fields)

    on(-3, title="Vorbei")
    on(2, title="Abgesagt", status="cancelled")
    for days in (1, 3, 5, 7):
        on(days, title=f"In {days} Tagen")
    page = client.get("/").text
    positions = [page.index(f"In {days} Tagen") for days in (1, 3, 5)]
    assert positions == sorted(positions)
    assert "In 7 Tagen" not in page and "Vorbei" not in page and "Abgesagt" not in page


def test_pages_load_assets_only_from_own_origin(client, listed_group):
    response = client.get("/")
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in response.text
    assert "https://" not in response.text.split("<body")[0]
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/gruppen/",
        "/themen/",
        "/kontaktstellen/",
        "/veranstaltungen/",
        "/impressum/",
        "/datenschutz/",
    ],
)
def test_public_pages_answer(client, listed_group, url):
    assert client.get(url).status_code == 200


def test_search_form_finds_group_by_topic_and_town(client, listed_group):
    response = client.get(reverse("groups:list"), {"q": "Depression", "ort": "Lünen"})
    assert listed_group.name in response.text


def test_detail_pages_answer(client, listed_group):
    event = EventFactory(contact_point=listed_group.contact_point)
    for obj in [listed_group, listed_group.contact_point, event, listed_group.topics.get()]:
        assert client.get(obj.get_absolute_url()).status_code == 200


def test_ended_and_unlisted_groups_are_not_public(client):
    ended = GroupFactory(status="ended", ended_on=datetime.date(2024, 1, 1))
    unlisted = GroupFactory(is_listed=False)
    for group in (ended, unlisted):
        assert client.get(group.get_absolute_url()).status_code == 404
        assert group.name not in client.get(reverse("groups:list")).text


def test_contact_via_contact_point_hides_the_groups_own_contact(client, listed_group):
    listed_group.public_email = "geheim@example.org"
    listed_group.save()
    response = client.get(listed_group.get_absolute_url())
    assert "geheim@example.org" not in response.text
    assert listed_group.contact_point.name in response.text


@pytest.mark.parametrize(
    "params", [{"q": "x" * 5000}, {"q": "Depr\x00ession"}, {"ort": "\x00"}, {"q": "%", "ort": "'"}]
)
def test_malformed_search_input_never_crashes(client, listed_group, params):
    assert client.get(reverse("groups:list"), params).status_code in {200, 400}


def test_language_can_be_switched_to_english(client, listed_group):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "Skip to content" in response.text
    assert '<html lang="en">' in response.text
