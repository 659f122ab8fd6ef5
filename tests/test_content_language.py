"""German content typed by staff carries lang="de" on the English pages (WCAG 3.1.2); the
page's own words stay in the page's language, and German pages add nothing."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from contactpoints.models import OpeningHours
from groups.models import Topic
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    GroupFactory,
    SiteFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class Languages(HTMLParser):
    """Each piece of text of a page's body with the language it is marked with (the nearest
    lang); the <title> has no element to carry one."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            lang = dict(attrs).get("lang") or (self.stack[-1][1] if self.stack else None)
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        inside = {tag for tag, _lang in self.stack}
        if data.strip() and self.stack and not inside & {"title", "script", "style"}:
            self.texts.append((" ".join(data.split()), self.stack[-1][1]))


def language_of(html: str, text: str) -> str:
    parser = Languages()
    parser.feed(html)
    found = {lang for piece, lang in parser.texts if piece == text}
    assert len(found) == 1, (text, found)
    return found.pop()


def english(client, url) -> str:
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").text


def test_a_groups_german_content_is_marked_german_on_the_english_page(client, german_places):
    site = SiteFactory(name="Standort Innenstadt")
    group = GroupFactory(
        name="Angehörige psychisch Kranker",
        description="Wir treffen uns zum Austausch.",
        schedule_note="In den Ferien nach Absprache.",
        contact_point=site.contact_point,
    )
    group.topics.add(
        TopicFactory(name="Trauer", name_en=""), TopicFactory(name="Sucht", name_en="Addiction")
    )
    page = english(client, group.get_absolute_url())
    assert 'lang="en"' in page.split(">", 2)[1]  # the page itself is English
    for german in ("Angehörige psychisch Kranker", "Wir treffen uns zum Austausch.",
                   "In den Ferien nach Absprache.", "Trauer", "Standort Innenstadt"):  # fmt: skip
        assert language_of(page, german) == "de", german
    for page_language in ("Addiction", "Meetings", "Find a group"):
        assert language_of(page, page_language) == "en", page_language


def test_search_results_contact_points_topics_and_events_mark_what_staff_typed(
    client, listed_group
):
    listed_group.topics.update(name_en="")
    results = english(client, reverse("groups:list") + "?q=Depression")
    assert language_of(results, listed_group.name) == "de"
    assert language_of(results, "Find a group") == "en"
    contact_point = ContactPointFactory(name="KISS Musterstadt", description="Wir beraten.")
    site = SiteFactory(contact_point=contact_point, name="Standort Nord")
    OpeningHours.objects.create(site=site, weekday=0, opens="09:00", closes="12:00",
                                note="nur telefonisch")  # fmt: skip
    page = english(client, contact_point.get_absolute_url())
    for german in ("KISS Musterstadt", "Wir beraten.", "Standort Nord", "nur telefonisch"):
        assert language_of(page, german) == "de", german
    topic = Topic.objects.get(slug="depression")
    assert language_of(english(client, topic.get_absolute_url()), "Depression") == "de"
    event = EventFactory(title="Infoabend Trauer", description="Ein Abend für Angehörige.")
    page = english(client, event.get_absolute_url())
    assert language_of(page, "Infoabend Trauer") == "de"
    assert language_of(page, "Ein Abend für Angehörige.") == "de"
    assert language_of(english(client, reverse("events:list")), "Infoabend Trauer") == "de"


def test_german_pages_carry_no_extra_language_marks(client, listed_group):
    page = client.get(listed_group.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").text
    # the page and the switcher's button "Deutsch", nothing else
    assert re.findall(r'<(\w+)[^>]*\slang="de"', page) == ["html", "button"]
