"""Filters of the public event calendar and its archive, with German URL parameters."""

import datetime

import django_filters
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint, FederalState
from events.models import Event
from groups.models import Topic
from groups.search.places import DEFAULT_RADIUS_KM, RADIUS_CHOICES_KM, Location, resolve_place

ONLINE, IN_PERSON = "online", "vor-ort"
# Filters that only refine another one and so are not counted as filters of their own.
REFINEMENTS = {"umkreis"}


class PlaceField(forms.CharField):
    """"PLZ oder Ort", resolved as the group search resolves it: a Location, None for no
    place (empty, or "ganz Deutschland"), or an error that says what was not found."""

    def __init__(self, **kwargs):
        super().__init__(max_length=100, **kwargs)

    def clean(self, value) -> Location | None:
        text = super().clean(value)
        if not text:
            return None
        found = resolve_place(text)
        if found.location is not None:
            return found.location
        if found.anywhere:
            return None
        if found.alternatives:
            raise forms.ValidationError(
                _("We could not find this place. Did you mean %(places)s?")
                % {"places": ", ".join(place.label for place in found.alternatives[:5])}
            )
        raise forms.ValidationError(
            _("We could not find this place. Please check the postcode or the town.")
        )


class PlaceFilter(django_filters.Filter):
    field_class = PlaceField


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
    ort = PlaceFilter(label=_("Postcode or town"), method="filter_place")
    umkreis = django_filters.ChoiceFilter(
        label=_("Radius"),
        method="filter_nothing",  # read by filter_place
        empty_label=None,
        initial=str(DEFAULT_RADIUS_KM),
    )

    class Meta:
        model = Event
        fields = []

    def __init__(self, data=None, *args, archive: bool = False, **kwargs):
        if data is not None and not data.get("umkreis"):
            data = data.copy()
            data["umkreis"] = str(DEFAULT_RADIUS_KM)
        super().__init__(data, *args, **kwargs)
        today = timezone.localdate()
        self.filters["monat"].extra["choices"] = (
            months(today, 24, -1) if archive else months(today, 12, 1)
        )
        self.filters["umkreis"].extra["choices"] = [
            (str(km), _("%(km)s km") % {"km": km}) for km in RADIUS_CHOICES_KM
        ]
        for name, field in self.form.fields.items():
            css = "form-control form-control-sm" if name == "ort" else "form-select form-select-sm"
            field.widget.attrs.setdefault("class", css)
        self.form.fields["ort"].widget.attrs.update(
            {"autocomplete": "postal-code", "placeholder": _("e.g. 44532 or Lünen")}
        )

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

    def filter_place(self, queryset, name, location):
        if location is None:
            return queryset
        km = int(self.form.cleaned_data.get("umkreis") or DEFAULT_RADIUS_KM)
        # Online events have no place: they stay listed unless "in person" is asked for.
        include_online = self.form.cleaned_data.get("format") != IN_PERSON
        return queryset.near(location, km=km, include_online=include_online)

    def filter_nothing(self, queryset, name, value):
        return queryset

    @property
    def active_count(self) -> int:
        """How many filters narrow the list (the distance counts with the place only)."""
        if not self.is_bound:
            return 0
        cleaned = self.form.cleaned_data
        return sum(1 for name in self.filters if name not in REFINEMENTS and cleaned.get(name))

    @property
    def active(self) -> bool:
        return self.active_count > 0
