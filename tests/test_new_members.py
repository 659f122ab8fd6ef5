"""Whether a group takes new members, said in words nobody reads as "Sucht": on its card
(search, topic pages, embeds), on its page and above its message form, which then offers
the contact point as the way to ask."""

import re

import pytest
from django.urls import reverse

from groups.models import Group
from tests.factories import ContactPointFactory, GroupFactory, SiteFactory, TopicFactory

pytestmark = pytest.mark.django_db

NOT_TAKING = {"de": "Nimmt derzeit keine neuen Mitglieder auf",
              "en": "Not taking new members at present"}  # fmt: skip
WELCOME = {"de": "Neue Mitglieder willkommen", "en": "New members welcome"}
NOTE = {"de": "Diese Gruppe nimmt derzeit keine neuen Mitglieder auf.",
        "en": "This group is not taking new members at present."}  # fmt: skip


@pytest.fixture
def kiss():
    contact_point = ContactPointFactory(name="K.I.S.S. Kreis Unna", slug="kiss-unna",
                                        email="kiss@kreis-unna.example")  # fmt: skip
    SiteFactory(contact_point=contact_point, phone="(02306) 100-610")
    return contact_point


@pytest.fixture
def topic():
    return TopicFactory(name="Angst")


def group_of(kiss, topic, name, **fields):
    group = GroupFactory(name=name, contact_point=kiss, **fields)
    group.topics.add(topic)
    return group


@pytest.fixture
def full(kiss, topic):
    return group_of(kiss, topic, "Angstfrei Unna", accepting_members=False,
                    contact_mode=Group.ContactMode.VIA_CONTACT_POINT)  # fmt: skip


@pytest.fixture
def open_group(kiss, topic):
    return group_of(kiss, topic, "Mutig Lünen", accepting_members=True)


def card(page: str, group) -> str:
    """The HTML of ``group``'s card on a result page."""
    cards = re.findall(r'<article class="card group-card.*?</article>', page, re.S)
    return next(each for each in cards if group.get_absolute_url() in each)


@pytest.mark.parametrize("language", ["de", "en"])
def test_cards_say_whether_a_group_takes_new_members(client, topic, full, open_group, language):
    page = client.get(topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).text
    assert NOT_TAKING[language] in card(page, full)
    assert WELCOME[language] not in card(page, full)
    assert WELCOME[language] in card(page, open_group)
    assert NOT_TAKING[language] not in card(page, open_group)
    assert "Sucht Mitglieder" not in page and "Looking for members" not in page


def test_a_pausing_group_says_it_pauses_not_whether_it_takes_members(client, kiss, topic):
    paused = group_of(kiss, topic, "Pause Kamen", accepting_members=False, status="paused")
    page = client.get(topic.get_absolute_url()).text
    assert "Pausiert" in card(page, paused)
    assert NOT_TAKING["de"] not in card(page, paused) and WELCOME["de"] not in card(page, paused)


def test_the_search_filter_is_named_new_members_welcome(client, full, open_group):
    page = client.get(reverse("groups:list"), {"q": "Angst"}).text
    assert "Neue Mitglieder willkommen" in page and "Nimmt neue Mitglieder auf" not in page


def contact_point_offer(html: str, kiss) -> None:
    assert kiss.get_absolute_url() in html and "K.I.S.S. Kreis Unna" in html
    assert 'href="tel:+492306100610"' in html and "(02306) 100-610" in html
    assert 'href="mailto:kiss@kreis-unna.example"' in html


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_page_of_a_full_group_says_so_and_offers_the_contact_point_above_the_form(
    client, kiss, full, language
):
    page = client.get(full.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).text
    assert NOT_TAKING[language] in page.split("<aside", 1)[0]  # beside the title, not hidden
    above_form = page.split('class="message-form"', 1)[0].rsplit("<aside", 1)[1]
    assert NOTE[language] in above_form
    contact_point_offer(above_form.split(NOTE[language], 1)[1], kiss)


def test_a_full_group_reached_directly_says_so_before_its_folded_message_box(client, kiss, topic):
    direct = group_of(kiss, topic, "Angst direkt", accepting_members=False,
                      contact_mode=Group.ContactMode.DIRECT,
                      public_email="angst@example.org")  # fmt: skip
    page = client.get(direct.get_absolute_url()).text
    before_box = page.split('<details class="message-box"', 1)[0].rsplit("<aside", 1)[1]
    assert NOTE["de"] in before_box
    contact_point_offer(before_box.split(NOTE["de"], 1)[1], kiss)


def test_a_group_that_takes_new_members_has_no_such_note(client, open_group):
    page = client.get(open_group.get_absolute_url()).text
    assert NOTE["de"] not in page and NOT_TAKING["de"] not in page


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_message_page_of_a_full_group_says_so_above_the_form(
    client, kiss, full, open_group, language
):
    def message_page(group):
        url = reverse("contactpoints:group_message", args=[group.slug])
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language).text

    above_form = message_page(full).split('class="message-form"', 1)[0]
    assert NOTE[language] in above_form
    contact_point_offer(above_form.split(NOTE[language], 1)[1], kiss)
    assert NOTE[language] not in message_page(open_group)


def test_the_embedded_search_and_group_page_say_a_group_takes_no_new_members(
    client, kiss, full, open_group
):
    results = client.get(reverse("contactpoints:embed", args=[kiss.slug])).text
    rows = re.findall(r'<li class="mb-3">.*?</li>', results, re.S)
    assert [NOT_TAKING["de"] in row for row in rows if full.name in row] == [True]
    assert [NOT_TAKING["de"] in row for row in rows if open_group.name in row] == [False]
    page = client.get(reverse("contactpoints:embed_group", args=[kiss.slug, full.slug])).text
    assert NOT_TAKING["de"] in page
