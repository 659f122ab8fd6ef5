"""Merging another directory: its HSDS package (ZIP) or JSON goes through the import's dry
run and commit, matched by this site's ids, or by name and postcode; a second import of the
same file changes nothing."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from groups import hsds_tabular
from groups.models import Group
from tests.factories import (
    ContactPointFactory,
    GroupFactory,
    SiteFactory,
    TopicFactory,
    import_dry_run,
    staff_client,
)

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:groups_group_import")


@pytest.fixture
def other_directory(german_places):
    """A directory whose export we import: two groups on a shared topic."""
    source = ContactPointFactory(name="Anderes Verzeichnis", federal_state="NW")
    SiteFactory(contact_point=source)
    grief = TopicFactory(name="Trauer")
    weekly = GroupFactory(name="Trauercafé Lünen", contact_point=source, postcode="44532",
                          town="Lünen", street="Markt 1", weekday=2, frequency="weekly",
                          contact_mode="direct", public_email="cafe@example.org")  # fmt: skip
    monthly = GroupFactory(
        name="Verwaiste Eltern", contact_point=source, postcode="59423", town="Unna",
        weekday=3, frequency="monthly", week_of_month=2,
    )  # fmt: skip
    for group in (weekly, monthly):
        group.topics.add(grief)
    return {"source": source, "grief": grief}


def dry_run_and_commit(client, contact_point, upload):
    dry_run = client.post(IMPORT_URL, {"file": upload, "contact_point": contact_point.pk})
    assert dry_run.status_code == 200, dry_run.text[:500]
    plan = dry_run.context["plan"]
    response = client.post(IMPORT_URL, {"payload": dry_run.context["payload"]})
    assert response.status_code == 302
    return plan


def test_an_hsds_package_is_merged_through_the_dry_run_and_once_only(client, other_directory):
    package = hsds_tabular.package_bytes()
    target = ContactPointFactory(name="K.I.S.S. Kreis Unna", federal_state="NW")
    existing = GroupFactory(name="Verwaiste Eltern", contact_point=target, postcode="59423",
                            town="Unna")  # fmt: skip
    # The source's groups leave (another installation): only name and postcode can match.
    Group.objects.filter(contact_point=other_directory["source"]).delete()
    editor = staff_client(client, target)
    upload = SimpleUploadedFile("anderes-verzeichnis.zip", package)
    dry_run = client.post(IMPORT_URL, {"file": upload, "contact_point": target.pk})
    plan = dry_run.context["plan"]
    assert sorted((row.name, row.action) for row in plan.rows) == [
        ("Trauercafé Lünen", "create"), ("Verwaiste Eltern", "update")]  # fmt: skip
    assert not Group.objects.filter(name="Trauercafé Lünen").exists()  # nothing written yet
    editor.post(IMPORT_URL, {"payload": dry_run.context["payload"]})
    cafe = Group.objects.get(name="Trauercafé Lünen")
    assert (cafe.contact_point, cafe.weekday, cafe.frequency, cafe.street) == (
        target, 2, "weekly", "Markt 1")  # fmt: skip
    assert cafe.public_email == "cafe@example.org"
    assert list(cafe.topics.all()) == [other_directory["grief"]]
    existing.refresh_from_db()
    assert (existing.frequency, existing.week_of_month, existing.weekday) == ("monthly", 2, 3)
    # The same file again: every row matches and nothing is written, not even history.
    history = Group.history.count()
    upload = SimpleUploadedFile("anderes-verzeichnis.zip", package)
    plan = dry_run_and_commit(client, target, upload)
    assert {row.action for row in plan.rows} == {"update"}
    assert all(not row.changed for row in plan.rows)
    assert Group.history.count() == history
    assert Group.objects.filter(name="Trauercafé Lünen").count() == 1


def test_the_api_json_is_read_too_and_our_own_ids_match_the_rows(client, other_directory):
    services = client.get(reverse("groups:hsds_services"), {"full": "true"}).json()
    source = other_directory["source"]
    editor = staff_client(client, source)
    Group.objects.filter(name="Trauercafé Lünen").update(name="Trauercafé (alter Name)")
    upload = SimpleUploadedFile("seite-1.json", json.dumps(services).encode())
    plan = dry_run_and_commit(editor, source, upload)
    renamed = next(row for row in plan.rows if row.name == "Trauercafé Lünen")
    assert renamed.action == "update" and "Name" in renamed.changed  # matched by our id
    assert Group.objects.filter(name="Trauercafé Lünen").count() == 1


def test_a_broken_json_file_is_explained(client, other_directory):
    editor = staff_client(client, other_directory["source"])
    upload = SimpleUploadedFile("kaputt.json", b"{nicht json")
    page = editor.post(IMPORT_URL, {"file": upload, "contact_point": other_directory["source"].pk})
    assert page.status_code == 200 and "kein gültiges JSON" in page.text


def package(**tables: bytes) -> bytes:
    """An HSDS package of the given tables (``services`` for ``services.csv``, …)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, content in tables.items():
            archive.writestr(f"{table}.csv", content)
    return buffer.getvalue()


def test_a_package_in_windows_1252_is_read_and_one_in_no_known_encoding_explained(editor):
    services = "id,name,description\ns1,Ärger im Büro,Gespräche\n".encode("cp1252")
    phones = "id,service_id,number\np1,s1,02303 123\n".encode("cp1252")
    plan = import_dry_run(editor, "paket.zip", package(services=services, phones=phones))
    (row,) = plan.context["plan"].rows
    assert row.name == "Ärger im Büro" and row.group.public_phone == "02303 123"
    broken = package(services=services, phones=b"id,service_id,number\np1,s1,\x81\x8d\n")
    errors = import_dry_run(editor, "paket.zip", broken).context["form"].errors["file"]
    assert errors == ["„phones.csv“ im ZIP-Archiv ist weder UTF-8- noch Windows-1252-Text."]


def test_json_nested_too_deeply_is_explained(editor):
    content = b"[" * 100_000 + b"]" * 100_000
    errors = import_dry_run(editor, "tief.json", content).context["form"].errors["file"]
    assert errors == ["Die JSON-Datei ist zu tief verschachtelt, um HSDS zu sein."]


@pytest.mark.parametrize(
    ("service", "field"),
    [
        ({"phones": "x"}, "phones"),
        ({"phones": [{"number": {"a": 1}}]}, "number"),
        ({"service_at_locations": [1]}, "service_at_locations"),
        ({"service_at_locations": [{"location": []}]}, "location"),
        ({"service_at_locations": [{"location": {"addresses": {}}}]}, "addresses"),
        ({"schedules": {}}, "schedules"),
        ({"schedules": [{"byday": ["MO"]}]}, "byday"),
        ({"attributes": [{"taxonomy_term": "Trauer"}]}, "taxonomy_term"),
        ({"languages": [["de"]]}, "languages"),
        ({"status": ["active"]}, "status"),
        ({"id": {"value": 1}}, "id"),
        ({"name": {"de": "Gruppe"}}, "name"),
    ],
)
def test_a_service_of_the_wrong_types_is_named_by_its_position(editor, service, field):
    services = [{"name": "Gruppe A"}, {"name": "Gruppe B"} | service]
    response = import_dry_run(editor, "seite.json", json.dumps({"contents": services}).encode())
    assert response.context["form"].errors["file"] == [
        f"Angebot 2 der Datei ist kein HSDS: „{field}“ hat den falschen Typ."
    ]


def test_more_services_than_the_limit_are_refused(editor):
    services = [{"name": f"Gruppe {number}"} for number in range(5001)]
    response = import_dry_run(editor, "seite.json", json.dumps(services).encode())
    assert response.context["form"].errors["file"] == ["Die Datei hat mehr als 5.000 Zeilen."]
