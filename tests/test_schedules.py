"""Meeting schedules in words and the next dates computed from them."""

import datetime

import pytest
from django.utils import translation

from groups.models import Group


def group(**fields) -> Group:
    return Group(**{"status": "active", **fields})


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"frequency": "weekly", "weekday": 0, "starts_at": datetime.time(19),
          "ends_at": datetime.time(21)}, "jeden Montag, 19:00–21:00 Uhr"),
        ({"frequency": "biweekly", "weekday": 3}, "jeden zweiten Donnerstag"),
        ({"frequency": "monthly", "weekday": 1, "week_of_month": 2,
          "starts_at": datetime.time(18), "ends_at": datetime.time(20)},
         "jeden 2. Dienstag im Monat, 18:00–20:00 Uhr"),
        ({"frequency": "monthly", "weekday": 4, "week_of_month": 5,
          "starts_at": datetime.time(18, 30)}, "jeden letzten Freitag im Monat, ab 18:30 Uhr"),
        ({"frequency": "bimonthly", "weekday": 2, "week_of_month": 1},
         "alle zwei Monate am 1. Mittwoch"),
        ({"frequency": "irregular", "weekday": 2}, ""),
    ],
)  # fmt: skip
def test_schedule_in_german_words(fields, words):
    with translation.override("de"):
        assert group(**fields).schedule_text == words


def test_schedule_in_english_words():
    monthly = group(frequency="monthly", weekday=1, week_of_month=2)
    with translation.override("en"):
        assert monthly.schedule_text == "every 2nd Tuesday of the month"


def test_the_same_schedule_in_each_language_in_turn():
    """Descriptions are remembered per schedule; the language is part of what is remembered."""
    weekly = group(frequency="weekly", weekday=0, starts_at=datetime.time(19))
    for _ in range(2):
        with translation.override("de"):
            assert weekly.schedule_text == "jeden Montag, ab 19:00 Uhr"
        with translation.override("en"):
            assert weekly.schedule_text == "every Monday, from 19:00"


def test_next_dates_of_a_monthly_meeting():
    second_tuesday = group(frequency="monthly", weekday=1, week_of_month=2)
    after = datetime.date(2026, 11, 24)
    assert second_tuesday.next_meetings(after=after) == [
        datetime.date(2026, 12, 8), datetime.date(2027, 1, 12), datetime.date(2027, 2, 9),
    ]  # fmt: skip
    last_friday = group(frequency="monthly", weekday=4, week_of_month=5)
    assert last_friday.next_meetings(after=datetime.date(2026, 11, 27), count=2) == [
        datetime.date(2026, 11, 27), datetime.date(2026, 12, 25),
    ]  # fmt: skip


def test_next_dates_of_weekly_and_biweekly_meetings():
    after = datetime.date(2026, 11, 24)  # a Tuesday
    weekly = group(frequency="weekly", weekday=3)
    assert weekly.next_meetings(after=after) == [
        datetime.date(2026, 11, 26), datetime.date(2026, 12, 3), datetime.date(2026, 12, 10),
    ]  # fmt: skip
    biweekly = group(
        frequency="biweekly", weekday=3, reference_meeting_on=datetime.date(2026, 1, 1)
    )
    assert biweekly.next_meetings(after=after) == [
        datetime.date(2026, 12, 3), datetime.date(2026, 12, 17), datetime.date(2026, 12, 31),
    ]  # fmt: skip
    assert group(frequency="biweekly", weekday=3).next_meetings(after=after) == []


def test_next_dates_every_two_months_follow_the_reference_month():
    stammtisch = group(frequency="bimonthly", weekday=2, week_of_month=1,
                       reference_meeting_on=datetime.date(2026, 1, 7))  # fmt: skip
    assert stammtisch.next_meetings(after=datetime.date(2026, 11, 24)) == [
        datetime.date(2027, 1, 6), datetime.date(2027, 3, 3), datetime.date(2027, 5, 5),
    ]  # fmt: skip


def test_paused_irregular_and_ended_groups_have_no_next_dates():
    after = datetime.date(2026, 11, 24)
    assert group(frequency="weekly", weekday=1, status="paused").next_meetings(after=after) == []
    assert group(frequency="irregular").next_meetings(after=after) == []
