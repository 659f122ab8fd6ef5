"""iCalendar (RFC 5545) files of events: one event, or a feed to subscribe to.

Times are written in Europe/Berlin with a VTIMEZONE of the current German rules, so calendar
programs show the local time also for subscribers abroad. The join link of an online event
is never written here; URL is the public event page.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from events.models import Event

BERLIN = ZoneInfo("Europe/Berlin")
PRODUCT_ID = "-//Selbsthilfe-Wegweiser//Veranstaltungen//DE"
# Subscribed calendars keep the recent past visible, so people can look back at a date.
FEED_DAYS_BACK = 90


def berlin_timezone() -> icalendar.Timezone:
    """Central European time with its daylight-saving rule since 1996 (last Sunday of March
    and of October)."""
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Berlin")
    for name, kind, start, offset_from, offset_to, month in (
        ("CEST", icalendar.TimezoneDaylight, datetime.datetime(1970, 3, 29, 2), 1, 2, 3),
        ("CET", icalendar.TimezoneStandard, datetime.datetime(1970, 10, 25, 3), 2, 1, 10),
    ):
        rule = kind()
        rule.add("tzname", name)
        rule.add("dtstart", start)
        rule.add("tzoffsetfrom", datetime.timedelta(hours=offset_from))
        rule.add("tzoffsetto", datetime.timedelta(hours=offset_to))
        rule.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(rule)
    return zone


def location_text(event: Event) -> str:
    return "Online" if event.is_online else ", ".join(event.address_lines)


def event_component(event: Event) -> icalendar.Event:
    page = settings.SITE_URL + event.get_absolute_url()
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname}")
    component.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    component.add("dtstart", event.starts_at.astimezone(BERLIN))
    component.add("dtend", event.ends_at.astimezone(BERLIN))
    component.add("summary", event.title)
    description = event.description
    if event.is_cancelled and event.cancellation_reason:
        description = f"{event.cancellation_reason}\n\n{description}"
    component.add("description", f"{description}\n\n{page}".strip())
    component.add("location", location_text(event))
    component.add("url", page)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.contact_point.email:
        component.add(
            "organizer",
            f"mailto:{event.contact_point.email}",
            parameters={"cn": event.contact_point.name},
        )
    return component


def calendar_file(events, name: str) -> bytes:
    """An iCalendar file of ``events`` (each with its contact point and venue site)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    calendar.add("refresh-interval", datetime.timedelta(hours=12), parameters={"value": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    calendar.add_component(berlin_timezone())
    for event in events:
        calendar.add_component(event_component(event))
    return calendar.to_ical()


def feed_events(queryset=None):
    """The events of a subscribed calendar: every one still to come and the recent past."""
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    queryset = Event.objects.all() if queryset is None else queryset
    return queryset.filter(ends_at__gte=since).select_related("contact_point", "venue_site")
