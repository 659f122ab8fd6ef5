"""The form of the public group search, and its facets as a django-filter FilterSet.

The URL parameters are the public contract: ``q`` (text), ``ort`` (postcode or town) and
``umkreis`` (km) are kept stable; the other filters have German names too, so a search can be
read from and shared as its address. The form validates all of them; the FilterSet narrows
the groups by the facets, and ``groups.search.page.GroupSearch`` does the search itself.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint
from groups.models import Group, Topic
from groups.models.topic import TopicEntry
from groups.search import places
from groups.search.page import GroupSearch
from selbsthilfe.content_generation import kept_per_generation


class CheckboxFilter(django_filters.BooleanFilter):
    """A filter that narrows the search when its box is ticked and does nothing otherwise."""

    field_class = forms.BooleanField

    def __init__(self, *args, condition: Q, **kwargs):
        self.condition = condition
        kwargs.setdefault(
            "widget", forms.CheckboxInput(attrs={"value": "1", "class": "form-check-input"})
        )
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        return queryset.filter(self.condition) if value else queryset


class SearchForm(forms.Form):
    """Text, place, radius and topic: what the search itself reads (the FilterSet adds the
    facets to this form)."""

    q = forms.CharField(
        label=_("Topic or keyword"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. Depression, Angehörige Demenz")}
        ),
    )
    ort = forms.CharField(
        label=_("Postcode or town"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. 44532 or Lünen"), "autocomplete": "postal-code"}
        ),
    )
    umkreis = forms.TypedChoiceField(
        label=_("Radius"),
        choices=[(km, _("%(km)s km") % {"km": km}) for km in places.RADIUS_CHOICES_KM],
        coerce=int,
        required=False,
        empty_value=places.DEFAULT_RADIUS_KM,
    )
    thema = forms.ChoiceField(label=_("Topic"), required=False)


@kept_per_generation
def all_topic_entries() -> list[TopicEntry]:
    """Every topic by name, read once per worker while no public content changes (a search
    page would otherwise spend a statement and a few milliseconds on it)."""
    return Topic.objects.order_by("name").entries()


class GroupFilter(django_filters.FilterSet):
    """The facets of the search; the form also holds the search's own parameters."""

    format = django_filters.MultipleChoiceFilter(
        label=_("Format"),
        choices=Group.Format.choices,
        method="filter_format",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    zielgruppe = django_filters.ChoiceFilter(
        label=_("For"),
        choices=[
            (Group.Audience.AFFECTED, _("Affected persons")),
            (Group.Audience.RELATIVES, _("Relatives")),
        ],
        method="filter_audience",
        empty_label=_("Everyone"),
    )
    wochentag = django_filters.TypedMultipleChoiceFilter(
        label=_("Weekday"),
        choices=Group.Weekday.choices,
        coerce=int,
        field_name="weekday",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    kontaktstelle = django_filters.ModelChoiceFilter(
        label=_("Contact point"),
        field_name="contact_point",
        to_field_name="slug",
        queryset=ContactPoint.objects.all(),
        widget=forms.HiddenInput,
    )
    barrierefrei = CheckboxFilter(label=_("Step-free access"), condition=Q(step_free=True))
    jung = CheckboxFilter(
        label=_("Young self-help (18–35)"), condition=Q(focus__contains=[Group.Focus.YOUNG])
    )
    offen = CheckboxFilter(label=_("New members welcome"), condition=Q(accepting_members=True))
    gruendung = CheckboxFilter(
        label=_("Groups being founded"), condition=Q(status=Group.Status.FOUNDING)
    )

    class Meta:
        model = Group
        fields = []
        form = SearchForm

    def __init__(self, *args, topic: Topic | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        if topic is None:
            # As a callable: the form copies its fields, and a few hundred choices with them.
            choices = self.topic_choices
            self.form.fields["thema"].choices = lambda: [("", _("All topics")), *choices]
        else:
            del self.form.fields["thema"]

    @cached_property
    def topics(self) -> list[TopicEntry]:
        """Every topic, by name: for the topic filter and the related topics."""
        return all_topic_entries()

    @cached_property
    def topic_choices(self) -> list[tuple[str, str]]:
        return [(topic.slug, topic.name) for topic in self.topics]

    def filter_format(self, queryset, name, value):
        return queryset.filter(format__in=value) if value else queryset

    def filter_audience(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(audience__in=[value, Group.Audience.BOTH])

    @property
    def cleaned_data(self) -> dict:
        """The valid part of the input; invalid fields are left out and shown as errors."""
        if not self.is_bound:
            return {}
        self.form.is_valid()  # (validates once; the form keeps its result)
        return self.form.cleaned_data

    @property
    def radius(self) -> int:
        return self.cleaned_data.get("umkreis") or places.DEFAULT_RADIUS_KM

    @property
    def has_facets(self) -> bool:
        """Whether a filter beyond text, place and radius is set (to show them opened)."""
        return any(self.cleaned_data.get(name) for name in [*self.filters, "thema"])

    @cached_property
    def selected_topic(self) -> Topic | None:
        if self.topic is not None:
            return self.topic
        slug = self.cleaned_data.get("thema")
        if not slug:
            return None
        return Topic.objects.filter(slug=slug).first()

    def filter_queryset(self, queryset):
        """The facets only: the form's other fields (text, place, radius, topic) are the
        search's (``search()``)."""
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def search(self) -> GroupSearch:
        """The search these parameters ask for."""
        data = self.cleaned_data
        return GroupSearch(
            text=data.get("q", ""),
            place=data.get("ort", ""),
            radius=self.radius,
            topic=self.selected_topic,
            formats=data.get("format") or [],
            topics=lambda: self.topics,
        )
