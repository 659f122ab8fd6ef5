"""Dates and times of events in each language's way ("Dienstag, 22. Dezember 2026, 18:00 Uhr",
"Tuesday, 22 December 2026, 18:00"): the format strings are translated like any text."""

from django import template
from django.template.defaultfilters import date
from django.utils.translation import pgettext

register = template.Library()


@register.filter(expects_localtime=True)
def long_datetime(value) -> str:
    return date(value, pgettext("date and time format", "l, j F Y, H:i"))


@register.filter(expects_localtime=True)
def short_datetime(value) -> str:
    return date(value, pgettext("date and time format", "D, j F Y, H:i"))


@register.filter(expects_localtime=True)
def clock_time(value) -> str:
    """A time of day as people of the language write it ("18:00 Uhr", "18:00")."""
    return pgettext("time of day, %s is the time", "%s") % date(value, "H:i")
