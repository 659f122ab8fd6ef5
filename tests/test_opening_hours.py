"""Opening hours of a site: open now or when next, across midnight, closures and the changes
of daylight saving time, and how the pages show them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from contactpoints.hours import open_status
from contactpoints.models import Closure, OpeningHours
from tests.factories import GroupFactory, SiteFactory, admin_form_data, admin_url, staff_client

BERLIN = ZoneInfo("Europe/Berlin")
MON, FRI, SAT, SUN = 0, 4, 5, 6


def at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def hours(*spans):
    """Unsaved rows: (weekday, "9:00", "12:00") or (weekday, None, None) for by appointment."""
    rows = []
    for weekday, opens, closes in spans:
        times = [datetime.time.fromisoformat(t.zfill(5)) if t else None for t in (opens, closes)]
        rows.append(OpeningHours(weekday=weekday, opens=times[0], closes=times[1]))
    return rows


WEEKDAYS_9_TO_12 = hours(*[(day, "9:00", "12:00") for day in range(5)])


def test_open_during_the_hours_and_until_when():
    status = open_status(WEEKDAYS_9_TO_12, [], at(2026, 12, 8, 10, 30))  # a Tuesday
    assert status.is_open and status.until == at(2026, 12, 8, 12)


def test_closed_after_the_hours_says_when_it_opens_again():
    status = open_status(WEEKDAYS_9_TO_12, [], at(2026, 12, 11, 12))  # Friday, closing time
    assert not status.is_open and status.next_opening == at(2026, 12, 14, 9)  # Monday


def test_hours_across_midnight_belong_to_the_evening_they_start():
    late = hours((FRI, "20:00", "2:00"))
    status = open_status(late, [], at(2026, 12, 12, 1, 15))  # Saturday night
    assert status.is_open and status.until == at(2026, 12, 12, 2)
    assert open_status(late, [], at(2026, 12, 12, 2)).next_opening == at(2026, 12, 18, 20)


def test_a_closure_over_the_holidays_moves_the_next_opening():
    christmas = [Closure(starts_on=datetime.date(2026, 12, 24), ends_on=datetime.date(2027, 1, 1))]
    status = open_status(WEEKDAYS_9_TO_12, christmas, at(2026, 12, 23, 13))
    assert status.next_opening == at(2027, 1, 4, 9)
    assert not open_status(WEEKDAYS_9_TO_12, christmas, at(2026, 12, 28, 10)).is_open


@pytest.mark.parametrize(
    ("now", "opening"),
    [
        # Friday before the spring change: Monday 9:00 is in summer time (UTC+2).
        (at(2026, 3, 27, 13), at(2026, 3, 30, 9)),
        # Friday before the autumn change: Monday 9:00 is in winter time (UTC+1).
        (at(2026, 10, 23, 13), at(2026, 10, 26, 9)),
    ],
)
def test_the_next_opening_is_local_time_across_daylight_saving_changes(now, opening):
    status = open_status(WEEKDAYS_9_TO_12, [], now)
    assert status.next_opening == opening
    assert (status.next_opening.hour, status.next_opening.minute) == (9, 0)
    assert status.next_opening.utcoffset() == opening.utcoffset()


def test_a_night_span_on_the_spring_change_is_an_hour_shorter_but_open():
    night = hours((SAT, "22:00", "4:00"))  # into Sunday 29 March 2026, 2:00 → 3:00
    status = open_status(night, [], at(2026, 3, 29, 3, 30))
    assert status.is_open and status.until == at(2026, 3, 29, 4)


def test_only_by_appointment_and_no_hours_at_all():
    assert open_status(hours((MON, None, None)), [], at(2026, 12, 8, 10)).by_appointment
    assert open_status([], [], at(2026, 12, 8, 10)) is None


ALWAYS = [(day, "0:00", "0:00") for day in range(7)]  # midnight to midnight, every day


@pytest.mark.django_db
def test_the_contact_point_page_shows_the_table_and_that_it_is_open_now(client):
    site = SiteFactory(phone="02303 27-2829", opening_hours="")
    for row in hours(*ALWAYS, (SUN, None, None)):
        row.site = site
        row.save()
    page = client.get(site.contact_point.get_absolute_url()).text
    assert "Jetzt geöffnet (bis 00:00)" in page
    assert '<th scope="row">Montag</th><td>00:00–00:00</td>' in page
    assert "nach Vereinbarung" in page


@pytest.mark.django_db
def test_free_text_shows_as_a_labelled_note_beside_the_structured_hours(client):
    site = SiteFactory(opening_hours="Dienstags auch telefonisch")
    OpeningHours.objects.create(site=site, weekday=MON, opens=datetime.time(9),
                                closes=datetime.time(12))  # fmt: skip
    site.contact_point.opening_hours = "In den Sommerferien nur vormittags"
    site.contact_point.save()
    page = client.get(site.contact_point.get_absolute_url()).text
    assert "<strong>Hinweis:</strong> Dienstags auch telefonisch" in page
    assert "<strong>Hinweis zu den Öffnungszeiten:</strong> In den Sommerferien" in page
    # The table and the status come first; the note never stands as the hours themselves.
    assert page.index("09:00–12:00") < page.index("Dienstags auch telefonisch")
    assert page.count(">Öffnungszeiten<") == 1


@pytest.mark.django_db
def test_a_group_reached_through_the_contact_point_shows_whether_its_site_is_open(client):
    site = SiteFactory()
    OpeningHours.objects.create(site=site, weekday=MON, opens=datetime.time(9),
                                closes=datetime.time(12))  # fmt: skip
    group = GroupFactory(contact_mode="via_contact_point", contact_point=site.contact_point)
    page = client.get(group.get_absolute_url()).text
    assert "Jetzt geöffnet" in page or "Geschlossen – öffnet Mo 09:00" in page


@pytest.mark.django_db
def test_staff_edit_hours_and_closures_on_the_sites_page(superuser_client):
    site = SiteFactory()
    page = superuser_client.get(reverse("admin:contactpoints_site_change", args=[site.pk]))
    assert "hours-TOTAL_FORMS" in page.text and "closures-TOTAL_FORMS" in page.text


@pytest.mark.django_db
def test_a_group_reached_through_the_contact_point_names_the_nearest_site_first(client):
    unna = SiteFactory(name="K.I.S.S. Unna", town="Unna", latitude=51.5346, longitude=7.6889)
    contact_point = unna.contact_point
    for name, latitude, longitude in [("K.I.S.S. Lünen", 51.6167, 7.5247),
                                      ("K.I.S.S. Schwerte", 51.4458, 7.5653)]:  # fmt: skip
        SiteFactory(contact_point=contact_point, name=name, latitude=latitude, longitude=longitude)
    group = GroupFactory(contact_mode="via_contact_point", contact_point=contact_point,
                         latitude=51.6140, longitude=7.5270)  # in Lünen  # fmt: skip
    group.refresh_from_db()
    assert group.contact_sites()[0].name == "K.I.S.S. Lünen"
    page = client.get(group.get_absolute_url()).text
    assert page.index("K.I.S.S. Lünen") < page.index("K.I.S.S. Unna")
    assert page.index("K.I.S.S. Lünen") < page.index("K.I.S.S. Schwerte")


# Editors keep their sites' hours in the admin, in the site's form (OpeningHoursInline).


def site_form(client, site, hours=(), closures=(), **changes):
    """The site's admin form as a browser posts it, with new rows of hours (weekday, from,
    until) and closures (first, last day, note) in place of the empty ones offered."""
    url = admin_url(site)
    data = {key: value for key, value in admin_form_data(client, url, **changes).items()
            if not key.startswith(("hours-", "closures-"))}  # fmt: skip
    data |= {"hours-TOTAL_FORMS": len(hours), "hours-INITIAL_FORMS": 0,
             "closures-TOTAL_FORMS": len(closures), "closures-INITIAL_FORMS": 0}  # fmt: skip
    for index, (weekday, opens, closes) in enumerate(hours):
        data |= {f"hours-{index}-weekday": weekday, f"hours-{index}-opens": opens,
                 f"hours-{index}-closes": closes, f"hours-{index}-note": ""}  # fmt: skip
    for index, (first, last, note) in enumerate(closures):
        data |= {f"closures-{index}-starts_on": first, f"closures-{index}-ends_on": last,
                 f"closures-{index}-note": note}  # fmt: skip
    return url, data


def days_ahead(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.django_db
def test_an_editor_enters_hours_and_a_closure_for_their_site_and_the_public_sees_them(client):
    site = SiteFactory(name="K.I.S.S. Unna", opening_hours="")
    staff_client(client, site.contact_point)
    url, data = site_form(
        client, site,
        hours=[(MON, "09:00", "12:00"), (MON, "14:00", "18:00"), (FRI, "18:00", "00:00"),
               (1, "", "")],  # Tuesday by appointment
        closures=[(days_ahead(10), days_ahead(12), "Teamtage")],
        opening_hours="Beratung auch telefonisch",
    )  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert [str(row) for row in site.hours.all()] == [
        "Montag 09:00–12:00", "Montag 14:00–18:00", "Dienstag nach Vereinbarung",
        "Freitag 18:00–00:00"]  # fmt: skip
    assert site.closures.get().note == "Teamtage"
    page = client.get(site.contact_point.get_absolute_url()).text
    assert '<th scope="row">Montag</th><td>09:00–12:00, 14:00–18:00</td>' in page
    assert "(Teamtage)" in page
    assert "<strong>Hinweis:</strong> Beratung auch telefonisch" in page
    assert "Jetzt geöffnet" in page or "Geschlossen – öffnet" in page


@pytest.mark.django_db
def test_a_site_without_hours_offers_a_row_for_each_working_day(client):
    site = SiteFactory()
    staff_client(client, site.contact_point)
    formset = next(
        inline.formset for inline in client.get(admin_url(site)).context["inline_admin_formsets"]
        if inline.formset.prefix == "hours"
    )  # fmt: skip
    assert [form["weekday"].value() for form in formset.forms] == [0, 1, 2, 3, 4]
    assert 'type="time"' in str(formset.forms[0]["opens"])


@pytest.mark.django_db
def test_an_editor_cannot_see_or_change_the_hours_of_another_contact_point_s_site(client):
    own, foreign = SiteFactory(), SiteFactory()
    staff_client(client, foreign.contact_point)
    _, data = site_form(client, foreign, hours=[(MON, "09:00", "12:00")])
    staff_client(client, own.contact_point)
    assert client.get(admin_url(foreign)).status_code == 404
    assert client.post(admin_url(foreign), data).status_code == 404
    assert not OpeningHours.objects.exists()
    assert str(foreign.contact_point) not in client.get(
        reverse("admin:contactpoints_site_changelist")).text  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "closures", "message"),
    [
        ([(MON, "14:00", "12:00")], [], "„Bis“ muss später sein als „von“"),
        ([(MON, "09:00", "12:00"), (MON, "11:30", "14:00")], [],
         "Am Montag überschneiden sich 09:00–12:00 und 11:30–14:00"),
        ([(MON, "09:00", "")], [], "Bitte beide Zeiten angeben"),
        ([(MON, "9 Uhr", "12:00")], [], "Bitte eine gültige Uhrzeit eingeben."),
        ([], [(days_ahead(5), days_ahead(3), "")],
         "Die Schließzeit kann nicht enden, bevor sie beginnt."),
    ],
)  # fmt: skip
def test_bad_hours_are_explained_in_german_and_nothing_is_saved(client, hours, closures, message):
    site = SiteFactory(opening_hours="")
    staff_client(client, site.contact_point)
    url, data = site_form(client, site, hours, closures, opening_hours="Geändert")
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.text
    site.refresh_from_db()
    assert site.opening_hours == "" and not site.hours.exists() and not site.closures.exists()


@pytest.mark.django_db
def test_the_contact_point_page_links_each_site_to_its_hours_in_the_admin(client):
    site = SiteFactory()
    OpeningHours.objects.create(site=site, weekday=MON, opens=datetime.time(9),
                                closes=datetime.time(12))  # fmt: skip
    staff_client(client, site.contact_point)
    page = client.get(admin_url(site.contact_point)).text
    assert "Montag 09:00–12:00" in page and admin_url(site) in page
    assert "Öffnungszeiten und Schließzeiten ändern" in page
