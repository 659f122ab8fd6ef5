"""A group's regular meeting in words ("jeden 2. Dienstag im Monat, 18:00–20:00 Uhr") and its
next dates, computed from frequency, weekday, week of the month and a reference meeting."""

import calendar
import datetime
import functools

from django.utils.formats import time_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

LAST_WEEK = 5


def ordinal(week_of_month: int) -> str:
    return {
        1: pgettext("week of month", "1st"),
        2: pgettext("week of month", "2nd"),
        3: pgettext("week of month", "3rd"),
        4: pgettext("week of month", "4th"),
        LAST_WEEK: pgettext("week of month", "last"),
    }[week_of_month]


def describe(group) -> str:
    """The meeting rhythm and time in words, or "" when the group has no regular meeting."""
    return _describe(
        get_language(),
        group.frequency,
        group.weekday,
        group.week_of_month,
        group.starts_at,
        group.ends_at,
    )


# Result lists describe twenty schedules a page, and most groups share one of a few
# rhythms: each is put into words once per language.
@functools.lru_cache(maxsize=1024)
def _describe(language, frequency, weekday, week_of_month, starts_at, ends_at) -> str:
    rhythm = _rhythm(frequency, weekday, week_of_month)
    hours = _hours(starts_at, ends_at)
    if rhythm and hours:
        return _("%(rhythm)s, %(hours)s") % {"rhythm": rhythm, "hours": hours}
    return rhythm or hours


def _rhythm(frequency, weekday, week_of_month) -> str:
    from groups.models import Group  # (the model imports this module)

    weekday = dict(Group.Weekday.choices).get(weekday)
    if weekday is None or frequency == "irregular":
        return ""
    if frequency == "weekly":
        return _("every %(weekday)s") % {"weekday": weekday}
    if frequency == "biweekly":
        return _("every other %(weekday)s") % {"weekday": weekday}
    if frequency == "monthly" and week_of_month:
        return _("every %(ordinal)s %(weekday)s of the month") % {
            "ordinal": ordinal(week_of_month),
            "weekday": weekday,
        }
    if frequency == "bimonthly" and week_of_month:
        return _("every two months on the %(ordinal)s %(weekday)s") % {
            "ordinal": ordinal(week_of_month),
            "weekday": weekday,
        }
    if frequency == "bimonthly":
        return _("every two months on a %(weekday)s") % {"weekday": weekday}
    return ""


def _hours(starts_at, ends_at) -> str:
    if starts_at and ends_at:
        return _("%(start)s–%(end)s") % {
            "start": time_format(starts_at, "H:i"),
            "end": time_format(ends_at, "H:i"),
        }
    if starts_at:
        return _("from %(start)s") % {"start": time_format(starts_at, "H:i")}
    return ""


def nth_weekday(year: int, month: int, weekday: int, week_of_month: int) -> datetime.date:
    """The n-th (1–4) or last (5) ``weekday`` (Monday = 0) of a month."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[-1] if week_of_month == LAST_WEEK else days[week_of_month - 1]


def next_meetings(group, *, after: datetime.date, count: int = 3) -> list[datetime.date]:
    """The next ``count`` meeting dates on or after ``after``; none if the rhythm is unknown."""
    if group.weekday is None or group.frequency == "irregular":
        return []
    if group.frequency == "weekly":
        return _every_n_weeks(group.weekday, 1, after, count, group.reference_meeting_on)
    if group.frequency == "biweekly":
        if not group.reference_meeting_on:
            return []
        return _every_n_weeks(group.weekday, 2, after, count, group.reference_meeting_on)
    if group.frequency == "monthly" and group.week_of_month:
        return _monthly(group.weekday, group.week_of_month, 1, after, count, None)
    if group.frequency == "bimonthly" and group.week_of_month and group.reference_meeting_on:
        return _monthly(
            group.weekday, group.week_of_month, 2, after, count, group.reference_meeting_on
        )
    return []


def _every_n_weeks(weekday, weeks, after, count, reference):
    first = after + datetime.timedelta(days=(weekday - after.weekday()) % 7)
    if reference and weeks > 1:
        offset_weeks = (first - reference).days // 7
        if offset_weeks % weeks:
            first += datetime.timedelta(weeks=weeks - offset_weeks % weeks)
    return [first + datetime.timedelta(weeks=weeks * number) for number in range(count)]


def _monthly(weekday, week_of_month, months, after, count, reference):
    dates = []
    year, month = after.year, after.month
    while len(dates) < count:
        in_rhythm = reference is None or (
            (year * 12 + month - reference.year * 12 - reference.month) % months == 0
        )
        if in_rhythm:
            day = nth_weekday(year, month, weekday, week_of_month)
            if day >= after:
                dates.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates
