"""The annual report: each figure on a fixture whose answer is known, access, and exports."""

import csv
import datetime
import io

import openpyxl
import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from contactpoints import printing
from contactpoints.models import ContactPoint, Inquiry, Membership
from contactpoints.reports import annual_report
from events import services
from events.models import Event, Registration
from groups.models import Group, HistoricalGroup
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


def figure(report, section, label):
    (found,) = [
        f for s in report.sections if s.key == section for f in s.figures if f.label == label
    ]
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
    months = {label: value for label, value, _ in report.sections[1].charts[0][1]}
    assert months["Jan"] == 1 and months["Mär"] == 1 and months["Dez"] == 1
    assert sum(months.values()) == 3


def test_child_report_and_coordinator_breakdown(region):
    child = annual_report(region["child"], 2025)
    assert figure(child, "groups", "Aktive Gruppen zum Jahresende") == (1, 0)
    assert child.breakdown == []
    parent = annual_report(region["kiss"], 2025)
    rows = {str(cp): [f.value for f in figures] for cp, figures in parent.breakdown}
    assert rows["K.I.S.S. Schwerte"][0] == 1
    assert rows["K.I.S.S. Kreis Unna"][0] == 2


def test_an_empty_year_is_a_report_of_zeros(client, region):
    report = annual_report(region["kiss"], 2005)
    assert all(f.value == 0 for s in report.sections for f in s.figures if "Gruppen" not in f.label)
    staff_client(client, region["kiss"])
    assert client.get(reverse("annual_report", args=[2005, "kiss"])).status_code == 200


def test_report_page_shows_charts_and_tables(client, region):
    staff_client(client, region["kiss"], role=Membership.Role.COORDINATOR)
    page = client.get(reverse("annual_report", args=[2025, "kiss"]))
    assert page.status_code == 200
    assert page.text.count('<svg class="report-chart"') == 4
    assert "<caption>Anfragen</caption>" in page.text
    assert "K.I.S.S. Schwerte" in page.text


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
    assert rows[0] == ["Bereich", "Kennzahl", "2025", "2024"]
    assert ["Anfragen", "Anfragen", "3", "1"] in rows


def test_xlsx_export_has_a_sheet_per_section_with_numbers(client, region):
    staff_client(client, region["kiss"], role=Membership.Role.COORDINATOR)
    response = client.get(reverse("annual_report_export", args=[2025, "kiss", "xlsx"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Selbsthilfegruppen",
        "Anfragen",
        "Veranstaltungen",
        "Nach Kontaktstelle",
    ]
    inquiries = {row[0]: row[1:] for row in workbook["Anfragen"].iter_rows(values_only=True)}
    assert inquiries["Anfragen"] == (3, 1)


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
    "Aktive Gruppen zum Jahresende": (3, 2),
    "Gruppen in Gründung zum Jahresende": (1, 1),
    "Im Jahr gegründete Gruppen": (1, 0),
    "Im Jahr beendete Gruppen": (1, 0),
    "Aktive Gruppen: Vor Ort": (2, 2),
    "Aktive Gruppen: Online": (1, 0),
    "Aktive Gruppen: Hybrid": (0, 0),
    "Aktive Gruppen in Räumen der Kontaktstelle": (1, 1),
    "Anteil in Räumen der Kontaktstelle": (33, 50),
    "Aktive Gruppen zum Thema Körperliche Gesundheit": (0, 0),
    "Aktive Gruppen zum Thema Psychische Gesundheit": (1, 0),
    "Aktive Gruppen zum Thema Sucht": (1, 1),
    "Aktive Gruppen zum Thema Behinderung": (0, 0),
    "Aktive Gruppen zum Thema Angehörige und Familie": (0, 0),
    "Aktive Gruppen zum Thema Soziale Lebenslagen": (0, 0),
    "Aktive Gruppen zum Thema Sonstiges": (0, 0),
    "Anfragen": (3, 1),
    "Anfragen: Telefon": (1, 1),
    "Anfragen: E-Mail": (1, 0),
    "Anfragen: Vor Ort": (1, 0),
    "Anfragen: Videogespräch": (0, 0),
    "Anfragen: Webformular": (0, 0),
    "Anfragen von: Betroffene Person": (2, 1),
    "Anfragen von: Angehörige Person": (1, 0),
    "Anfragen von: Fachkraft": (0, 0),
    "Anfragen von: Sonstiges": (0, 0),
    "Anfragen von: Nicht bekannt": (0, 0),
    "Vermittlung in eine Selbsthilfegruppe": (1, 1),
    "Vermittlung an andere Stellen": (1, 0),
    "Interesse an einer Gruppengründung": (1, 0),
    "Nur Information": (1, 0),
    "Gründungsinteressen über die Website": (0, 0),
    "Daraus entstandene Gruppen, die sich jetzt treffen": (0, 0),
    "Anfragen zum Thema Körperliche Gesundheit": (0, 0),
    "Anfragen zum Thema Psychische Gesundheit": (0, 0),
    "Anfragen zum Thema Sucht": (3, 1),
    "Anfragen zum Thema Behinderung": (0, 0),
    "Anfragen zum Thema Angehörige und Familie": (0, 0),
    "Anfragen zum Thema Soziale Lebenslagen": (0, 0),
    "Anfragen zum Thema Sonstiges": (0, 0),
    "Häufiges Thema: Alkohol": (3, 1),
    "Durchgeführte Veranstaltungen": (2, 0),
    "Angemeldete Personen": (3, 0),
    "Teilgenommen haben": (2, 0),
    "Anteil Online-Veranstaltungen": (50, 0),
    "Durchgeführt: Fortbildung": (1, 0),
    "Durchgeführt: Informationsveranstaltung": (0, 0),
    "Durchgeführt: Treffen / Stammtisch": (1, 0),
    "Durchgeführt: Selbsthilfetag": (0, 0),
    "Durchgeführt: Sonstiges": (0, 0),
}


def test_every_figure_of_the_fixture(region):
    report = annual_report(region["kiss"], 2025)
    assert {f.label: (f.value, f.previous) for s in report.sections for f in s.figures} == (
        EXPECTED_2025
    )


def test_a_top_topic_shows_its_count_of_the_year_before_even_if_it_was_no_top_topic(region):
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
    assert figure(report, "inquiries", "Häufiges Thema: Trauer") == (4, 1)
    assert figure(report, "inquiries", "Häufiges Thema: Alkohol") == (3, 1)


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
        assert ("<caption>Nach Kontaktstelle</caption>" in page.text) == (len(expected) > 1)

        csv_file = client.get(urls["csv"]).content
        assert csv_file == printing.report_file(report, "csv")[0], (role, slug)

        workbook = openpyxl.load_workbook(io.BytesIO(client.get(urls["xlsx"]).content))
        assert ("Nach Kontaktstelle" in workbook.sheetnames) == (len(expected) > 1)
        groups_sheet = {
            row[0]: row[1] for row in workbook["Selbsthilfegruppen"].iter_rows(values_only=True)
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
