"""The public group search as a django-filter FilterSet.

The URL parameters are the public contract: ``q`` (text), ``ort`` (postcode or town) and
``umkreis`` (km) are kept stable; the other filters have German names too, so a search can be
read from and shared as its address.
"""

import django_filters
from django import forms
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint
from groups.models import Group, Topic
from groups.models.topic import TopicEntry
from groups.search import analysis, places, ranking
from groups.search.query import MIN_COMPOUND_LENGTH, THIN_RESULT_COUNT, TextQuery


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


class GroupFilter(django_filters.FilterSet):
    """Text, place and facet filters; ``filter_queryset`` adds the text search and the
    ordering, which depend on each other."""

    q = django_filters.CharFilter(
        label=_("Topic or keyword"),
        method="skip",
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. Depression, Angehörige Demenz")}
        ),
    )
    ort = django_filters.CharFilter(
        label=_("Postcode or town"),
        method="skip",
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. 44532 or Lünen"), "autocomplete": "postal-code"}
        ),
    )
    umkreis = django_filters.TypedChoiceFilter(
        label=_("Radius"),
        method="skip",
        choices=[(km, _("%(km)s km") % {"km": km}) for km in places.RADIUS_CHOICES_KM],
        coerce=int,
        empty_value=places.DEFAULT_RADIUS_KM,
    )
    thema = django_filters.ChoiceFilter(
        label=_("Topic"), method="skip", empty_label=_("All topics")
    )
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
    offen = CheckboxFilter(label=_("Accepting new members"), condition=Q(accepting_members=True))
    gruendung = CheckboxFilter(
        label=_("Groups being founded"), condition=Q(status=Group.Status.FOUNDING)
    )

    class Meta:
        model = Group
        fields = []

    def __init__(self, *args, topic: Topic | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic
        if topic is None:
            # As a callable: the form copies its fields, and a few hundred choices with them.
            choices = self.topic_choices
            self.filters["thema"].extra["choices"] = lambda: choices
        else:
            del self.filters["thema"]
        self.text_query = TextQuery(text="")
        self.place_search = places.PlaceSearch(text="")
        self.fuzzy = False
        # How many groups matched exactly, when a fuzzy search added to them.
        self.exact_count = 0

    @cached_property
    def topics(self) -> list[TopicEntry]:
        """Every topic, by name: for the topic filter and the related topics."""
        return Topic.objects.order_by("name").entries()

    @cached_property
    def topic_choices(self) -> list[tuple[str, str]]:
        return [(topic.slug, topic.name) for topic in self.topics]

    def related_topics(self, limit: int = 8) -> list[TopicEntry]:
        """Topics to try instead: those whose name or synonyms contain a word of the text or
        its suggestion, with the topics above them ("Krebs" for "Brustkrebs"), and the topic
        above and those beside the chosen topic."""
        words = self.text_query.terms
        parts = {word.compound_part for word in words}
        parts |= {word.suggestion.compound_part for word in words if word.suggestion}
        related = {
            topic.pk
            for topic in self.topics
            if any(part in topic.normalized_text for part in parts)
        }
        by_pk = {topic.pk: topic for topic in self.topics}
        related |= {by_pk[pk].parent_id for pk in related if by_pk[pk].parent_id}
        # The topic the text names is what was just searched ("Diabetes"): not again.
        typed = " ".join(word.normalized for word in words)
        related -= {topic.pk for topic in self.topics if topic.normalized_name == typed}
        chosen = self.selected_topic
        if chosen is not None:
            family = chosen.parent_id or chosen.pk
            related |= {topic.pk for topic in self.topics if topic.parent_id == family}
            if chosen.parent_id:
                related.add(chosen.parent_id)
            related.discard(chosen.pk)
        return [topic for topic in self.topics if topic.pk in related][:limit]

    def skip(self, queryset, name, value):
        """Filters handled together in ``filter_queryset``."""
        return queryset

    def filter_format(self, queryset, name, value):
        return queryset.filter(format__in=value) if value else queryset

    def filter_audience(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(audience__in=[value, Group.Audience.BOTH])

    @property
    def cleaned_data(self) -> dict:
        """The valid part of the input; invalid fields are left out and shown as errors."""
        return getattr(self.form, "cleaned_data", {}) if self.is_bound else {}

    @property
    def radius(self) -> int:
        return self.cleaned_data.get("umkreis") or places.DEFAULT_RADIUS_KM

    @property
    def has_facets(self) -> bool:
        """Whether a filter beyond text, place and radius is set (to show them opened)."""
        return any(
            self.cleaned_data.get(name)
            for name in self.filters
            if name not in ("q", "ort", "umkreis")
        )

    @cached_property
    def selected_topic(self) -> Topic | None:
        if self.topic is not None:
            return self.topic
        slug = self.cleaned_data.get("thema")
        if not slug:
            return None
        return Topic.objects.filter(slug=slug).first()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.cleaned_data
        topic = self.selected_topic
        if topic is not None:
            queryset = queryset.on_topic(topic)

        place_text = data.get("ort", "").strip()
        self.text_query = analysis.analyse(data.get("q", ""), detect_place=not place_text)
        if len(self.text_query.terms) > 1:
            self.text_query = self.text_query.joined_into_phrases(
                phrase for topic in self.topics for phrase in topic.phrases
            )
        if not place_text and self.text_query.place_text:
            place_text = self.text_query.place_text
        self.place_search = places.resolve_place(place_text)
        location = self.place_search.location
        queryset = queryset.filter(self.text_query.when_condition())
        # "online" as the place, or as a word of the text when no format is chosen
        if self.place_search.anywhere == "online" or (
            self.text_query.asks_online and not data.get("format")
        ):
            queryset = queryset.filter(format__in=[Group.Format.ONLINE, Group.Format.HYBRID])
        self.unplaced = queryset  # (for the nearest groups beyond the radius)
        if location is not None:
            queryset = queryset.near(
                location, km=self.radius, include_online=self.includes_online_groups
            )
        elif self.place_search.is_unknown:
            return queryset.none()

        if not self.text_query.is_empty:
            exact = queryset.matching(self.text_query)
            few_hits = self.few_exact_hits(exact)
            if few_hits is not None:
                self.fuzzy = True
                self.exact_count = len(few_hits)
                queryset = queryset.matching(self.text_query, fuzzy=True, also=few_hits)
            else:
                queryset = exact
        return self.order(queryset, location is not None)

    def nearest_beyond_radius(self, limit: int = 3) -> list[Group]:
        """When nothing is found within the radius: the groups nearest the place that match
        the rest of the search, however far; none without a place. One query."""
        location = self.place_search.location
        if location is None:
            return []
        matching = self.unplaced.matching(self.text_query, fuzzy=self.text_query.has_suggestions)
        return list(
            matching.with_distance(location)
            .filter(public_point__isnull=False)
            .select_related("meeting_site")
            .defer(*Group.LIST_DEFERRED_FIELDS)
            .order_by("nearness", "pk")[:limit]
        )

    @property
    def includes_online_groups(self) -> bool:
        """Whether online groups (which have no place) join a search around a place.

        They do when "online" is among the chosen formats, and when no format is chosen but
        a text or topic narrows the search; a search only by place lists what is near.
        """
        formats = self.cleaned_data.get("format") or []
        if formats:
            return Group.Format.ONLINE in formats
        return bool(self.cleaned_data.get("q", "").strip() or self.selected_topic)

    def few_exact_hits(self, exact) -> list[int] | None:
        """The ids of the exact hits when they are so few that spelling help is worth a
        second query; None when there are enough, or when no help is possible."""
        could_help = self.text_query.has_suggestions or any(
            len(word.normalized) >= MIN_COMPOUND_LENGTH for word in self.text_query.terms
        )
        if not could_help:
            return None
        hits = list(exact.order_by().values_list("pk", flat=True)[: THIN_RESULT_COUNT])
        return hits if len(hits) < THIN_RESULT_COUNT else None

    @property
    def ranks_all_matches(self) -> bool:
        """Whether the order needs every match read (relevance, or a topic's groups by name)
        rather than following an index (distance, name)."""
        return not self.text_query.is_empty or (
            self.selected_topic is not None and self.place_search.location is None
        )

    def audience_first(self):
        """Among equally relevant groups, those for whom the search seems to be first: groups
        for relatives when the searcher speaks of someone close ("Mutter", "Angehörige"), else
        those for the affected ("Alkohol" lists the Kreuzbund before the relatives' group)."""
        other = (
            Group.Audience.AFFECTED
            if self.text_query.speaks_of_relatives
            else Group.Audience.RELATIVES
        )
        return Case(When(audience=other, then=Value(1)), default=Value(0))

    def order(self, queryset, has_location: bool):
        by_name = ["search_name", "pk"]
        if has_location:
            bands = places.distance_band("nearness")
            if not self.text_query.is_empty:
                relevance = F("relevance")
                order = [
                    bands,
                    relevance.desc(),
                    self.audience_first(),
                    F("nearness").asc(nulls_last=True),
                    *by_name,
                ]
                if self.fuzzy:
                    # A group matching more of the words comes first however far within the
                    # radius: for "Kinder Diabetes" a diabetes group 20 km away before one on
                    # children's cancer next door.
                    order.insert(0, ranking.words_matched(relevance).desc())
                return queryset.order_by(*order)
            return queryset.order_by(F("nearness").asc(nulls_last=True), *by_name)
        if not self.text_query.is_empty:
            return queryset.order_by(F("relevance").desc(), self.audience_first(), *by_name)
        if self.selected_topic is not None:
            # Group names contain their topic, so a topic's groups cluster in name order and
            # walking the name index to find them reads most groups first. Sorting just the
            # topic's groups is cheaper: Lower() keeps the order but not the index.
            return queryset.order_by(Lower("search_name"), "pk")
        return queryset.order_by(*by_name)
