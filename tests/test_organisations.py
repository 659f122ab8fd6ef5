"""Self-help organisations: the umbrella texts that became them, their public pages, the
association shown below a group search, and who keeps them in the admin."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group as AuthGroup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contactpoints.models import ContactPoint, Membership
from contactpoints.permissions import ORGANISATION_ROLE_NAME
from groups.models import Group, Organisation, OrganisationEditor
from tests.factories import (
    ContactPointFactory,
    GroupFactory,
    TopicFactory,
    UserFactory,
    admin_form_data,
    admin_url,
    staff_client,
)

pytestmark = pytest.mark.django_db
migration = importlib.import_module("groups.migrations.0020_umbrella_texts_to_organisations")


@pytest.fixture
def rheuma(german_places):
    topic = TopicFactory(name="Rheuma", synonyms=["rheumatoide Arthritis"])
    saxony = Organisation.objects.create(
        name="Deutsche Rheuma-Liga, Landesverband Sachsen", slug="rheuma-liga-sachsen",
        level="state", federal_states=["SN"], phone="0351 123456",
    )  # fmt: skip
    nrw = Organisation.objects.create(
        name="Deutsche Rheuma-Liga, Landesverband Nordrhein-Westfalen", slug="rheuma-liga-nrw",
        level="state", federal_states=["NW"],
    )  # fmt: skip
    for organisation in (saxony, nrw):
        organisation.topics.add(topic)
    leipzig = GroupFactory(name="Rheuma-Treff Leipzig", postcode="04109", town="Leipzig",
                           latitude=51.342, longitude=12.375, organisation=saxony)  # fmt: skip
    dresden = GroupFactory(name="Rheuma-Treff Dresden", postcode="01067", town="Dresden",
                           latitude=51.0547, longitude=13.7269, organisation=saxony)  # fmt: skip
    for group in (leipzig, dresden):
        group.topics.add(topic)
    return {"topic": topic, "saxony": saxony, "nrw": nrw, "leipzig": leipzig, "dresden": dresden}


def test_umbrella_texts_become_organisations_per_state(german_places):
    sachsen = ContactPointFactory(federal_state="SN")
    nrw = ContactPointFactory(federal_state="NW")
    topic = TopicFactory(name="Multiple Sklerose")
    texts = [(sachsen, "DMSG, Landesverband"), (nrw, "DMSG, Landesverband"),
             (nrw, "Kreuzbund e.V."), (sachsen, "Kreuzbund e.V.")]  # fmt: skip
    groups = [GroupFactory(contact_point=cp, umbrella_organisation=text) for cp, text in texts]
    groups[0].topics.add(topic)
    migration.texts_to_organisations(apps, None)
    rows = Group.objects.select_related("organisation")
    linked = {group.pk: group.organisation for group in rows}
    assert linked[groups[0].pk].name == "DMSG, Landesverband Sachsen"
    assert linked[groups[0].pk].federal_states == ["SN"] and linked[groups[0].pk].level == "state"
    assert linked[groups[1].pk].name == "DMSG, Landesverband Nordrhein-Westfalen"
    assert linked[groups[2].pk] == linked[groups[3].pk]  # one federal association
    assert linked[groups[2].pk].level == "federal"
    assert list(linked[groups[0].pk].topics.all()) == [topic]
    assert not Group.objects.exclude(umbrella_organisation="").exists()
    assert migration.organisation_for("Landesverband X", "XX") is None  # stays text


def test_the_list_finds_by_state_topic_and_words(client, rheuma):
    federal = Organisation.objects.create(name="Deutsche Tinnitus-Liga e.V.", slug="tinnitus",
                                          level="federal")  # fmt: skip
    federal.topics.add(TopicFactory(name="Tinnitus"))
    url = reverse("groups:organisations")
    page = client.get(url, {"land": "SN"}).text
    assert "Landesverband Sachsen" in page and "Tinnitus-Liga" in page  # federal: everywhere
    assert "Nordrhein-Westfalen</a>" not in page
    page = client.get(url, {"thema": rheuma["topic"].slug}).text
    assert "Landesverband Sachsen" in page and "Tinnitus-Liga" not in page
    # The group search's understanding of words: synonyms of the topics, compounds.
    for typed in ["rheumatoide Arthritis", "Rheuma Sachsen Liga", "rheuma"]:
        page = client.get(url, {"q": typed, "land": "SN"}).text
        assert "Landesverband Sachsen" in page, typed
    assert "Rheuma-Liga" not in client.get(url, {"q": "Xylophon"}).text


def test_an_organisation_page_lists_its_groups_nearest_first(client, rheuma):
    page = client.get(rheuma["saxony"].get_absolute_url(), {"ort": "Dresden"}).text
    assert page.index("Rheuma-Treff Dresden") < page.index("Rheuma-Treff Leipzig")
    assert 'href="tel:+49351123456"' in page
    Group.objects.filter(pk=rheuma["dresden"].pk).update(is_listed=False)
    assert "Rheuma-Treff Dresden" not in client.get(rheuma["saxony"].get_absolute_url()).text
    Organisation.objects.filter(pk=rheuma["nrw"].pk).update(is_listed=False)
    assert client.get(rheuma["nrw"].get_absolute_url()).status_code == 404


def test_the_group_page_links_its_organisation(client, rheuma):
    page = client.get(rheuma["leipzig"].get_absolute_url()).text
    assert f'href="{rheuma["saxony"].get_absolute_url()}"' in page


def test_a_group_search_shows_the_association_of_the_state_without_a_query_more(
    client, rheuma
):
    search = reverse("groups:list")
    page = client.get(search, {"q": "Rheuma", "ort": "Leipzig"}).text
    hint = page[page.index("organisations-hint") :]
    assert "Landesverband Sachsen" in hint and "Nordrhein-Westfalen" not in hint
    assert "organisations-hint" not in client.get(search, {"q": "Rheuma"}).text  # no place
    page = client.get(search, {"thema": rheuma["topic"].slug, "ort": "Lünen"}).text
    assert "Landesverband Nordrhein-Westfalen" in page
    # Read from the topics the page loads anyway: as many statements as without any.
    with CaptureQueriesContext(connection) as counted:
        client.get(search, {"q": "Rheuma", "ort": "Leipzig"})
    with_organisations = len(counted.captured_queries)
    Organisation.objects.all().delete()
    with CaptureQueriesContext(connection) as counted:
        client.get(search, {"q": "Rheuma", "ort": "Leipzig"})
    assert len(counted.captured_queries) == with_organisations


@pytest.fixture
def keepers(rheuma):
    lakos = ContactPointFactory(name="LAKOS Sachsen", kind=ContactPoint.Kind.STATE,
                                federal_state="SN")  # fmt: skip
    lag = UserFactory(is_staff=True)
    OrganisationEditor.objects.create(user=lag, federal_state="SN", working_group="LAG Sachsen")
    lag.groups.add(AuthGroup.objects.get(name=ORGANISATION_ROLE_NAME))
    return {"lakos": lakos, "lag": lag}


def change(client, organisation, **fields):
    url = admin_url(organisation)
    return client.post(url, admin_form_data(client, url, **fields))


@pytest.mark.parametrize("who", ["lag", "coordinator"])
def test_the_states_keepers_change_its_organisations_only(client, keepers, rheuma, who):
    if who == "lag":
        client.force_login(keepers["lag"])
    else:
        staff_client(client, keepers["lakos"], role=Membership.Role.COORDINATOR)
    assert change(client, rheuma["saxony"], phone="0351 999").status_code == 302
    rheuma["saxony"].refresh_from_db()
    assert rheuma["saxony"].phone == "0351 999"
    client.post(admin_url(rheuma["nrw"]), {"name": "Übernommen"})
    rheuma["nrw"].refresh_from_db()
    assert rheuma["nrw"].name.startswith("Deutsche Rheuma-Liga")
    assert "_save" not in client.get(admin_url(rheuma["nrw"])).text  # read only
    assert client.get(admin_url(rheuma["saxony"], "delete")).status_code == 403


def test_the_working_group_sees_organisations_and_nothing_of_the_contact_points(
    client, keepers, rheuma
):
    client.force_login(keepers["lag"])
    assert client.get(reverse("admin:groups_organisation_changelist")).status_code == 200
    assert client.get(reverse("admin:groups_group_changelist")).status_code == 403
    assert client.get(reverse("admin:contactpoints_message_changelist")).status_code == 403
    add = client.get(reverse("admin:groups_organisation_add")).context["adminform"].form
    assert [value for value, _ in add.fields["level"].choices] == ["state"]


def test_an_editor_of_a_contact_point_may_look_up_but_not_change(client, keepers, rheuma):
    staff_client(client, ContactPointFactory(federal_state="SN"))
    assert client.get(admin_url(rheuma["saxony"])).status_code == 200
    change(client, rheuma["saxony"], phone="0351 000")
    rheuma["saxony"].refresh_from_db()
    assert rheuma["saxony"].phone == "0351 123456"
    assert client.get(reverse("admin:groups_organisation_add")).status_code == 403
