"""Dates and times of events in each language's way ("Dienstag, 22. Dezember 2026, 18:00 Uhr",
"Tuesday, 22 December 2026, 18:00"), and time spans in the case the sentence needs: the
format strings are translated like any text."""

from django import template
from django.template.defaultfilters import date
from django.utils.timesince import timesince
from django.utils.translation import npgettext_lazy, pgettext

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


# Django's own words for a time span are the nominative ("6 Tage"); after "seit" German
# wants the dative ("seit 6 Tagen", "seit 1 Tag"), so spans that follow "since" use these.
SINCE_STRINGS = {
    "year": npgettext_lazy("time span after since", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time span after since", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time span after since", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time span after since", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time span after since", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time span after since", "%(num)d minute", "%(num)d minutes", "num"),
}


@register.filter
def time_since(value) -> str:
    """How long ago ``value`` was, worded to follow "waiting for" / "wartet seit"."""
    return timesince(value, time_strings=SINCE_STRINGS)
