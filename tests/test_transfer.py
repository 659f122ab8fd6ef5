"""Export of group lists as CSV/XLSX and import with a dry run and an all-or-nothing commit."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from groups import transfer
from groups.models import Group, Topic
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


def test_a_failure_while_writing_rolls_back_the_whole_file(client, unna, monkeypatch):
    editor = staff_client(client, unna)
    text = "Name;PLZ;Ort\nErste Gruppe;44532;Lünen\nZweite Gruppe;44532;Lünen\n"
    dry_run = editor.post(IMPORT_URL, {"file": csv_file(text), "contact_point": unna.pk})

    def failing_history(*args, **kwargs):  # after the groups and their topics are written
        raise DatabaseError("disk full")

    monkeypatch.setattr(transfer, "record_history", failing_history)
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


def rows_of(count: int) -> list[dict]:
    """``count`` rows as the import reads them: new groups with topics, a site and a slug of
    their own, and an update of an existing group by name and postcode."""
    rows = [{"_line": 2, "Name": "Trauercafé Unna", "PLZ": "59423", "Beginn": "17:00"}]
    for number in range(3, count + 2):
        rows.append(
            {"_line": number, "Name": f"Gesprächskreis {number}", "PLZ": "44532", "Ort": "Lünen",
             "Themen": "Depression; Trauer", "Standort der Kontaktstelle": "Standort Lünen",
             "Kurzname": f"gruppe-nummer-{number}" if number % 2 else "", "Wochentag": "Montag"}
        )  # fmt: skip
    return rows


def test_a_dry_run_sends_as_many_statements_for_100_rows_as_for_10(unna):
    statements = {}
    for count in (10, 100):
        with CaptureQueriesContext(connection) as queries:
            plan = transfer.plan_import(rows_of(count), unna)
        assert plan.counts == {"create": count - 1, "update": 1, "reject": 0}
        statements[count] = len(queries.captured_queries)
    assert statements[100] == statements[10] <= 10


def test_groups_of_one_name_in_one_file_get_slugs_of_their_own(client, unna):
    editor = staff_client(client, unna)
    GroupFactory(name="Offener Treff", slug="offener-treff")  # another contact point's
    long_name = "Selbsthilfegruppe für Angehörige von Menschen mit Demenz im Kreis Unna, Gruppe"
    text = (
        "Name;PLZ;Ort;Kurzname\n"
        "Offener Treff;44532;Lünen;\n"
        "Offener Treff;59423;Unna;\n"
        f"{long_name} 1;44532;Lünen;\n"  # the same slug up to its length
        f"{long_name} 2;44532;Lünen;\n"
        "Erster Treff;44532;Lünen;mein-treff\n"
        "Zweiter Treff;44532;Lünen;mein-treff\n"
    )
    dry_run = editor.post(IMPORT_URL, {"file": csv_file(text), "contact_point": unna.pk})
    assert dry_run.context["plan"].counts == {"create": 6, "update": 0, "reject": 0}
    response = editor.post(IMPORT_URL, {"payload": dry_run.context["payload"]})
    assert response.status_code == 302
    names = [line.split(";")[0] for line in text.splitlines()[1:]]
    slugs = list(
        Group.objects.filter(name__in=names, contact_point=unna).values_list("slug", flat=True)
    )
    assert len(set(slugs)) == 6
    assert {"offener-treff-2", "offener-treff-3", "mein-treff"} <= set(slugs)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"Status": "Beendet"}, "Beendet am"),  # group_ended_has_end_date
        ({"Gegründet am": "01.02.2020", "Beendet am": "01.01.2020"}, "Beendet am"),
        ({"Beginn": "19:00", "Ende": "18:00"}, "Ende"),  # group_meeting_ends_after_start
        ({"Rhythmus": "Wöchentlich", "Woche im Monat": "zweiten"}, "Woche im Monat"),
        ({"Rhythmus": "Monatlich am n-ten Wochentag"}, "Woche im Monat"),
        ({"Breitengrad": "51,6"}, "Breiten- und Längengrad"),  # coordinates_valid
        ({"Breitengrad": "91", "Längengrad": "7"}, "Breitengrad"),
        ({"Breitengrad": "nan", "Längengrad": "7"}, "keine Zahl"),
        ({"PLZ": "4453"}, "PLZ"),  # postcode_five_digits
    ],
)
def test_rows_against_a_database_constraint_are_explained_in_the_dry_run(unna, cells, message):
    # The dry run checks the model's rules in Python (clean() and the fields' validators),
    # not the database's check constraints: every constraint needs its rule there.
    plan = transfer.plan_import([{"_line": 2, "Name": "Neue Gruppe"} | cells], unna)
    assert plan.rows[0].action == "reject"
    assert message in " ".join(plan.rows[0].errors)
    for error in plan.rows[0].errors:
        assert "Constraint" not in error and "Bedingung" not in error and "__all__" not in error


def test_every_check_constraint_of_a_group_has_a_rule_the_dry_run_explains():
    explained = {
        "groups_group_coordinates_valid", "groups_group_postcode_five_digits",
        "group_ended_has_end_date", "group_ended_after_founded",
        "group_meeting_ends_after_start", "group_week_of_month_only_monthly_rhythms",
        "group_monthly_has_week_and_day",
    }  # fmt: skip
    assert {constraint.name for constraint in Group._meta.constraints} == explained


def test_an_import_records_one_history_entry_per_group_with_its_topics_and_user(client, unna):
    editor = staff_client(client, unna)
    existing = Group.objects.get(name="Trauercafé Unna")
    before = existing.history.count()
    text = (
        "Name;PLZ;Ort;Themen\n"
        'Trauercafé Unna;59423;Unna;"Trauer; Depression"\n'
        "Neue Gruppe;44532;Lünen;Depression\n"
    )
    dry_run = editor.post(IMPORT_URL, {"file": csv_file(text), "contact_point": unna.pk})
    editor.post(IMPORT_URL, {"payload": dry_run.context["payload"]})
    user = dry_run.wsgi_request.user
    new = Group.objects.get(name="Neue Gruppe")
    (created,) = new.history.all()
    assert (created.history_type, created.history_user) == ("+", user)
    assert created.history_change_reason == "Importiert aus gruppen.csv"
    assert [link.topic.name for link in created.topics.all()] == ["Depression"]
    assert existing.history.count() == before + 1
    changed = existing.history.latest()
    assert (changed.history_type, changed.history_user) == ("~", user)
    assert sorted(link.topic.name for link in changed.topics.all()) == ["Depression", "Trauer"]
    # The search columns know the new topics.
    existing.refresh_from_db()
    depression = Topic.objects.get(name="Depression")
    assert depression.pk in existing.search_topic_ids
    assert depression.pk in Group.objects.get(pk=new.pk).search_topic_ids


def test_a_file_just_under_the_upload_limit_can_be_confirmed(client, unna):
    """The confirmation carries the signed rows back to the server: for a file near 5 MB
    that is more than Django's default 2.5 MB of form data, which answered 400."""
    import random

    words = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyzäöüß "
    rows = ["Name;PLZ;Ort;Beschreibung"]
    for number in range(60):
        text = "".join(words.choice(letters) for _ in range(70_000))
        rows.append(f"Gesprächskreis {number};44532;Lünen;{text}")
    upload = csv_file("\n".join(rows))
    assert 4_500_000 < upload.size < 5 * 1024 * 1024
    editor = staff_client(client, unna)
    dry_run = editor.post(IMPORT_URL, {"file": upload, "contact_point": unna.pk})
    assert dry_run.status_code == 200 and dry_run.context["plan"].rows
    payload = dry_run.context["payload"]
    assert len(payload) > 2.5 * 1024 * 1024  # more than Django's default allows
    done = editor.post(IMPORT_URL, {"payload": payload, "skip_rejected": "1"})
    assert done.status_code in (200, 302)  # never 400: taken, and answered as a page


def test_a_topic_with_a_qualifier_sets_the_audience_or_focus(unna):
    rows = [
        {"_line": 2, "Name": "Angehörige Depression", "PLZ": "44532", "Ort": "Lünen",
         "Themen": "Depression (Angehörige)"},
        {"_line": 3, "Name": "Junge Trauernde", "PLZ": "44532", "Ort": "Lünen",
         "Themen": "Trauer (junge Erwachsene); Depression"},
        {"_line": 4, "Name": "Spalte", "PLZ": "44532", "Ort": "Lünen",
         "Themen": "Depression (Angehörige)", "Zielgruppe": "Betroffene"},
        {"_line": 5, "Name": "Sport", "PLZ": "44532", "Ort": "Lünen",
         "Themen": "Depression (Sport)"},
        {"_line": 6, "Name": "Beide", "PLZ": "44532", "Ort": "Lünen",
         "Themen": "Depression (Angehörige); Trauer (Betroffene)"},
    ]  # fmt: skip
    plan = transfer.plan_import(rows, unna)
    relatives, young, column, sport, both = plan.rows
    assert relatives.action == "create" and relatives.group.audience == "relatives"
    assert [topic.name for topic in relatives.topics] == ["Depression"]
    assert young.group.focus == ["young"] and young.group.audience == "affected"
    assert {topic.name for topic in young.topics} == {"Trauer", "Depression"}
    assert column.action == "create" and column.group.audience == "affected"  # the column
    assert both.group.audience == "both"  # the qualifiers name both
    assert sport.action == "reject" and "Depression (Sport)" in " ".join(sport.errors)
