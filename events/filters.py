"""Filters of the public event calendar and its archive, with German URL parameters."""

import datetime

import django_filters
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint, FederalState
from events.models import Event
from groups.models import Topic

ONLINE, IN_PERSON = "online", "vor-ort"


def months(first: datetime.date, count: int, step: int) -> list[tuple[str, str]]:
    """``count`` months from ``first`` (``step`` 1 forwards, -1 backwards) as choices."""
    choices = []
    index = first.year * 12 + first.month - 1
    for offset in range(count):
        year, month = divmod(index + step * offset, 12)
        day = datetime.date(year, month + 1, 1)
        choices.append((f"{day:%Y-%m}", formats.date_format(day, "YEAR_MONTH_FORMAT")))
    return choices


class EventFilter(django_filters.FilterSet):
    kontaktstelle = django_filters.ModelChoiceFilter(
        label=_("Contact point"),
        field_name="contact_point",
        to_field_name="slug",
        queryset=ContactPoint.objects.filter(events__isnull=False).distinct().order_by("name"),
        empty_label=_("All contact points"),
    )
    land = django_filters.ChoiceFilter(
        label=_("Federal state"),
        field_name="contact_point__federal_state",
        choices=FederalState.choices,
        empty_label=_("All states"),
    )
    art = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="kind", choices=Event.Kind.choices, empty_label=_("All kinds")
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.filter(events__isnull=False).distinct().order_by("name"),
        empty_label=_("All topics"),
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=[(ONLINE, _("Online")), (IN_PERSON, _("In person"))],
        method="filter_format",
        empty_label=_("Online and in person"),
    )
    monat = django_filters.ChoiceFilter(
        label=_("Month"), method="filter_month", empty_label=_("Any month")
    )

    class Meta:
        model = Event
        fields = []

    def __init__(self, *args, archive: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.filters["monat"].extra["choices"] = (
            months(today, 24, -1) if archive else months(today, 12, 1)
        )
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm")

    def filter_format(self, queryset, name, value):
        return queryset.filter(is_online=value == ONLINE) if value else queryset

    def filter_month(self, queryset, name, value):
        if not value:
            return queryset
        year, month = map(int, value.split("-"))
        zone = timezone.get_current_timezone()
        start = datetime.datetime(year, month, 1, tzinfo=zone)
        end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.form.cleaned_data.get(name) for name in self.filters)
