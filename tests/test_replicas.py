"""Anonymous visitors' public pages read from a replica; staff, forms and every write use the
primary. The replica here is a second alias for the same database on the embedded server."""

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import GroupFactory, TopicFactory, shown_seconds_ago, staff_client

# The settings of the tests add "replica1", a mirror of the test database with a connection of
# its own, which sees what the tests commit.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica1"])


@pytest.fixture
def replica(settings):
    settings.READ_REPLICAS = ["replica1"]


def queries_on_each(client_call):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica1"]) as replica,
    ):
        response = client_call()
    return response, len(primary), len(replica)


@pytest.fixture
def group(world):
    group = GroupFactory(name="Angehörige Demenz Zwickau", contact_point=world["zwickau"],
                         town="Dresden", postcode="01067")  # fmt: skip
    group.topics.add(TopicFactory(name="Demenz"))
    return group


@pytest.mark.parametrize("settings_seconds", [0, 60])
def test_public_pages_of_anonymous_visitors_read_from_the_replica(
    replica, group, settings, settings_seconds
):
    settings.PAGE_CACHE_SECONDS = settings_seconds
    visitor = Client()
    for url in [group.get_absolute_url(), reverse("groups:list") + "?q=Demenz&ort=Dresden"]:
        response, on_primary, on_replica = queries_on_each(lambda url=url: visitor.get(url))
        assert response.status_code == 200
        assert "Angehörige Demenz Zwickau" in response.text
        assert on_primary == 0 and on_replica > 0, url


def test_staff_read_their_own_writes_from_the_primary(replica, group, client, world):
    staff = staff_client(client, world["zwickau"])
    response, on_primary, on_replica = queries_on_each(lambda: staff.get(group.get_absolute_url()))
    assert response.status_code == 200
    assert on_primary > 0 and on_replica == 0


def test_a_citizens_message_is_written_to_the_primary(replica, group):
    url = reverse("contactpoints:group_message", args=[group.slug])
    data = {"name": "Erika", "answer_by": "email", "email": "erika@example.org", "phone": "",
            "call_time": "", "text": "Ich suche seit Monaten eine Gruppe.", "consent": "on",
            "homepage": "", "rendered_at": shown_seconds_ago(20)}  # fmt: skip
    response, on_primary, on_replica = queries_on_each(lambda: Client().post(url, data))
    assert response.status_code == 302
    assert on_primary > 0 and on_replica == 0
    assert group.contact_point.messages.count() == 1
