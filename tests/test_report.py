"""The annual report: each figure on a fixture whose answer is known, access, and exports."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from contactpoints import printing
from contactpoints.models import ContactPoint, Inquiry, Membership, ReportText
from contactpoints.printing import report_pdf_data
from contactpoints.reports import annual_report
from events import services
from events.models import Event, Registration
from groups.models import Group, HistoricalGroup, Place
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    GroupFactory,
    SiteFactory,
    TopicFactory,
    UserFactory,
    staff_client,
)

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=12):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def dated_group(recorded_on, topics=(), **fields):
    """A group (with ``topics``) whose history starts on ``recorded_on``."""
    group = GroupFactory(**fields)
    group.topics.add(*topics)
    HistoricalGroup.objects.filter(id=group.pk).update(history_date=recorded_on)
    return group


def change(group, on, **fields):
    for name, value in fields.items():
        setattr(group, name, value)
    group.save()
    latest = HistoricalGroup.objects.filter(id=group.pk).latest("history_id")
    HistoricalGroup.objects.filter(history_id=latest.history_id).update(history_date=on)


def figure(report, table, label):
    found = report.figure(table, label)
    return found.value, found.previous


@pytest.fixture
def region():
    """K.I.S.S. with a site and a child; a neighbour; groups, inquiries and events across
    the years 2024 to 2026."""
    kiss = ContactPointFactory(name="K.I.S.S. Kreis Unna", slug="kiss")
    child = ContactPointFactory(name="K.I.S.S. Schwerte", slug="kiss-schwerte", parent=kiss)
    neighbour = ContactPointFactory(name="Kontaktstelle Dortmund", slug="dortmund")
    site = SiteFactory(contact_point=kiss)
    sucht = TopicFactory(name="Alkohol", category="addiction")
    psyche = TopicFactory(name="Depression", category="mental_health")
    early = at(2023, 1, 1)
    dated_group(
        early, [sucht], contact_point=kiss, founded_on=datetime.date(2010, 1, 1), meeting_site=site
    )
    dated_group(
        early, [psyche], contact_point=child, founded_on=datetime.date(2025, 5, 1), format="online"
    )
    dated_group(early, contact_point=kiss, founded_on=datetime.date(2026, 2, 1))
    dated_group(early, contact_point=kiss, status="founding", founded_on=None)
    ended = dated_group(early, contact_point=kiss, founded_on=datetime.date(2015, 1, 1))
    change(ended, at(2025, 8, 31), status="ended", ended_on=datetime.date(2025, 8, 31))
    mover = dated_group(early, contact_point=neighbour, founded_on=datetime.date(2012, 1, 1))
    change(mover, at(2025, 6, 15), contact_point=kiss)
    mover.topics.add(psyche)  # added today: not in the 2025 state

    for day, channel, person, outcomes in [
        (datetime.date(2024, 12, 31), "phone", "affected", ["group"]),
        (datetime.date(2025, 1, 1), "phone", "affected", ["group", "founding"]),
        (datetime.date(2025, 3, 3), "email", "relative", ["information"]),
        (datetime.date(2025, 12, 31), "in_person", "affected", ["other_service"]),
    ]:
        inquiry = Inquiry.objects.create(
            contact_point=kiss, date=day, channel=channel, person=person, outcomes=outcomes
        )
        inquiry.topics.add(sucht)
    Inquiry.objects.create(
        contact_point=neighbour, date=datetime.date(2025, 5, 5), channel="phone", person="other"
    )

    training = EventFactory(
        contact_point=kiss,
        kind="training",
        registration_required=True,
        starts_at=at(2025, 12, 8),
        ends_at=at(2025, 12, 8, 14),
    )
    training.topics.add(sucht)
    Registration.objects.create(
        event=training, name="A", email="a@example.org", persons=2, attendance="attended"
    )
    Registration.objects.create(
        event=training, name="B", email="b@example.org", attendance="no_show"
    )
    Registration.objects.create(
        event=training, name="C", email="c@example.org", status="waiting_list"
    )
    EventFactory(
        contact_point=child,
        kind="meetup",
        is_online=True,
        starts_at=at(2025, 3, 1),
        ends_at=at(2025, 3, 1, 14),
    )
    EventFactory(
        contact_point=kiss,
        status=Event.Status.CANCELLED,
        starts_at=at(2025, 4, 1),
        ends_at=at(2025, 4, 1, 14),
    )
    EventFactory(contact_point=kiss, starts_at=at(2026, 1, 2), ends_at=at(2026, 1, 2, 14))
    return {"kiss": kiss, "child": child, "neighbour": neighbour}


def test_a_group_that_moved_counts_for_its_contact_point_of_that_time(region):
    before = annual_report(region["neighbour"], 2024)
    after = annual_report(region["neighbour"], 2025)
    assert figure(before, "groups", "Aktive Gruppen zum Jahresende")[0] == 1
    assert figure(after, "groups", "Aktive Gruppen zum Jahresende")[0] == 0


def test_inquiries_by_month_count_the_first_and_last_day_of_the_year(region):
    report = annual_report(region["kiss"], 2025)
    months = {label: value for label, value, _ in report.table("inquiries_by_month").bars}
    assert months["Jan"] == 1 and months["Mär"] == 1 and months["Dez"] == 1
    assert sum(months.values()) == 3


def test_child_report_and_coordinator_breakdown(region):
    child = annual_report(region["child"], 2025)
    assert figure(child, "groups", "Aktive Gruppen zum Jahresende") == (1, 0)
    assert child.breakdown == []
    parent = annual_report(region["kiss"], 2025)
    rows = {str(cp): [(f.value, f.previous) for f in figures] for cp, figures in parent.breakdown}
    assert rows["K.I.S.S. Schwerte"][0] == (1, 0)
    assert rows["K.I.S.S. Kreis Unna"][0] == (2, 2)
    # Per key figure a table of the contact points whose total is the family's figure.
    for table, headline in zip(parent.breakdown_tables, parent.key_figures, strict=True):
        assert table.title == headline.label
        assert (table.total.value, table.total.previous) == (headline.value, headline.previous)


def test_an_empty_year_is_a_report_of_zeros(client, region):
    report = annual_report(region["kiss"], 2005)
    assert all(f.value == 0 for s in report.sections[1:] for f in s.figures)
    staff_client(client, region["kiss"])
    assert client.get(reverse("annual_report", args=[2005, "kiss"])).status_code == 200


def test_report_page_shows_charts_and_tables(client, region):
    staff_client(client, region["kiss"], role=Membership.Role.COORDINATOR)
    page = client.get(reverse("annual_report", args=[2025, "kiss"]))
    assert page.status_code == 200
    # Charts: groups by category, inquiries by channel, month and topic, events by kind.
    assert page.text.count('<svg class="report-chart"') == 5
    assert "<caption>Anfragen nach Weg</caption>" in page.text
    assert '<td class="number">33\u202f%</td><td class="number">50\u202f%</td>' in page.text
    assert "−17\u202fPp." in page.text  # a share changes in percentage points
    assert "K.I.S.S. Schwerte" in page.text
    assert (
        "Die Zahlen umfassen 2 Kontaktstellen: K.I.S.S. Kreis Unna und K.I.S.S. Schwerte."
        in page.text
    )


def test_only_own_and_lower_contact_points_reports_are_visible(client, region):
    staff_client(client, region["child"])
    assert client.get(reverse("annual_report", args=[2025, "kiss-schwerte"])).status_code == 200
    for slug in ["kiss", "dortmund"]:
        assert client.get(reverse("annual_report", args=[2025, slug])).status_code == 404
        url = reverse("annual_report_export", args=[2025, slug, "csv"])
        assert client.get(url).status_code == 404
    client.logout()
    staff_client(client, region["kiss"], role=Membership.Role.COORDINATOR)
    assert client.get(reverse("annual_report", args=[2025, "kiss-schwerte"])).status_code == 200


def test_report_needs_a_staff_login(client, region):
    response = client.get(reverse("annual_report", args=[2025, "kiss"]))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("year", ["1999", "2999"])
def test_years_outside_the_range_are_404(client, region, year):
    staff_client(client, region["kiss"])
    assert client.get(f"/verwaltung/bericht/{year}/kiss/").status_code == 404


def test_csv_export_parses_back(client, region):
    staff_client(client, region["kiss"])
    response = client.get(reverse("annual_report_export", args=[2025, "kiss", "csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Bereich", "Tabelle", "Kontaktstelle", "Kennzahl", "Einheit", "2025", "2024",
        "Veränderung", "Einheit der Veränderung",
    ]  # fmt: skip
    everyone = "K.I.S.S. Kreis Unna"  # an editor's report covers their contact point only
    assert ["Anfragen", "Anfragen im Jahr", everyone, "Anfragen", "Anfragen", "3", "1", "2",
            "Anfragen"] in rows  # fmt: skip
    share = "Anteil an den aktiven Gruppen"
    assert [row[5:] for row in rows if row[3] == share] == [["50", "50", "0", "Prozentpunkte"]]


def test_csv_and_xlsx_give_each_contact_point_with_the_year_before(client, region):
    staff_client(client, region["kiss"], role=Membership.Role.COORDINATOR)
    response = client.get(reverse("annual_report_export", args=[2025, "kiss", "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    wanted = ["Nach Kontaktstelle", "Aktive Gruppen zum Jahresende"]
    active = [row[2:8] for row in rows if row[:2] == wanted]
    assert active == [
        ["K.I.S.S. Kreis Unna", "Aktive Gruppen zum Jahresende", "Gruppen", "2", "2", "0"],
        ["K.I.S.S. Schwerte", "Aktive Gruppen zum Jahresende", "Gruppen", "1", "0", "1"],
        ["K.I.S.S. Kreis Unna mit den untergeordneten Kontaktstellen",
         "Aktive Gruppen zum Jahresende", "Gruppen", "3", "2", "1"],
    ]  # fmt: skip
    response = client.get(reverse("annual_report_export", args=[2025, "kiss", "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Nach Kontaktstelle"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Teilgenommen haben"]
    assert [row[1:6] for row in rows] == [
        ("K.I.S.S. Kreis Unna", "Personen", 2, 0, 2),
        ("K.I.S.S. Schwerte", "Personen", 0, 0, 0),
        ("Insgesamt", "Personen", 2, 0, 2),
    ]


def test_xlsx_export_has_a_sheet_per_section_with_numbers(client, region):
    staff_client(client, region["kiss"], role=Membership.Role.COORDINATOR)
    response = client.get(reverse("annual_report_export", args=[2025, "kiss", "xlsx"]))
    content = response.content
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        "Überblick",
        "Selbsthilfegruppen",
        "Anfragen",
        "Veranstaltungen",
        "Nach Kontaktstelle",
    ]
    sheet = workbook["Anfragen"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:G")
    rows = {(row[0], row[1]): row[2:6] for row in sheet.iter_rows(values_only=True)}
    assert rows["Anfragen im Jahr", "Anfragen"] == ("Anfragen", 3, 1, 2)
    assert rows["Anfragen nach Weg", "Alle Anfragen"] == ("Anfragen", 3, 1, 2)
    groups = workbook["Selbsthilfegruppen"]
    (share,) = [
        row for row in groups.iter_rows() if row[1].value == "Anteil an den aktiven Gruppen"
    ]
    assert share[3].value == pytest.approx(0.33) and share[3].number_format == "0%"
    assert share[5].value == -17 and "Pp." in share[5].number_format
    overview = workbook["Überblick"]
    dates = {row[0].value: row[1] for row in overview.iter_rows(min_row=3, max_row=6)}
    assert dates["Zeitraum von"].value == datetime.datetime(2025, 1, 1)
    assert dates["Zeitraum bis"].is_date and dates["Exportiert am"].is_date
    assert "K.I.S.S. Kreis Unna" in overview["A9"].value  # the first page's text
    # Native charts: one per charted table, each over its rows of the sheet.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert len(charts) == 5
        xml = "".join(archive.read(name).decode() for name in charts)
    first_channel = next(
        number for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        if row[0] == "Anfragen nach Weg"
    )  # fmt: skip
    assert f"'Anfragen'!$D${first_channel}:$D${first_channel + 4}" in xml
    assert '<barDir val="bar" />' in xml  # horizontal bars


def test_unknown_export_format_is_404(client, region):
    staff_client(client, region["kiss"])
    assert client.get("/verwaltung/bericht/2025/kiss.pdfx").status_code == 404


def test_history_backfill_gives_bulk_created_groups_a_start(region):
    from groups.history import record_missing_history

    bulk = Group.objects.bulk_create([Group(name="Neu", slug="neu", contact_point=region["kiss"])])
    assert record_missing_history(HistoricalGroup) == 1
    assert HistoricalGroup.objects.get(id=bulk[0].pk).history_type == "+"
    assert record_missing_history(HistoricalGroup) == 0
    first, second = Group.objects.bulk_create(
        [Group(name=name, slug=name.lower(), contact_point=region["kiss"]) for name in "AB"]
    )
    assert record_missing_history(HistoricalGroup, [second.pk]) == 1
    assert not HistoricalGroup.objects.filter(id=first.pk).exists()


def test_events_registered_through_the_service_count_too(region):
    event = EventFactory(
        contact_point=region["kiss"],
        registration_required=True,
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    services.register(event, Registration(name="X", email="x@example.org"))
    assert Event.objects.with_participation().get(pk=event.pk).confirmed_persons == 1


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_report_has_pages_with_the_contact_points_name(client, region):
    staff_client(client, region["kiss"])
    response = client.get(reverse("annual_report_export", args=[2025, "kiss", "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response.content)
    assert pages >= 2
    assert "K.I.S.S. Kreis Unna" in text and "Jahresbericht 2025" in text
    assert "Aktive Gruppen zum Jahresende" in text


def test_pdf_of_an_empty_year_is_a_report_of_zeros(region):
    from contactpoints.printing import report_file

    content, _type = report_file(annual_report(region["neighbour"], 2005), "pdf")
    pages, text = pdf_text(content)
    assert pages >= 1 and "Kontaktstelle Dortmund" in text


def test_annual_report_command_writes_the_file(region, tmp_path):
    target = tmp_path / "bericht.xlsx"
    call_command(
        "annual_report",
        "--contact-point",
        "kiss",
        "--year",
        "2025",
        "--format",
        "xlsx",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    workbook = openpyxl.load_workbook(target)
    assert "Anfragen" in workbook.sheetnames
    pdf = tmp_path / "bericht.pdf"
    call_command(
        "annual_report",
        "--contact-point",
        "kiss",
        "--year",
        "2025",
        "-o",
        str(pdf),
        stdout=io.StringIO(),
    )
    assert "K.I.S.S. Kreis Unna" in pdf_text(pdf.read_bytes())[1]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--contact-point", "gibt-es-nicht"], "No contact point"),
        (["--contact-point", "kiss", "--year", "1990"], "No report for 1990"),
        (["--contact-point", "kiss", "-o", "/nonexistent/dir/x.pdf"], "Cannot write"),
    ],
)
def test_annual_report_command_explains_bad_arguments(region, tmp_path, arguments, message):
    if "-o" not in arguments:
        arguments = [*arguments, "-o", str(tmp_path / "x.pdf")]
    with pytest.raises(CommandError, match=message):
        call_command("annual_report", *arguments, stdout=io.StringIO())


def test_printed_directory_respects_each_groups_privacy(client, region):
    kiss = region["kiss"]
    SiteFactory(contact_point=kiss, phone="02303 272829")
    kiss.email = "kiss@kreis-unna.example"
    kiss.save()
    topic = TopicFactory(name="Angst", category="mental_health")
    GroupFactory(
        name="Offene Angstgruppe",
        contact_point=kiss,
        street="Markt 7",
        meeting_place_public=True,
        contact_mode="direct",
        public_email="offen@gruppe.example",
    ).topics.add(topic)
    GroupFactory(
        name="Geschützte Angstgruppe",
        contact_point=kiss,
        street="Geheimweg 3",
        meeting_place_public=False,
        contact_mode="via_contact_point",
        public_email="geheim@gruppe.example",
    ).topics.add(topic)
    GroupFactory(name="Ungelistete Gruppe", contact_point=kiss, is_listed=False).topics.add(topic)
    staff_client(client, kiss)
    response = client.get(reverse("printed_directory", args=["kiss"]))
    assert response.status_code == 200
    _pages, text = pdf_text(response.content)
    assert "Offene Angstgruppe" in text and "Markt 7" in text and "offen@gruppe.example" in text
    assert "Geschützte Angstgruppe" in text
    assert "Geheimweg" not in text and "geheim@gruppe.example" not in text
    assert "kiss@kreis-unna.example" in text
    assert "Ungelistete Gruppe" not in text
    assert "Angst" in text.split("Themen A–Z")[-1]  # the index


def test_printed_directory_of_another_contact_point_is_404(client, region):
    staff_client(client, region["child"])
    assert client.get(reverse("printed_directory", args=["kiss"])).status_code == 404


# Every figure of the K.I.S.S. family for 2025, (2025, 2024), worked out by hand from the
# fixture: active at end 2025 are the 2010 group, the child's online group founded in May
# and the group that moved in from Dortmund in June (2024: the 2010 group and the one that
# ended in August 2025); inquiries and events as created in ``region``.
EXPECTED_2025 = {
    "groups": {
        "Aktive Gruppen zum Jahresende": (3, 2),
        "Gruppen in Gründung zum Jahresende": (1, 1),
        "Im Jahr gegründete Gruppen": (1, 0),
        "Im Jahr beendete Gruppen": (1, 0),
    },
    "groups_by_format": {"Vor Ort": (2, 2), "Online": (1, 0), "Hybrid": (0, 0),
                         "Aktive Gruppen": (3, 2)},
    "groups_at_sites": {
        "Gruppen, die sich in Räumen der Kontaktstelle treffen": (1, 1),
        "Anteil an den aktiven Gruppen": (33, 50),
    },
    "groups_by_category": {
        "Körperliche Gesundheit": (0, 0), "Psychische Gesundheit": (1, 0), "Sucht": (1, 1),
        "Behinderung": (0, 0), "Angehörige und Familie": (0, 0), "Soziale Lebenslagen": (0, 0),
        "Sonstiges": (0, 0),
    },
    "inquiries": {
        "Anfragen": (3, 1),
        "Gründungsinteressen über die Website": (0, 0),
        "Daraus entstandene Gruppen, die sich jetzt treffen": (0, 0),
    },
    "inquiries_by_channel": {
        "Telefon": (1, 1), "E-Mail": (1, 0), "Vor Ort": (1, 0), "Videogespräch": (0, 0),
        "Webformular": (0, 0), "Alle Anfragen": (3, 1),
    },
    "inquiries_by_person": {
        "Betroffene Person": (2, 1), "Angehörige Person": (1, 0), "Fachkraft": (0, 0),
        "Sonstiges": (0, 0), "Nicht bekannt": (0, 0), "Alle Anfragen": (3, 1),
    },
    "inquiries_by_outcome": {
        "Vermittlung in eine Selbsthilfegruppe": (1, 1),
        "Vermittlung an andere Stellen": (1, 0),
        "Interesse an einer Gruppengründung": (1, 0),
        "Nur Information": (1, 0),
    },
    "inquiries_by_month": {
        "Jan": (1, 0), "Feb": (0, 0), "Mär": (1, 0), "Apr": (0, 0), "Mai": (0, 0), "Jun": (0, 0),
        "Jul": (0, 0), "Aug": (0, 0), "Sep": (0, 0), "Okt": (0, 0), "Nov": (0, 0), "Dez": (1, 1),
        "Alle Anfragen": (3, 1),
    },
    "inquiries_by_category": {
        "Körperliche Gesundheit": (0, 0), "Psychische Gesundheit": (0, 0), "Sucht": (3, 1),
        "Behinderung": (0, 0), "Angehörige und Familie": (0, 0), "Soziale Lebenslagen": (0, 0),
        "Sonstiges": (0, 0),
    },
    "inquiries_by_topic": {"Alkohol": (3, 1), "Ohne Thema": (0, 0)},
    "events": {
        "Durchgeführte Veranstaltungen": (2, 0),
        "Angemeldete Personen": (3, 0),
        "Teilgenommen haben": (2, 0),
        "Anteil Online-Veranstaltungen": (50, 0),
    },
    "events_by_kind": {
        "Fortbildung": (1, 0), "Informationsveranstaltung": (0, 0),
        "Treffen / Stammtisch": (1, 0), "Selbsthilfetag": (0, 0), "Sonstiges": (0, 0),
        "Alle durchgeführten Veranstaltungen": (2, 0),
    },
    "events_by_topic": {"Alkohol": (1, 0), "Ohne Thema": (1, 0)},
}  # fmt: skip


def test_every_figure_of_the_fixture(region):
    report = annual_report(region["kiss"], 2025)
    tables = [table for section in report.sections for table in section.tables]
    assert {t.key: {f.label: (f.value, f.previous) for f in t.rows} for t in tables} == (
        EXPECTED_2025
    )


def test_every_table_that_adds_up_has_a_total_and_the_others_say_why_not(region):
    report = annual_report(region["kiss"], 2025)
    for section in report.sections:
        for table in section.tables:
            if table.total:
                assert table.total.value == sum(f.value for f in table.figures), table.key
                assert table.total.previous == sum(f.previous for f in table.figures), table.key
            units = {f.unit for f in table.figures}
            several = sum(f.value for f in table.figures if f.unit != "percent")
            headline = table.figures[0].value
            if not table.total and len(units) == 1 and several != headline:
                assert table.note, table.key


def test_every_inquiry_topic_of_either_year_has_a_row_with_both_years(region):
    kiss = region["kiss"]
    rising = TopicFactory(name="Trauer", category="social")
    for number in range(10):  # ten topics that fill 2024's top ten with two inquiries each
        topic = TopicFactory(name=f"Thema {number}")
        for day in (1, 2):
            Inquiry.objects.create(
                contact_point=kiss, date=datetime.date(2024, 2, day), channel="phone"
            ).topics.add(topic)
    Inquiry.objects.create(
        contact_point=kiss, date=datetime.date(2024, 3, 1), channel="phone"
    ).topics.add(rising)
    for day in (1, 2, 3, 4):
        Inquiry.objects.create(
            contact_point=kiss, date=datetime.date(2025, 3, day), channel="phone"
        ).topics.add(rising)
    report = annual_report(kiss, 2025)
    topics = report.table("inquiries_by_topic")
    assert figure(report, "inquiries_by_topic", "Trauer") == (4, 1)
    assert figure(report, "inquiries_by_topic", "Alkohol") == (3, 1)
    # Every topic of either year is in the table (most frequent first, "Ohne Thema" last),
    # the chart shows the ten most frequent.
    assert [f.label for f in topics.figures][:2] == ["Trauer", "Alkohol"]
    assert len(topics.figures) == 13 and topics.figures[-1].label == "Ohne Thema"
    assert figure(report, "inquiries_by_topic", "Thema 0") == (0, 2)
    assert len(topics.bars) == 10 and topics.chart_title.endswith("(die 10 häufigsten)")


# Who sees which figures: every report URL for every role. An editor sees their own contact
# point's figures only; a coordinator also those below theirs; a superuser everything.
ROLES = {
    "superuser": {"kiss": {"kiss", "kiss-schwerte"}, "kiss-schwerte": {"kiss-schwerte"},
                  "dortmund": {"dortmund"}},
    "coordinator of kiss": {"kiss": {"kiss", "kiss-schwerte"}, "kiss-schwerte": {"kiss-schwerte"}},
    "editor of kiss": {"kiss": {"kiss"}},
    "coordinator of kiss-schwerte": {"kiss-schwerte": {"kiss-schwerte"}},
    "editor of kiss-schwerte": {"kiss-schwerte": {"kiss-schwerte"}},
    "editor of dortmund": {"dortmund": {"dortmund"}},
    "staff without membership": {},
}  # fmt: skip


def log_in_as(client, role, region):
    if role == "superuser":
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
    elif role != "staff without membership":
        kind, slug = role.split(" of ")
        contact_point = next(cp for cp in region.values() if cp.slug == slug)
        staff_client(client, contact_point, role=Membership.Role[kind.upper()])
    else:
        client.force_login(UserFactory(is_staff=True))


def report_urls(slug):
    return {
        "page": reverse("annual_report", args=[2025, slug]),
        **{
            extension: reverse("annual_report_export", args=[2025, slug, extension])
            for extension in ("csv", "xlsx", "pdf")
        },
        "directory": reverse("printed_directory", args=[slug]),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_report_url_shows_each_role_only_the_contact_points_it_acts_for(client, region, role):
    by_slug = {cp.slug: cp for cp in region.values()}
    topic = TopicFactory(name="Trauer", category="mental_health")
    for cp in by_slug.values():
        GroupFactory(name=f"{cp.slug.upper()} Trauergruppe", contact_point=cp).topics.add(topic)
    log_in_as(client, role, region)
    for slug, contact_point in by_slug.items():
        urls = report_urls(slug)
        expected = ROLES[role].get(slug)
        if expected is None:
            for url in urls.values():
                assert client.get(url).status_code == 404, (role, url)
            continue
        family = ContactPoint.objects.filter(slug__in=expected)
        names = {cp.slug: str(cp) for cp in by_slug.values()}
        report = annual_report(contact_point, 2025, family)

        page = client.get(urls["page"])
        assert page.status_code == 200
        assert {cp.slug for cp in page.context["report"].contact_points} == expected
        assert ("<h2>Nach Kontaktstelle</h2>" in page.text) == (len(expected) > 1)

        csv_file = client.get(urls["csv"]).content
        assert csv_file == printing.report_file(report, "csv")[0], (role, slug)

        workbook = openpyxl.load_workbook(io.BytesIO(client.get(urls["xlsx"]).content))
        assert ("Nach Kontaktstelle" in workbook.sheetnames) == (len(expected) > 1)
        groups_sheet = {
            row[1]: row[3] for row in workbook["Selbsthilfegruppen"].iter_rows(values_only=True)
        }
        assert (
            groups_sheet["Aktive Gruppen zum Jahresende"]
            == figure(report, "groups", "Aktive Gruppen zum Jahresende")[0]
        )

        _pages, text = pdf_text(client.get(urls["pdf"]).content)
        for other in by_slug:
            assert (names[other] in text) == (other in expected), (role, slug, other)

        _pages, directory = pdf_text(client.get(urls["directory"]).content)
        for other in by_slug:
            assert (f"{other.upper()} Trauergruppe" in directory) == (other in expected), (
                role,
                other,
            )


def test_report_urls_ask_a_visitor_to_log_in(client, region):
    for url in report_urls("kiss").values():
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_first_page_text_is_written_before_export_and_printed_as_written(client, region):
    staff_client(client, region["kiss"])
    url = reverse("annual_report", args=[2025, "kiss"])
    page = client.get(url)
    # Until the staff write their own, the report words its key figures.
    assert "Die Kontaktstelle „K.I.S.S. Kreis Unna“ beantwortete 3 Anfragen" in page.text
    text = (
        "Wir danken dem Kreis Unna *herzlich* für #die $Förderung$ <b>2025</b>.\n\nZweiter Absatz."
    )
    response = client.post(url, {"text": text})
    assert response.status_code == 302
    saved = ReportText.objects.get(contact_point=region["kiss"], year=2025)
    assert saved.text == text and saved.updated_by.is_staff
    _pages, pdf = pdf_text(
        client.get(reverse("annual_report_export", args=[2025, "kiss", "pdf"])).content
    )
    first_page = pdf.split("Kennzahlen")[0]
    assert "*herzlich* für #die $Förderung$ <b>2025</b>." in first_page  # no markup runs
    assert "Zweiter Absatz." in first_page
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("annual_report_export", args=[2025, "kiss", "xlsx"])).content)
    )
    assert workbook["Überblick"]["A9"].value == text
    # The other year keeps its own words.
    assert "Jahres 2024" in annual_report(region["kiss"], 2024).text
    # Emptied, the report words its figures again.
    client.post(url, {"text": "  "})
    assert not ReportText.objects.exists()
    assert annual_report(region["kiss"], 2025).text.startswith("Die 2 Kontaktstellen")


def test_a_too_long_first_page_text_is_refused_in_the_form_and_nothing_saved(client, region):
    staff_client(client, region["kiss"])
    url = reverse("annual_report", args=[2025, "kiss"])
    response = client.post(url, {"text": "x" * 2001})
    assert response.status_code == 200
    assert "höchstens 2000 Zeichen" in response.text and 'class="errornote"' in response.text
    assert not ReportText.objects.exists()


def test_only_staff_of_the_contact_point_write_its_first_page(client, region):
    staff_client(client, region["child"])
    response = client.post(reverse("annual_report", args=[2025, "kiss"]), {"text": "Fremd"})
    assert response.status_code == 404
    assert not ReportText.objects.exists()


def test_printed_directory_by_region_has_districts_towns_and_a_table_of_contents(client, region):
    kiss = region["kiss"]
    for postcode, town, district in [("59425", "Unna", "Kreis Unna"),
                                     ("44532", "Lünen", "Kreis Unna"),
                                     ("58239", "Schwerte", "Kreis Unna")]:  # fmt: skip
        Place.objects.create(
            postcode=postcode, name=town, district=district, latitude=51.5, longitude=7.6
        )
    topic = TopicFactory(name="Angst", category="mental_health")
    for name, postcode, town, format in [
        ("Angstgruppe Unna", "59425", "Unna", "in_person"),
        ("Angstgruppe Lünen", "44532", "Lünen", "in_person"),
        ("Angstgruppe Hamm", "59063", "Hamm", "in_person"),  # no district known: its town
        ("Angst online", "", "", "online"),
    ]:
        GroupFactory(
            name=name, contact_point=kiss, postcode=postcode, town=town, format=format
        ).topics.add(topic)
    staff_client(client, kiss)
    url = reverse("printed_directory", args=["kiss"])
    _pages, text = pdf_text(client.get(url, {"arrangement": "region"}).content)
    contents, body = text.split("Inhalt", 1)[1].split("\nKreis Unna\n", 1)
    for heading in ("Hamm", "Kreis Unna", "Lünen", "Unna", "Online-Gruppen"):
        assert heading in contents
    # Districts in order, towns within them, online groups last, each group with its topics.
    assert body.index("Lünen") < body.index("Angstgruppe Lünen") < body.index("Angstgruppe Unna")
    assert (
        body.index("Angstgruppe Unna") < body.index("Online-Gruppen") < body.index("Angst online")
    )
    assert "Themen: Angst" in body and "Nach Kreis und Ort gegliedert" in text
    # By topic (the default, and for a choice it does not know) with contents and an index.
    for query in ({}, {"arrangement": "topic"}, {"arrangement": "<script>"}):
        _pages, text = pdf_text(client.get(url, query).content)
        assert "Nach Thema gegliedert" in text and "Themen A–Z" in text
        assert "Psychische Gesundheit" in text.split("Inhalt", 1)[1].split("Angstgruppe")[0]


def test_printed_directory_names_and_files_regions_as_official_districts(client, region):
    """The postcode list's spellings of Saxon and NRW districts become their official names,
    filed by the place's name: the Kreisfreie Stadt Dresden under D, not under K."""
    kiss = region["kiss"]
    # Postcode, place, the district as the shipped postcode list writes it, and its state.
    for postcode, town, district, state in [
        ("59425", "Unna", "Unna", "NW"),
        ("44137", "Dortmund", "Dortmund, Stadt", "NW"),
        ("08056", "Zwickau", "Zwickau", "SN"),
        ("01067", "Dresden", "Kreisfreie Stadt Dresden", "SN"),
        ("09111", "Chemnitz", "Chemnitz, Stadt", "SN"),
        ("01796", "Pirna", "Landkreis Sächsische Schweiz", "SN"),
    ]:
        Place.objects.create(
            postcode=postcode,
            name=town,
            district=district,
            federal_state=state,
            latitude=51,
            longitude=12,
        )
        GroupFactory(
            name=f"Gruppe in {town}", contact_point=kiss, postcode=postcode, town=town
        ).topics.add(TopicFactory())
    staff_client(client, kiss)
    url = reverse("printed_directory", args=["kiss"])
    _pages, text = pdf_text(client.get(url, {"arrangement": "region"}).content)
    body = text.split("Inhalt", 1)[1]
    contents, chapters = body.split("\nKreisfreie Stadt Chemnitz\n", 1)
    headings = [
        "Kreisfreie Stadt Chemnitz",
        "Kreisfreie Stadt Dortmund",
        "Kreisfreie Stadt Dresden",
        "Landkreis Sächsische Schweiz-Osterzgebirge",
        "Kreis Unna",
        "Landkreis Zwickau",
    ]
    positions = [contents.index(heading) for heading in headings]
    assert positions == sorted(positions)  # filed by C, D, D, S, U, Z
    assert "Chemnitz, Stadt" not in text and "Landkreis Sächsische Schweiz\n" not in text
    # Each town under its district.
    for district, town in [("Landkreis Zwickau", "Zwickau"), ("Kreis Unna", "Unna"),
                           ("Kreisfreie Stadt Dresden", "Dresden")]:  # fmt: skip
        assert chapters.index(district) < chapters.index(f"Gruppe in {town}")
    assert chapters.index("Gruppe in Dresden") < chapters.index(
        "Landkreis Sächsische Schweiz-Osterzgebirge"
    )


def one_of_each_for_the_child(region):
    """K.I.S.S. Schwerte with one inquiry and one person at its one event of 2025."""
    child = region["child"]
    Inquiry.objects.create(contact_point=child, date=datetime.date(2025, 6, 1), channel="phone")
    meetup = Event.objects.get(contact_point=child)
    Registration.objects.create(
        event=meetup, name="D", email="d@example.org", attendance="attended"
    )


def test_first_page_text_names_its_one_contact_point_in_the_singular(region):
    one_of_each_for_the_child(region)
    text = annual_report(region["child"], 2025).text
    assert text.startswith(
        "Die Kontaktstelle „K.I.S.S. Schwerte“ beantwortete 1 Anfrage (2024: 0)."
    )
    assert "Zum Ende des Jahres 2025 begleitete sie 1 aktive Selbsthilfegruppe." in text
    assert "Sie führte 1 Veranstaltung durch. Daran nahm insgesamt 1 Person teil." in text
    with translation.override("en"):
        text = annual_report(region["child"], 2025).text
    assert text.startswith("The contact point “K.I.S.S. Schwerte” answered 1 inquiry (2024: 0).")
    assert "At the end of 2025 it supported 1 active self-help group." in text
    assert "It held 1 event. In all, 1 person took part." in text
    # The first page's key figures: the unit in the number of the value beside it.
    cards = report_pdf_data(annual_report(region["child"], 2025))["key_figures"]
    assert [(card["value"], card["value_unit"]) for card in cards] == [
        ("1", "Gruppe"),
        ("0", "Gruppen"),
        ("1", "Gruppe"),
        ("1", "Anfrage"),
        ("1", "Veranstaltung"),
        ("1", "Person"),
    ]


def test_first_page_text_of_several_contact_points_names_them_in_the_plural(region):
    report = annual_report(region["kiss"], 2025)
    assert report.text.startswith(
        "Die 2 Kontaktstellen (K.I.S.S. Kreis Unna und K.I.S.S. Schwerte) beantworteten "
        "3 Anfragen (2024: 1)."
    )
    assert "Zum Ende des Jahres 2025 begleiteten sie 3 aktive Selbsthilfegruppen." in report.text
    assert "Zusammen führten sie 2 Veranstaltungen durch." in report.text
    assert "Daran nahmen insgesamt 2 Personen teil." in report.text
    # The first page names them once: in this text, or beside the staff's own.
    assert report_pdf_data(report)["coverage"] == ""
    ReportText.objects.create(contact_point=region["kiss"], year=2025, text="Danke.")
    assert report_pdf_data(annual_report(region["kiss"], 2025))["coverage"] == (
        "Die Zahlen umfassen 2 Kontaktstellen: K.I.S.S. Kreis Unna und K.I.S.S. Schwerte."
    )
    with translation.override("en"):
        coverage = report_pdf_data(annual_report(region["kiss"], 2025))["coverage"]
        ReportText.objects.all().delete()
        report = annual_report(region["kiss"], 2025)
    assert report.text.startswith(
        "The 2 contact points (K.I.S.S. Kreis Unna and K.I.S.S. Schwerte) answered "
        "3 inquiries (2024: 1)."
    )
    assert "At the end of 2025 they supported 3 active self-help groups." in report.text
    assert "Together they held 2 events. In all, 2 persons took part." in report.text
    assert coverage == (
        "The figures cover 2 contact points: K.I.S.S. Kreis Unna and K.I.S.S. Schwerte."
    )


def test_first_page_text_of_a_coordinator_names_its_six_contact_points_first_its_own():
    lakos = ContactPointFactory(name="LAKOS Sachsen")
    below = [
        ContactPointFactory(name=f"KISS {town}", parent=lakos)
        for town in ("Zwickau", "Chemnitz", "Dresden", "Leipzig", "Bautzen")
    ]
    Inquiry.objects.bulk_create(
        Inquiry(contact_point=below[number % 5], date=datetime.date(2025, 5, 5), channel="phone")
        for number in range(1849)
    )
    text = annual_report(lakos, 2025).text
    assert text.startswith(
        "Die 6 Kontaktstellen (LAKOS Sachsen, KISS Bautzen, KISS Chemnitz, KISS Dresden, "
        "KISS Leipzig und KISS Zwickau) beantworteten 1.849 Anfragen (2024: 0)."
    )
    # No events, no sentence about who took part in them.
    assert "Zusammen führten sie 0 Veranstaltungen durch." in text and "teil." not in text


def topics_asked_about(region):
    """Thirteen topics asked about 20, 19, … 8 times in 2025, beside the fixture's "Alkohol"
    (three times in 2025, once in 2024)."""
    kiss = region["kiss"]
    for number in range(13):
        topic = TopicFactory(name=f"Thema {number + 1:02}")
        inquiries = Inquiry.objects.bulk_create(
            Inquiry(contact_point=kiss, date=datetime.date(2025, 4, 1), channel="email")
            for _ in range(20 - number)
        )
        Inquiry.topics.through.objects.bulk_create(
            Inquiry.topics.through(inquiry_id=inquiry.pk, topic_id=topic.pk)
            for inquiry in inquiries
        )


def printed_table(contact_point, title: str) -> dict:
    """The table called ``title`` as the report's PDF source (the Typst input) has it."""
    data = report_pdf_data(annual_report(contact_point, 2025))
    (table,) = [t for s in data["sections"] for t in s["tables"] if t["title"] == title]
    return table


def test_pdf_prints_the_ten_most_asked_topics_and_one_row_for_the_others(region):
    # A few topics: every one is printed.
    few = printed_table(region["kiss"], "Anfragen nach Thema")
    assert [f["label"] for f in few["figures"]] == ["Alkohol", "Ohne Thema"]
    topics_asked_about(region)
    table = printed_table(region["kiss"], "Anfragen nach Thema")
    labels = [f["label"] for f in table["figures"]]
    assert labels == [*(f"Thema {n:02}" for n in range(1, 11)), "4 weitere Themen", "Ohne Thema"]
    others = table["figures"][10]
    # Thema 11 to 13 (10 + 9 + 8) and Alkohol (3; the year before 1).
    assert (others["value"], others["previous"], others["change"]) == ("30", "1", "+29")
    assert "Die XLSX- und die CSV-Datei enthalten alle Themen." in table["note"]
    assert table["chart"] and "Thema 10" in table["chart"] and "Thema 11" not in table["chart"]
    with translation.override("en"):
        table = printed_table(region["kiss"], "Inquiries by topic")
    assert table["figures"][10]["label"] == "4 other topics"


def test_xlsx_and_csv_keep_every_topic_asked_about(client, region):
    topics_asked_about(region)
    every_topic = {f"Thema {n:02}" for n in range(1, 14)} | {"Alkohol", "Ohne Thema"}
    staff_client(client, region["kiss"])
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("annual_report_export", args=[2025, "kiss", "xlsx"])).content)
    )
    rows = list(workbook["Anfragen"].iter_rows(values_only=True))
    assert {row[1] for row in rows if row[0] == "Anfragen nach Thema"} == every_topic
    content = client.get(reverse("annual_report_export", args=[2025, "kiss", "csv"])).content
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert {line[3] for line in lines if line[1] == "Anfragen nach Thema"} == every_topic
    assert not any("weitere Themen" in line[3] for line in lines)
