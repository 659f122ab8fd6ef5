"""Opening hours of a site: open now or when next, across midnight, closures and the changes
of daylight saving time, and how the pages show them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from contactpoints.hours import open_status
from contactpoints.models import Closure, OpeningHours
from tests.factories import GroupFactory, SiteFactory

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
def test_the_contact_point_s_own_hours_are_not_repeated_when_its_sites_have_hours(client):
    site = SiteFactory(opening_hours="Mo–Fr 9–12 Uhr")
    site.contact_point.opening_hours = "Mo–Fr 9–12 Uhr"
    site.contact_point.save()
    assert client.get(site.contact_point.get_absolute_url()).text.count("Mo–Fr 9–12 Uhr") == 1


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
