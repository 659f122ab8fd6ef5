"""Public pages come from the cache until staff change what they show; forms on a stored page
still work for every visitor; staff and personal pages are never stored; browsers revalidate
with ETag. The content generation is raised by a trigger at commit, so these tests commit."""

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from contactpoints.models import ContactPoint, Inquiry
from events.models import Registration
from selbsthilfe.content_generation import current_generation
from tests.factories import (
    EventFactory,
    GroupFactory,
    TopicFactory,
    admin_form_data,
    admin_url,
    shown_seconds_ago,
    staff_client,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()  # the flush after each test starts the generation again at 0
    yield
    cache.clear()


def fetch(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def tokens(response) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)


def without_personal_values(response) -> str:
    return re.sub(r'name="(csrfmiddlewaretoken|rendered_at)" value="[^"]+"', "", response.text)


def test_a_group_page_is_rendered_once_and_a_change_in_the_admin_shows_on_the_next_request(
    superuser_client, world
):
    group = GroupFactory(name="Gesprächskreis Trauer Zwickau", contact_point=world["zwickau"])
    visitor = Client()
    first, rendering = fetch(visitor, group.get_absolute_url())
    second, serving = fetch(visitor, group.get_absolute_url())
    assert "Gesprächskreis Trauer Zwickau" in first.text
    assert without_personal_values(second) == without_personal_values(first)
    assert serving == 1 < rendering  # only the content generation is read

    # (a superuser: the roles' permissions come from a migration, which the flush between
    # committing tests removes)
    data = admin_form_data(superuser_client, admin_url(group), name="Trauercafé Zwickau")
    assert superuser_client.post(admin_url(group), data).status_code == 302

    after, _ = fetch(visitor, group.get_absolute_url())
    assert "Trauercafé Zwickau" in after.text
    assert "Gesprächskreis Trauer Zwickau" not in after.text


def test_a_registration_shows_in_the_places_left_at_once(world):
    event = EventFactory(contact_point=world["zwickau"], registration_required=True, capacity=5)
    visitor = Client()
    assert "noch 5 Plätze frei" in fetch(visitor, event.get_absolute_url())[0].text
    response = Client().post(
        event.get_absolute_url(),
        {"name": "Erika", "email": "erika@example.org", "phone": "", "persons": "2",
         "consent": "on", "homepage": "", "rendered_at": shown_seconds_ago(20)},
    )  # fmt: skip
    assert response.status_code == 302
    assert Registration.objects.filter(event=event).exists()
    assert "noch 3 Plätze frei" in fetch(visitor, event.get_absolute_url())[0].text


def test_private_records_keep_the_stored_pages_and_a_transaction_raises_the_generation_once(
    world,
):
    before = current_generation()
    Inquiry.objects.create(contact_point=world["zwickau"], channel=Inquiry.Channel.PHONE)
    assert current_generation() == before
    with transaction.atomic():
        world["own"].name = "Neuer Name"
        world["own"].save()
        world["foreign_event"].title = "Neuer Titel"
        world["foreign_event"].save()
    assert current_generation() == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        world["own"].delete()
        raise RuntimeError("rolled back")
    assert current_generation() == before + 1


def test_every_visitor_of_a_stored_page_gets_a_token_of_their_own_that_sends_the_form(
    world, listed_group_in_zwickau
):
    url = listed_group_in_zwickau.get_absolute_url()
    Client().get(url)  # stores the page
    visitor = Client(enforce_csrf_checks=True)
    page, queries = fetch(visitor, url)
    assert queries == 1
    token = tokens(page)[0]
    shown_at = re.search(r'name="rendered_at" value="([^"]+)"', page.text)[1]
    sent = visitor.post(
        reverse("contactpoints:group_message", args=[listed_group_in_zwickau.slug]),
        {"csrfmiddlewaretoken": token, "rendered_at": shown_at, "name": "Erika",
         "answer_by": "email", "email": "erika@example.org", "phone": "", "call_time": "",
         "text": "Ich suche seit Monaten eine Gruppe.",
         "consent": "on", "homepage": ""},
    )  # fmt: skip
    assert sent.status_code == 302, sent.text  # not refused as forged (403) nor as "too fast"
    assert listed_group_in_zwickau.contact_point.messages.count() == 1
    assert tokens(fetch(Client(), url)[0]) != [token]


@pytest.fixture
def listed_group_in_zwickau(world):
    return GroupFactory(name="Angehörige Demenz Zwickau", contact_point=world["zwickau"])


def test_browsers_revalidate_and_get_304_until_the_content_changes(world, listed_group_in_zwickau):
    url = listed_group_in_zwickau.get_absolute_url()
    visitor = Client()
    page = visitor.get(url)
    assert page["Cache-Control"] == "private, no-cache"  # the forms hold a personal token
    assert page["Last-Modified"]
    assert visitor.get(url, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
    listed_group_in_zwickau.name = "Demenz-Gesprächskreis"
    listed_group_in_zwickau.save()
    changed = visitor.get(url, HTTP_IF_NONE_MATCH=page["ETag"])
    assert changed.status_code == 200 and "Demenz-Gesprächskreis" in changed.text


def test_feeds_may_be_kept_by_proxies_events_only_for_a_minute(world, settings):
    settings.PAGE_CACHE_SECONDS = 600
    events = Client().get(reverse("events:feed"))
    assert events["Cache-Control"] == "public, max-age=60"  # past events leave it
    assert events["Content-Type"].startswith("text/calendar")
    groups = Client().get(reverse("state_groups_feed", args=["SN"]))
    assert groups["Cache-Control"] == "public, max-age=600"


def test_each_language_is_stored_apart(listed_group_in_zwickau):
    url = listed_group_in_zwickau.get_absolute_url()
    german = Client().get(url, HTTP_ACCEPT_LANGUAGE="de")
    with translation.override("de"):  # (the request activates English for the thread)
        english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="de">' in german.text
    assert '<html lang="en">' in english.text


def test_staff_and_visitors_with_a_message_get_a_fresh_page(client, world, listed_group_in_zwickau):
    url = listed_group_in_zwickau.get_absolute_url()
    Client().get(url)
    staff = staff_client(client, world["zwickau"])
    page, queries = fetch(staff, url)
    assert queries > 1 and page["Cache-Control"] == "private, no-cache"
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert fetch(visitor, url)[1] > 1


def test_form_pages_and_search_misses_are_not_stored(world, listed_group_in_zwickau):
    form = reverse("contactpoints:group_message", args=[listed_group_in_zwickau.slug])
    missing = reverse("groups:detail", args=["gibt-es-nicht"])
    for url, status in [(form, 200), (missing, 404)]:
        Client().get(url)
        response = Client().get(url)
        assert response.status_code == status
        assert "ETag" not in response


def test_the_search_forms_topic_list_is_kept_only_while_nothing_changes(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every page renders; the list is kept per generation
    TopicFactory(name="Trauer")
    first = Client().get(reverse("groups:list"))
    assert ">Trauer</option>" in first.text
    TopicFactory(name="Tinnitus")
    assert ">Tinnitus</option>" in Client().get(reverse("groups:list")).text


def test_a_wish_to_co_found_keeps_the_stored_pages_and_joining_a_founding_group_moves_them(
    world,
):
    ContactPoint.objects.filter(pk=world["zwickau"].pk).update(shows_interest_count=True)
    group = GroupFactory(name="Junge Angehörige Zwickau", contact_point=world["zwickau"],
                         status="founding", postcode="08056", town="Zwickau")  # fmt: skip
    visitor = Client()
    assert "interessiert" not in fetch(visitor, group.get_absolute_url())[0].text
    before = current_generation()
    interest = {"name": "Anna", "email": "anna@example.org", "phone": "", "consent": "on",
                "homepage": "", "rendered_at": shown_seconds_ago(20)}  # fmt: skip
    co_found = Client().post(
        reverse("groups:co_found"), interest | {"topic_text": "Trauer", "place_text": "Dresden"}
    )
    assert co_found.status_code == 302
    assert current_generation() == before  # nothing public changed
    interest["rendered_at"] = shown_seconds_ago(20)  # (a form token is good for one sending)
    join = Client().post(reverse("groups:join_founding", args=[group.slug]), interest)
    assert join.status_code == 302
    assert current_generation() == before + 1
    assert "1 Person interessiert" in fetch(visitor, group.get_absolute_url())[0].text


def test_while_the_database_is_down_stored_pages_are_served_and_others_answer_503(world):
    """The database goes away (every connection now leads to a port where nothing listens):
    a page stored before is still served, any other page is the friendly 503."""
    from django.db import connections

    from tests.servers import free_port

    group = GroupFactory(name="Gesprächskreis Trauer Zwickau", contact_point=world["zwickau"])
    visitor = Client()
    assert "Gesprächskreis Trauer Zwickau" in fetch(visitor, group.get_absolute_url())[0].text
    saved = {alias: dict(connections[alias].settings_dict) for alias in connections}
    try:
        for alias in connections:
            connections[alias].close()
            connections[alias].settings_dict.update(
                HOST="127.0.0.1", PORT=str(free_port()), OPTIONS={"connect_timeout": 2}
            )
        stored = visitor.get(group.get_absolute_url())
        assert stored.status_code == 200 and "Gesprächskreis Trauer Zwickau" in stored.text
        other = Client()
        other.raise_request_exception = False
        down = other.get(reverse("contactpoints:list"))
        assert down.status_code == 503 and down["Retry-After"] == "60"
        assert "In ein paar Minuten wieder da" in down.text
    finally:
        for alias in connections:
            connections[alias].close()
            connections[alias].settings_dict.clear()
            connections[alias].settings_dict.update(saved[alias])
