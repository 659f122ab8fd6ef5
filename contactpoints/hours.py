"""When a site is open: "Jetzt geöffnet (bis 16:00)" or "Öffnet wieder Mo 9:00", from its
weekly hours and its closures, in German time (daylight saving included)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

# How far ahead to look for the next opening (closures of a few weeks included).
LOOK_AHEAD_DAYS = 60


@dataclass
class OpenStatus:
    is_open: bool
    until: datetime.datetime | None = None  # when open: when it closes
    next_opening: datetime.datetime | None = None  # when closed: when it opens again
    by_appointment: bool = False  # no fixed hours, only by appointment


def spans_on(day: datetime.date, rows) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The open spans that start on ``day``, as aware datetimes; a span whose closing time
    is not after its opening time runs past midnight."""
    spans = []
    for row in rows:
        if row.weekday != day.weekday() or row.opens is None or row.closes is None:
            continue
        starts = timezone.make_aware(datetime.datetime.combine(day, row.opens))
        end_day = day if row.closes > row.opens else day + datetime.timedelta(days=1)
        ends = timezone.make_aware(datetime.datetime.combine(end_day, row.closes))
        spans.append((starts, ends))
    return spans


def open_status(rows, closures, now: datetime.datetime | None = None) -> OpenStatus | None:
    """Whether a site with weekly ``rows`` (OpeningHours) and ``closures`` is open at
    ``now``; None when it has no hours at all."""
    rows, closures = list(rows), list(closures)
    timed = [row for row in rows if row.opens is not None and row.closes is not None]
    if not timed:
        return OpenStatus(False, by_appointment=True) if rows else None
    now = timezone.localtime(now or timezone.now())

    def closed_on(day):
        return any(closure.starts_on <= day <= closure.ends_on for closure in closures)

    today = now.date()
    for offset in range(-1, LOOK_AHEAD_DAYS):  # -1: a span from yesterday past midnight
        day = today + datetime.timedelta(days=offset)
        if closed_on(day):
            continue
        for starts, ends in sorted(spans_on(day, timed)):
            if starts <= now < ends:
                return OpenStatus(True, until=timezone.localtime(ends))
            if starts > now:
                return OpenStatus(False, next_opening=timezone.localtime(starts))
    return OpenStatus(False)
