"""The Open Referral HSDS 3.0 API: every object kind validates against the official schemas,
only public facts leave the site, filters and pages work, and a list costs the same number
of statements for 2 groups as for 30."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker

from groups import hsds
from groups.models import Group, Organisation
from selbsthilfe.content_generation import current_generation
from tests.factories import ContactPointFactory, GroupFactory, SiteFactory, TopicFactory

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "data" / "hsds-3.0" / "compiled"


def validator(name: str, *path: str):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    for key in path:
        schema = schema[key]
    return Draft202012Validator(schema, format_checker=FormatChecker())


def valid(data: dict, name: str, *path: str) -> dict:
    errors = [error.message for error in validator(name, *path).iter_errors(data)]
    assert errors == [], errors
    return data


@pytest.fixture
def directory(german_places):
    kiss = ContactPointFactory(name="K.I.S.S. Kreis Unna", email="kiss@kreis-unna.example",
                               federal_state="NW")  # fmt: skip
    site = SiteFactory(contact_point=kiss, phone="02306 100610")
    topic = TopicFactory(name="Depression")
    organisation = Organisation.objects.create(
        name="Deutsche Depressionsliga e.V.", slug="depressionsliga", level="federal",
        email="info@depressionsliga.example", phone="0228 123",
    )  # fmt: skip
    groups = {
        "direct": GroupFactory(name="Lichtblick", contact_point=kiss, contact_mode="direct",
                               public_email="lichtblick@example.org", public_phone="02306 555",
                               street="Markt 3", weekday=1, frequency="weekly", step_free=True,
                               organisation=organisation),
        "protected": GroupFactory(name="Angehörige im Gespräch", contact_point=kiss,
                                  contact_mode="via_contact_point",
                                  public_email="geheim@example.org", public_phone="0170 999",
                                  street="Geheimweg 1", meeting_place_public=False,
                                  weekday=3, frequency="monthly", week_of_month=2),
        "online": GroupFactory(name="Online-Runde", contact_point=kiss, format="online",
                               frequency="biweekly", weekday=0),
        "site": GroupFactory(name="Im Haus", contact_point=kiss, meeting_site=site, street="",
                             postcode="", town=""),
        "unlisted": GroupFactory(name="Nicht gelistet", contact_point=kiss, is_listed=False),
        "ended": GroupFactory(name="Beendet", contact_point=kiss, status="ended",
                              ended_on=datetime.date(2025, 1, 1)),
    }  # fmt: skip
    for group in groups.values():
        group.topics.add(topic)
    return {"kiss": kiss, "topic": topic, "groups": groups, "organisation": organisation}


def get(client, name, *args, **params):
    response = client.get(reverse(f"groups:{name}", args=args), params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_every_exported_object_validates_against_the_hsds_schemas(client, directory):
    page = get(client, "hsds_services")
    assert {item["name"] for item in page["contents"]} == {
        "Lichtblick", "Angehörige im Gespräch", "Online-Runde", "Im Haus"}  # fmt: skip
    for item in page["contents"]:
        valid(item, "service_list")
        valid(get(client, "hsds_service", item["id"]), "service")
    for item in get(client, "hsds_services", full="true")["contents"]:
        valid(item, "service")
    for item in get(client, "hsds_service_at_locations")["contents"]:
        valid(item, "service_at_location")
    organizations = get(client, "hsds_organizations")["contents"]
    assert {item["name"] for item in organizations} == {
        "K.I.S.S. Kreis Unna", "Deutsche Depressionsliga e.V."}  # fmt: skip
    for item in organizations:
        valid(item, "organization")
        assert get(client, "hsds_organization", item["id"]) == item
    term_schema = ("service", "properties", "attributes", "items", "properties", "taxonomy_term")
    for item in get(client, "hsds_taxonomy_terms")["contents"]:
        valid(item, *term_schema)
        assert get(client, "hsds_taxonomy_term", item["id"])["name"] == "Depression"


def test_only_public_facts_leave_the_site(client, directory):
    everything = json.dumps(
        [get(client, "hsds_services", full="true"), get(client, "hsds_service_at_locations")],
        ensure_ascii=False,
    )
    for hidden in ["Nicht gelistet", "Beendet", "geheim@example.org", "0170 999", "Geheimweg"]:
        assert hidden not in everything, hidden
    groups = directory["groups"]
    protected = get(client, "hsds_service", hsds.uid("group", groups["protected"].pk))
    assert protected["email"] == "kiss@kreis-unna.example"
    assert [p["number"] for p in protected["phones"]] == ["02306 100610"]
    location = protected["service_at_locations"][0]["location"]
    assert location["name"] == "Lünen" and "addresses" not in location  # the town only
    direct = get(client, "hsds_service", hsds.uid("group", groups["direct"].pk))
    assert direct["email"] == "lichtblick@example.org"
    assert direct["service_at_locations"][0]["location"]["addresses"][0]["address_1"] == (
        "Markt 3")  # fmt: skip
    assert direct["schedules"][0] | {"freq": "WEEKLY", "byday": "TU"} == direct["schedules"][0]
    accessibility = direct["service_at_locations"][0]["location"]["accessibility"]
    assert accessibility[0]["description"] == "Stufenloser Zugang"
    online = get(client, "hsds_service", hsds.uid("group", groups["online"].pk))
    assert online["service_at_locations"][0]["location"]["location_type"] == "virtual"
    assert online["schedules"][0]["interval"] == 2
    assert protected["schedules"][0]["byday"] == "2TH"
    for hidden in (groups["unlisted"], groups["ended"]):
        url = reverse("groups:hsds_service", args=[hsds.uid("group", hidden.pk)])
        assert client.get(url).status_code == 404


def test_filters_and_pages(client, directory):
    topic_id = hsds.uid("topic", directory["topic"].pk)
    assert get(client, "hsds_services", taxonomy_term_id=topic_id)["total_items"] == 4
    organisation_id = hsds.uid("organisation", directory["organisation"].pk)
    only = get(client, "hsds_services", organization_id=organisation_id)["contents"]
    assert [item["name"] for item in only] == ["Lichtblick"]
    assert get(client, "hsds_services", state="SN")["total_items"] == 0
    assert get(client, "hsds_services", search="Lichtblick")["total_items"] == 1
    assert get(client, "hsds_services", modified_after="2999-01-01")["total_items"] == 0
    assert get(client, "hsds_services", updated_since="2000-01-01")["total_items"] == 4
    page = get(client, "hsds_services", per_page=3, page=2)
    assert (page["total_items"], page["total_pages"], page["size"]) == (4, 2, 1)
    assert page["last_page"] and not page["first_page"]
    for bad in [{"page": "0"}, {"per_page": "x"}, {"state": "XX"}, {"modified_after": "gestern"}]:
        response = client.get(reverse("groups:hsds_services"), bad)
        assert response.status_code == 400 and "error" in response.json()
    assert client.get(reverse("groups:hsds_service", args=["nonsense"])).status_code == 404


def test_ids_are_stable_and_lead_back_to_the_row():
    group_id = hsds.uid("group", 4711)
    assert group_id == hsds.uid("group", 4711) and hsds.pk_of("group", group_id) == 4711
    assert hsds.pk_of("topic", group_id) is None  # another kind's id


def test_a_list_costs_the_same_statements_for_many_groups(
    client, directory, django_assert_max_num_queries
):
    url = reverse("groups:hsds_services")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url, {"full": "true"})
    kiss = directory["kiss"]
    for number in range(30):
        GroupFactory(name=f"Gruppe {number}", contact_point=kiss).topics.add(directory["topic"])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"full": "true"}).json()["total_items"] == 34
    assert len(many.captured_queries) == len(few.captured_queries)
    assert Group.objects.public().count() == 34


def test_the_tabular_package_has_every_table_with_valid_rows_and_public_facts_only(
    client, directory
):
    import csv
    import io
    import zipfile

    from groups import hsds_tabular

    collected = {}
    hsds_tabular.rows(lambda table, row: collected.setdefault(table, []).append(row))
    for table, rows in collected.items():
        item = hsds_tabular.table_schema(table)
        columns = hsds_tabular.columns(table)
        schema = {
            "type": "object",
            "required": item["required"],
            "properties": {name: item["properties"][name] for name in columns},
        }
        check = Draft202012Validator(schema, format_checker=FormatChecker())
        for row in rows:
            errors = [error.message for error in check.iter_errors(row)]
            assert errors == [], (table, errors)
    assert {"service", "organization", "location", "address", "phone", "schedule", "language",
            "service_at_location", "taxonomy_term", "attribute"} <= set(collected)  # fmt: skip
    response = client.get(reverse("groups:hsds_export"))
    assert response["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    package = json.loads(archive.read("datapackage.json"))
    assert [resource["path"] for resource in package["resources"]] == [
        hsds_tabular.path(table) for table in hsds_tabular.TABLES]  # fmt: skip
    services = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode())))
    assert {row["name"] for row in services} == {
        "Lichtblick", "Angehörige im Gespräch", "Online-Runde", "Im Haus"}  # fmt: skip
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    for hidden in ["Nicht gelistet", "Beendet", "geheim@example.org", "0170 999", "Geheimweg"]:
        assert hidden not in everything, hidden
    phones = list(csv.DictReader(io.StringIO(archive.read("phones.csv").decode())))
    assert any(row["service_id"] and row["number"] == "02306 555" for row in phones)


def test_the_api_limits_requests_per_address_across_all_workers(client, directory, settings):
    """The count lives in the database: a worker with memory of its own (here the cache
    emptied before each request) still sees every request of the address."""
    from django.core.cache import cache

    settings.API_REQUESTS_PER_MINUTE = 3
    url = reverse("groups:hsds_taxonomy_terms")

    def get(**headers):
        cache.clear()
        return client.get(url, **headers)

    assert [get().status_code for _ in range(3)] == [200, 200, 200]
    refused = get()
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert get(REMOTE_ADDR="192.0.2.7").status_code == 200  # another address


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("page", "9223372036854775808"),  # past PostgreSQL's bigint
        ("page", "1000001"),
        ("page", "²"),  # a digit to str.isdigit, no number to int()
        ("per_page", "²"),
        ("per_page", "0"),
        ("page", "-1"),
        ("modified_after", "2025-13-45T99:99"),  # well-formed, impossible
        ("modified_after", "2025-02-30"),
    ],
)
def test_each_api_parameter_is_checked_as_its_type(client, directory, name, value):
    response = client.get(reverse("groups:hsds_services"), {name: value})
    assert response.status_code == 400
    assert name in response.json()["error"]


@pytest.mark.django_db(transaction=True)
def test_the_tabular_package_is_built_once_per_change_of_the_content(
    client, settings, tmp_path, django_assert_max_num_queries
):
    import io
    import zipfile

    from django.core.cache import cache

    cache.clear()
    settings.EXPORT_ROOT = tmp_path
    group = GroupFactory(name="Lichtblick")
    url = reverse("groups:hsds_export")

    def services() -> str:
        response = client.get(url)
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        return archive.read("services.csv").decode()

    assert "Lichtblick" in services()
    with django_assert_max_num_queries(2):  # the request count and the content generation
        assert "Lichtblick" in services()
    assert [path.name for path in tmp_path.glob("*.zip")] == [
        f"hsds-{current_generation()}.zip"
    ]
    group.name = "Lichtblick Lünen"
    group.save()  # committed: the content generation moves on
    assert "Lichtblick Lünen" in services()
    assert len(list(tmp_path.glob("*.zip"))) == 1  # the earlier one is removed
