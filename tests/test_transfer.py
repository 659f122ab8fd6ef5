"""Export of group lists as CSV/XLSX and import with a dry run and an all-or-nothing commit."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from openpyxl import load_workbook

from groups import transfer
from groups.models import Group
from tests.factories import (
    ContactPointFactory,
    GroupFactory,
    SiteFactory,
    TopicFactory,
    staff_client,
)

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:groups_group_import")


def csv_file(text: str, name="gruppen.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


@pytest.fixture
def unna(german_places):
    contact_point = ContactPointFactory(name="K.I.S.S. Kreis Unna")
    site = SiteFactory(contact_point=contact_point, name="Standort Lünen")
    depression = TopicFactory(name="Depression", synonyms=["Depressionen"])
    grief = TopicFactory(name="Trauer")
    group = GroupFactory(
        name="Angst & Depression Lünen",
        contact_point=contact_point,
        description='Wir sprechen offen über "schwere" Tage;\nauch mit Zeilenumbruch.',
        focus=[Group.Focus.YOUNG, Group.Focus.WOMEN],
        frequency=Group.Frequency.MONTHLY,
        week_of_month=Group.WeekOfMonth.SECOND,
        weekday=Group.Weekday.TUESDAY,
        starts_at=datetime.time(18, 30),
        ends_at=datetime.time(20, 0),
        languages=["de", "tr"],
        step_free=True,
        meeting_site=site,
        postcode="44532",
        town="Lünen",
        latitude=51.6067,
        longitude=7.5241,
        public_phone="+49 2306 12345",
        contact_person='=HYPERLINK("http://evil.example")',
        contact_person_email="anna@example.org",
        last_verified_on=datetime.date(2026, 3, 1),
        consent_given_on=datetime.date(2025, 1, 15),
    )
    group.topics.set([depression, grief])
    GroupFactory(name="Trauercafé Unna", contact_point=contact_point, postcode="59423",
                 town="Unna", status=Group.Status.PAUSED).topics.set([grief])  # fmt: skip
    return contact_point


def snapshot(groups):
    """Everything an export holds, per group name, without the ids."""
    rows = list(transfer.export_rows(groups))
    return {row[1]: row[1:] for row in rows[1:]}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_gives_the_same_groups(client, unna, file_format):
    editor = staff_client(client, unna)
    export = editor.get(reverse("admin:groups_group_export", args=[file_format]))
    assert export.status_code == 200
    assert "attachment" in export["Content-Disposition"]
    before = snapshot(Group.objects.filter(contact_point=unna))
    Group.objects.all().delete()  # an empty database: only topics, sites, contact points

    upload = SimpleUploadedFile(f"export.{file_format}", export.content)
    dry_run = editor.post(IMPORT_URL, {"file": upload, "contact_point": unna.pk})
    assert dry_run.status_code == 200
    plan = dry_run.context["plan"]
    assert [row.action for row in plan.rows] == ["create", "create"], [r.errors for r in plan.rows]
    assert not Group.objects.exists()  # a dry run writes nothing

    response = editor.post(IMPORT_URL, {"payload": dry_run.context["payload"]})
    assert response.status_code == 302
    assert snapshot(Group.objects.filter(contact_point=unna)) == before
    imported = Group.objects.get(name="Angst & Depression Lünen")
    assert imported.history.latest().history_change_reason == f"Importiert aus export.{file_format}"


def test_exports_only_visible_groups_and_neutralises_formulas(client, unna, world):
    editor = staff_client(client, unna)
    csv_text = editor.get(reverse("admin:groups_group_export", args=["csv"])).content
    text = csv_text.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("ID;Name;Kurzname;Status;Themen")
    assert "Dortmunder Runde" not in text and "Zwickauer Runde" not in text
    assert "'=HYPERLINK" in text and "'+49 2306 12345" in text
    xlsx = editor.get(reverse("admin:groups_group_export", args=["xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    formula = next(cell for cell in cells if str(cell.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    # Dates and times are a spreadsheet's dates and times, shown the German way.
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Angst & Depression Lünen")
    verified = row[header.index("Zuletzt geprüft")]
    assert verified.is_date and verified.value == datetime.datetime(2026, 3, 1)
    assert verified.number_format == "DD.MM.YYYY"
    starts = row[header.index("Beginn")]
    assert starts.value == datetime.time(18, 30) and starts.number_format == "HH:MM"
    assert "01.03.2026" in text  # the CSV keeps writing them as text
    filtered = editor.get(
        reverse("admin:groups_group_export", args=["csv"]), {"status__exact": "paused"}
    ).content.decode("utf-8-sig")
    assert "Trauercafé Unna" in filtered and "Angst & Depression" not in filtered


def test_dry_run_explains_each_rejected_row_and_apply_skips_only_when_confirmed(client, unna):
    editor = staff_client(client, unna)
    existing = Group.objects.get(name="Trauercafé Unna")
    text = (
        "Name;PLZ;Ort;Themen;Beginn;Wochentag;Status\n"
        "Trauercafé Unna;59423;Unna;Trauer;17:00;Mittwoch;aktiv\n"  # update by name + PLZ
        "Neue Gruppe Depression;44532;Lünen;depressionen;19 Uhr;;\n"  # synonym, any case
        "Kaputte Zeile;4453;Lünen;Xylophon;25:00;Funtag;\n"
        ";44532;Lünen;;;;\n"
    )
    dry_run = editor.post(IMPORT_URL, {"file": csv_file(text), "contact_point": unna.pk})
    rows = dry_run.context["plan"].rows
    assert [row.action for row in rows] == ["update", "create", "reject", "reject"]
    assert set(rows[0].changed) >= {"Beginn", "Wochentag", "Status"}
    errors = " ".join(rows[2].errors)
    for expected in ("PLZ", "Xylophon", "25:00", "Funtag"):
        assert expected in errors
    assert "Name" in " ".join(rows[3].errors)
    assert "Zeile" in dry_run.text or "Row" in dry_run.text

    refused = editor.post(IMPORT_URL, {"payload": dry_run.context["payload"]})
    assert refused.status_code == 200 and "bestätigen" in refused.text
    assert not Group.objects.filter(name="Neue Gruppe Depression").exists()

    done = editor.post(IMPORT_URL, {"payload": dry_run.context["payload"], "skip_rejected": "1"})
    assert done.status_code == 302
    existing.refresh_from_db()
    assert (existing.starts_at, existing.weekday, existing.status) == (
        datetime.time(17, 0), Group.Weekday.WEDNESDAY, Group.Status.ACTIVE)  # fmt: skip
    new = Group.objects.get(name="Neue Gruppe Depression")
    assert [topic.name for topic in new.topics.all()] == ["Depression"]
    assert new.contact_point == unna
    assert not Group.objects.filter(name="Kaputte Zeile").exists()


def test_a_row_failing_while_writing_rolls_back_the_whole_file(client, unna, monkeypatch):
    editor = staff_client(client, unna)
    text = "Name;PLZ;Ort\nErste Gruppe;44532;Lünen\nZweite Gruppe;44532;Lünen\n"
    dry_run = editor.post(IMPORT_URL, {"file": csv_file(text), "contact_point": unna.pk})
    original_save = Group.save

    def failing_db_save(self, *args, **kwargs):
        if self.name == "Zweite Gruppe":
            raise DatabaseError("disk full")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Group, "save", failing_db_save)
    response = editor.post(IMPORT_URL, {"payload": dry_run.context["payload"]})
    assert response.status_code == 200 and "nichts gespeichert" in response.text
    assert not Group.objects.filter(name="Erste Gruppe").exists()


def test_import_is_limited_to_the_users_contact_points(client, unna, world):
    editor = staff_client(client, unna)
    foreign = world["foreign"]
    text = f"ID;Name;PLZ;Ort\n{foreign.pk};Übernommen;44135;Dortmund\n"
    response = editor.post(
        IMPORT_URL, {"file": csv_file(text), "contact_point": world["dortmund"].pk}
    )
    assert "contact_point" in response.context["form"].errors  # not a choice for this user
    dry_run = editor.post(IMPORT_URL, {"file": csv_file(text), "contact_point": unna.pk})
    assert dry_run.context["plan"].rows[0].action == "create"  # a foreign id is not matched
    tampered = dry_run.context["payload"][:-3] + "abc"
    editor.post(IMPORT_URL, {"payload": tampered})
    foreign.refresh_from_db()
    assert foreign.name == "Dortmunder Runde"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("leer.csv", b""), "leer"),
        (SimpleUploadedFile("x.csv", b"Spalte;Andere\n1;2\n"), "Name"),
        (SimpleUploadedFile("x.xlsx", b"PK\x03\x04kaputt"), "XLSX"),
        (SimpleUploadedFile("x.pdf", b"%PDF-1.4"), "CSV- oder XLSX"),
        (SimpleUploadedFile("x.csv", b"Name;Ort\n\x81\x8d;L\n"), "Windows-1252"),
        (SimpleUploadedFile("x.csv", "Name;Ort\nÄrger;Lünen\n".encode("cp1252")), None),
    ],
)
def test_bad_files_are_explained_not_crashing(client, unna, upload, message):
    editor = staff_client(client, unna)
    response = editor.post(IMPORT_URL, {"file": upload, "contact_point": unna.pk})
    assert response.status_code == 200
    if message:
        assert message in " ".join(response.context["form"].errors["file"])
    else:  # a file saved by an old Excel in Windows-1252 is read too
        assert response.context["plan"].rows[0].name == "Ärger"


def test_a_one_column_file_is_read_without_changing_the_csv_module(client, unna):
    editor = staff_client(client, unna)
    response = editor.post(
        IMPORT_URL, {"file": csv_file("Name\nGruppe A\n"), "contact_point": unna.pk}
    )
    assert [row.name for row in response.context["plan"].rows] == ["Gruppe A"]
    assert csv.excel.delimiter == ","  # other users of the csv module keep the default
