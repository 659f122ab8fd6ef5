"""Every change is recorded with who, when and what; staff see it and restore a version;
nothing is lost when a group ends or a superuser deletes it."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups.models import Group
from tests.factories import (
    GroupFactory,
    SiteFactory,
    TopicFactory,
    admin_form_data,
    admin_url,
    staff_client,
)

pytestmark = pytest.mark.django_db


def test_admin_change_is_recorded_with_who_and_what(client, world):
    client = staff_client(client, world["zwickau"])
    own = world["own"]
    editor = own.contact_point.memberships.get().user
    response = client.post(
        admin_url(own), admin_form_data(client, admin_url(own), name="Zwickauer Gesprächsrunde")
    )
    assert response.status_code == 302
    latest = own.history.latest()
    assert latest.history_user == editor
    assert latest.name == "Zwickauer Gesprächsrunde"
    delta = latest.diff_against(latest.prev_record)
    assert [change.field for change in delta.changes] == ["name"]
    page = client.get(admin_url(own, "history")).text
    assert "Zwickauer Gesprächsrunde" in page or "Zwickauer Runde" in page
    assert editor.username in page


def refreshes_of_the_search_index(queries) -> int:
    return sum("SET search_vector" in query["sql"] for query in queries)


def test_an_admin_save_indexes_the_group_once_with_its_new_topics(client, world):
    client = staff_client(client, world["zwickau"])
    own = world["own"]
    own.topics.set([TopicFactory(name="Trauer")])
    loss = TopicFactory(name="Verlust")
    data = admin_form_data(client, admin_url(own), name="Verlustgruppe", topics=[loss.pk])
    with CaptureQueriesContext(connection) as saving:
        assert client.post(admin_url(own), data).status_code == 302
    assert refreshes_of_the_search_index(saving.captured_queries) == 1
    own.refresh_from_db()
    assert own.search_name == "verlustgruppe" and "verlust" in own.search_keywords
    assert "trauer" not in own.search_keywords


def test_a_failed_admin_save_indexes_nothing(client, world):
    client = staff_client(client, world["zwickau"])
    own = world["own"]
    data = admin_form_data(client, admin_url(own), name="", topics=[TopicFactory().pk])
    with CaptureQueriesContext(connection) as saving:
        assert client.post(admin_url(own), data).status_code == 200  # the form, with errors
    assert refreshes_of_the_search_index(saving.captured_queries) == 0


def test_staff_restore_an_earlier_version_with_its_topics(client, world):
    client = staff_client(client, world["zwickau"])
    own = world["own"]
    grief, loss = TopicFactory(name="Trauer"), TopicFactory(name="Verlust")
    own.topics.set([grief])
    own.description = "Wir treffen uns im Gemeindehaus."
    own.save()
    good_version = own.history.latest()
    client.post(
        admin_url(own),
        admin_form_data(
            client, admin_url(own), description="Versehentlich gelöscht", topics=[loss.pk]
        ),
    )
    own.refresh_from_db()
    assert own.description == "Versehentlich gelöscht"

    url = reverse("admin:groups_group_simple_history", args=[own.pk, good_version.history_id])
    form_data = admin_form_data(client, url)
    assert form_data["topics"] == [str(grief.pk)]  # the version's topics, not today's
    with CaptureQueriesContext(connection) as restoring:
        assert client.post(url, form_data).status_code == 302
    assert refreshes_of_the_search_index(restoring.captured_queries) == 1
    own.refresh_from_db()
    assert own.description == "Wir treffen uns im Gemeindehaus."
    assert list(own.topics.all()) == [grief]
    assert "trauer" in own.search_keywords and "verlust" not in own.search_keywords


def test_foreign_history_and_versions_answer_404(client, world):
    foreign = world["foreign"]
    foreign.name = "Dortmunder Runde (neu)"
    foreign.save()
    version = foreign.history.latest()
    client = staff_client(client, world["zwickau"])
    assert client.get(admin_url(foreign, "history")).status_code == 404
    url = reverse("admin:groups_group_simple_history", args=[foreign.pk, version.history_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Gekapert"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Dortmunder Runde (neu)"


def test_site_contact_point_and_event_changes_are_recorded(world):
    site = SiteFactory(contact_point=world["zwickau"], name="Standort Zwickau")
    site.phone = "0375 123456"
    site.save()
    world["zwickau"].email = "kiss@zwickau.example"
    world["zwickau"].save()
    world["foreign_event"].title = "Dortmunder Infoabend (verschoben)"
    world["foreign_event"].save()
    assert site.history.latest().phone == "0375 123456"
    assert world["zwickau"].history.latest().email == "kiss@zwickau.example"
    assert world["foreign_event"].history.count() == 2


def test_staff_end_a_group_instead_of_deleting_it(client, world):
    client = staff_client(client, world["zwickau"])
    own = world["own"]
    assert client.post(admin_url(own, "delete"), {"post": "yes"}).status_code == 403
    second = GroupFactory(contact_point=world["zwickau"])
    with CaptureQueriesContext(connection) as ending:
        client.post(
            reverse("admin:groups_group_changelist"),
            {"action": "mark_ended", "_selected_action": [own.pk, second.pk, world["foreign"].pk]},
        )
    assert refreshes_of_the_search_index(ending.captured_queries) == 1  # for both groups
    second.refresh_from_db()
    assert second.status == Group.Status.ENDED
    own.refresh_from_db()
    assert own.status == Group.Status.ENDED
    assert own.ended_on == timezone.localdate()
    assert own.history.latest().history_change_reason == "Als beendet markiert"
    world["foreign"].refresh_from_db()
    assert world["foreign"].status != Group.Status.ENDED


def test_bulk_verification_is_recorded(client, world):
    client = staff_client(client, world["zwickau"])
    before = world["own"].history.count()
    client.post(
        reverse("admin:groups_group_changelist"),
        {"action": "mark_verified", "_selected_action": [world["own"].pk]},
    )
    assert world["own"].history.count() == before + 1
    assert world["own"].history.latest().last_verified_on == timezone.localdate()


def test_superuser_deletion_keeps_the_last_state_with_topics(superuser_client, german_places):
    topic = TopicFactory(name="Tinnitus")
    group = GroupFactory(name="Tinnitus-Gruppe Unna")
    group.topics.set([topic])
    pk = group.pk
    response = superuser_client.post(admin_url(group, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Group.objects.filter(pk=pk).exists()
    record = Group.history.filter(id=pk).latest()
    assert record.history_type == "-"
    assert record.name == "Tinnitus-Gruppe Unna"
    assert [row.topic for row in record.topics.all()] == [topic]
    page = superuser_client.get(reverse("admin:groups_group_history", args=[pk]))
    assert page.status_code == 200 and "Tinnitus-Gruppe Unna" in page.text


def test_the_history_reads_in_words_with_whole_values_and_no_forbidden_links(client, world):
    client = staff_client(client, world["zwickau"])
    own = world["own"]
    text = "Wir sind eine offene Runde für Menschen mit Depression. " * 6
    data = admin_form_data(client, admin_url(own), description=text)
    assert client.post(admin_url(own), data).status_code == 302
    page = client.get(admin_url(own, "history")).text
    assert text.strip() in html.unescape(page)  # whole, not "Wir s[241 chars]"
    assert "chars]" not in page and ">None<" not in page.replace(" ", "").replace("\n", "")
    editor = own.contact_point.memberships.get().user
    assert reverse("admin:auth_user_change", args=[editor.pk]) not in page  # staff get 403 there
    assert "Beschreibung" in page  # the field's name in words
