"""Public pages for finding self-help groups, reporting them and confirming entries."""

import itertools
import unicodedata

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Window
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from contactpoints.forms import ContactPointFinderForm
from contactpoints.messages import contact_point_address
from contactpoints.models import FederalState
from contactpoints.views import message_form_context
from events.models import Event
from groups import founding, services
from groups.filters import GroupFilter
from groups.forms import FoundingInterestForm, SuggestionForm, public_values
from groups.models import (
    FoundingInterest,
    FoundingInterestEmail,
    Group,
    Organisation,
    Suggestion,
    Topic,
)
from groups.organisations import find_organisations, organisations_for_search
from groups.search import places
from selbsthilfe import antispam
from selbsthilfe.structured_data import json_for_script


class HomeView(TemplateView):
    template_name = "groups/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=GroupFilter(queryset=Group.objects.none()),
            finder_form=ContactPointFinderForm(auto_id="finder-%s"),
            group_count=Group.objects.public().count(),
            next_events=Event.objects.upcoming()
            .scheduled()
            .with_participation()
            .select_related("contact_point", "venue_site")[:3],
            **kwargs,
        )


class SearchPaginator(Paginator):
    """Can take the number of matches from the query that ranks the page.

    Django's paginator counts in one statement and fetches the page in another. When the
    page is ordered by relevance, both read every matching group. Then one narrow query
    ranks the ids with ``COUNT(*) OVER ()`` for the total, and a second one loads the twenty
    groups of the page by id; a separate count runs only for a page beyond the end. Pages
    ordered along an index (by distance or name) stop reading after the page, so for them
    Django's way is cheaper, with a count that stops at ``COUNT_LIMIT`` ("more than 1,000
    groups found"): around a big town, counting every group within 100 km read a hundred
    thousand rows at a million groups, for a number nobody pages through.
    """

    BIGINT_MAX = 2**63 - 1  # PostgreSQL's OFFSET is a bigint
    COUNT_LIMIT = 1000
    more_than_limit = False

    def __init__(self, *args, count_with_page: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_with_page = count_with_page

    @cached_property
    def count(self) -> int:
        if self.count_with_page:  # (get_page takes it from the ranking, unless beyond the end)
            return super().count
        counted = self.object_list.order_by().values("pk")[: self.COUNT_LIMIT + 1].count()
        self.more_than_limit = counted > self.COUNT_LIMIT
        return min(counted, self.COUNT_LIMIT)

    def get_page(self, number):
        if not self.count_with_page:
            return super().get_page(number)
        try:
            # A page that far out is beyond the end anyway, and its offset must fit a bigint.
            number = min(max(int(number), 1), self.BIGINT_MAX // self.per_page)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        ranked = list(
            self.object_list.annotate(matches=Window(Count("*"))).values_list("pk", "matches")[
                bottom : bottom + self.per_page
            ]
        )
        if not ranked:  # nothing found, or a page beyond the end: count, then show the last
            if not bottom:
                self.__dict__["count"] = 0  # nothing found: no need to count
            return super().get_page(number)
        self.__dict__["count"] = ranked[0][1]  # fills the cached_property
        by_pk = {
            group.pk: group for group in self.object_list.filter(pk__in=[pk for pk, _ in ranked])
        }
        return self._get_page([by_pk[pk] for pk, _ in ranked], number, self)


class GroupSearchMixin:
    """Search results through :class:`GroupFilter` (the facets) and
    :class:`~groups.search.page.GroupSearch` (the search): 20 a page, a wrong page number
    shows the nearest page instead of an error, and few or no results come with help."""

    paginate_by = 20
    context_object_name = "groups"
    topic = None

    def get_search_queryset(self):
        self.filterset = GroupFilter(
            self.request.GET, queryset=Group.objects.public(), topic=self.topic
        )
        self.search = self.filterset.search()
        # The wide search columns and the description are not shown in result lists; leaving
        # them out keeps the sort of the candidates in memory.
        return (
            self.search.results(self.filterset.qs)
            .select_related("meeting_site")
            .prefetch_related("topics")
            .defer(*Group.LIST_DEFERRED_FIELDS)
        )

    paginator_class = SearchPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset, per_page, count_with_page=self.search.ranks_all_matches, **kwargs
        )

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        search = self.search
        context = super().get_context_data(filter=self.filterset, search=search, **kwargs)
        context["radius_choices"] = places.RADIUS_CHOICES_KM
        context["found_little"] = False
        if search.crisis_without_topic:
            context["contact_site"] = search.contact_site()
        elif not context["paginator"].count:
            context.update(search.help_for_few_results(), **search.help_for_nothing_nearby())
        elif search.found_little(context["paginator"].count, context["page_obj"]):
            context.update(search.help_for_few_results(), found_little=True)
        context["organisations"] = organisations_for_search(search)
        # "KISS Unna": the contact point for the place above the groups near it
        context["contact_point_asked"] = search.query.asks_for_contact_point
        if context["contact_point_asked"] and "contact_site" not in context:
            context["contact_site"] = search.contact_site()
        return context


class GroupListView(GroupSearchMixin, ListView):
    template_name = "groups/group_list.html"

    def get_queryset(self):
        return self.get_search_queryset()


class GroupDetailView(DetailView):
    template_name = "groups/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return (
            Group.objects.public()
            .select_related("contact_point", "meeting_site", "organisation")
            .prefetch_related(
                "topics", "contact_point__sites__hours", "contact_point__sites__closures"
            )
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return self.ended_group(request, kwargs["slug"])

    def ended_group(self, request, slug):
        """An ended group: 404, with groups on the same topics near its town instead."""
        group = get_object_or_404(
            Group.objects.filter(slug=slug, is_listed=True, status=Group.Status.ENDED)
        )
        similar = (
            Group.objects.public()
            .on_topic(*group.topics.all())
            .filter(Q(town=group.town) | Q(format=Group.Format.ONLINE))
            .prefetch_related("topics")
            .select_related("meeting_site")
            .order_by("name")[:6]
        )
        topics = list(group.topics.all())
        context = {"group": group, "similar_groups": similar, "topics": topics}
        return render(request, "groups/group_ended.html", context, status=404)

    def get_context_data(self, **kwargs):
        group = self.object
        return super().get_context_data(
            next_meetings=group.next_meetings(),
            json_ld=json_for_script(self.structured_data(group)),
            **message_form_context(group.contact_point, group),
            interested=group.founding_interests.open().count()
            if group.status == Group.Status.FOUNDING and group.contact_point.shows_interest_count
            else None,
            **kwargs,
        )

    def structured_data(self, group) -> dict:
        """schema.org data for search engines, holding only what the page shows."""
        url = self.request.build_absolute_uri(group.get_absolute_url())
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "@id": url,
            "url": url,
            "name": group.name,
            "description": group.description,
            "keywords": ", ".join(topic.name for topic in group.topics.all()),
        }
        if group.format != Group.Format.ONLINE:
            address = {"@type": "PostalAddress", "addressLocality": group.town_name}
            if group.shows_meeting_place:
                site = group.meeting_site
                address["streetAddress"] = group.street or (site.street if site else "")
                address["postalCode"] = group.postcode or (site.postcode if site else "")
            address["addressCountry"] = "DE"
            data["address"] = address
        if group.reached_directly:
            if group.public_email:
                data["email"] = group.public_email
            if group.public_phone:
                data["telephone"] = group.public_phone
            if group.website:
                data["sameAs"] = group.website
        else:
            data["parentOrganization"] = {
                "@type": "Organization",
                "name": group.contact_point.name,
                "url": self.request.build_absolute_uri(group.contact_point.get_absolute_url()),
            }
        return data


def first_letter(name: str) -> str:
    """The index letter of a topic: "Ängste" is filed under A, digits under #."""
    letter = unicodedata.normalize("NFD", name[:1])[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


class TopicListView(ListView):
    template_name = "groups/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.order_by("name").with_group_counts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topics = sorted(context["topics"], key=lambda topic: topic.sort_key)
        by_letter = [
            (letter, list(items))
            for letter, items in itertools.groupby(topics, key=lambda t: first_letter(t.name))
        ]
        by_category = [
            (label, [topic for topic in topics if topic.category == value])
            for value, label in Topic.Category.choices
        ]
        context.update(
            by_letter=by_letter,
            letters=[letter for letter, _items in by_letter],
            by_category=[(label, items) for label, items in by_category if items],
        )
        return context


class TopicDetailView(GroupSearchMixin, ListView):
    """A topic with its groups (and those of its sub-topics), searchable by place."""

    template_name = "groups/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(
            Topic.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        return self.get_search_queryset()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            topic=self.topic, subtopics=self.topic.children.order_by("name"), **kwargs
        )


class FoundGroupView(TemplateView):
    template_name = "groups/found_group.html"


class FoundingInterestView(FormView):
    """ "Ich möchte mitmachen" for the group in founding ``slug``, or, without a group, "Ich
    würde eine Gruppe zu diesem Thema mitgründen" with topic and place (pre-filled from
    the search by ``?thema=`` and ``?ort=``)."""

    template_name = "groups/founding_interest_form.html"
    form_class = FoundingInterestForm
    HOURLY_LIMIT = 5

    def dispatch(self, request, *args, **kwargs):
        self.group = None
        if "slug" in kwargs:
            self.group = get_object_or_404(
                Group.objects.public()
                .filter(status=Group.Status.FOUNDING)
                .select_related("contact_point"),
                slug=kwargs["slug"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {
            "topic_text": self.request.GET.get("thema", "")[:200],
            "place_text": self.request.GET.get("ort", "")[:100],
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "group": self.group}

    def form_valid(self, form):
        interest = form.save(commit=False)
        interest.contact_point = form.contact_point
        interest.group = self.group
        interest.kind = FoundingInterest.Kind.JOIN if self.group else FoundingInterest.Kind.FOUND
        interest.topic = None if self.group else form.matched_topic()
        interest.consent_given_at = timezone.now()
        interest.sender_key = antispam.sender_key(self.request)
        try:
            with antispam.hourly_limit(
                FoundingInterest.objects, interest.sender_key, self.HOURLY_LIMIT
            ):
                founding.submit_interest(interest)
        except antispam.HourlyLimitReached:
            form.add_error(
                None,
                _("Many forms were sent from your connection in the last hour. Please try "
                  "again later; your entries are kept below."),
            )  # fmt: skip
            return self.form_invalid(form)
        # The address carries a signed id only: nothing the person entered.
        token = signing.dumps(interest.pk, salt=INTEREST_SALT)
        return redirect(f"{reverse('groups:interest_thanks')}?i={token}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)


INTEREST_SALT = "groups.interest-thanks"


class FoundingInterestThanksView(TemplateView):
    """The thanks after a founding interest: which contact point has it and how and when
    it answers, without the person's details (the link carries a signed id, valid for an
    hour; later, or without it, the page thanks in general)."""

    template_name = "groups/founding_interest_thanks.html"

    def get_context_data(self, **kwargs):
        interest = None
        try:
            pk = signing.loads(self.request.GET.get("i", ""), salt=INTEREST_SALT, max_age=3600)
        except signing.BadSignature:
            pass
        else:
            interest = (
                FoundingInterest.objects.select_related("contact_point", "group")
                .filter(pk=pk)
                .first()
            )
        if interest is None:
            return super().get_context_data(**kwargs)
        return super().get_context_data(
            interest=interest,
            phone=founding.contact_point_phone(interest.contact_point),
            address=contact_point_address(interest.contact_point),
            confirmed_by_email=FoundingInterestEmail.objects.filter(interest=interest).exists(),
            **kwargs,
        )


class SuggestionView(FormView):
    """ "Gruppe melden oder Angaben korrigieren": a new group, or a correction of the group
    named by ``?gruppe=<slug>``, stored for the responsible contact point to review."""

    template_name = "groups/suggestion_form.html"
    form_class = SuggestionForm
    source = Suggestion.Source.PUBLIC_FORM
    reconfirmation = None  # the request answered, on the re-confirmation's correction page
    # Reports from one address within an hour; a contact point's own staff rarely send more.
    HOURLY_LIMIT = 5

    def dispatch(self, request, *args, **kwargs):
        self.group = self.get_group()
        return super().dispatch(request, *args, **kwargs)

    def get_group(self):
        slug = self.request.GET.get("gruppe")
        if not slug:
            return None
        return get_object_or_404(Group.objects.public(), slug=slug[:80])

    def get_initial(self):
        return public_values(self.group) if self.group else {}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"group": self.group}

    def form_valid(self, form):
        key = antispam.sender_key(self.request)
        suggestion = form.save(commit=False)
        suggestion.kind = Suggestion.Kind.CORRECTION if self.group else Suggestion.Kind.NEW
        suggestion.group = self.group
        suggestion.contact_point = form.contact_point
        suggestion.source = self.source
        suggestion.consent_given_at = timezone.now()
        suggestion.sender_key = key
        try:
            with antispam.hourly_limit(Suggestion.objects, key, self.HOURLY_LIMIT):
                services.submit_suggestion(suggestion, answering=self.reconfirmation)
        except antispam.HourlyLimitReached:
            form.add_error(
                None,
                _("Many reports were sent from your connection in the last hour. "
                  "Please try again later; your input is kept below."),
            )  # fmt: skip
            return self.form_invalid(form)
        return redirect("groups:suggestion_thanks")

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)


class SuggestionThanksView(TemplateView):
    template_name = "groups/suggestion_thanks.html"


class ReconfirmationMixin:
    """Pages reached by the personal link of a re-confirmation email (no login)."""

    def dispatch(self, request, *args, **kwargs):
        self.reconfirmation = services.find_reconfirmation_request(kwargs["token"])
        if self.reconfirmation is None:
            return render(request, "groups/reconfirmation_invalid.html", status=404)
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)  # a personal page: no copy in any cache
        return response


class ReconfirmationView(ReconfirmationMixin, TemplateView):
    template_name = "groups/reconfirmation.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reconfirmation=self.reconfirmation, group=self.reconfirmation.group, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if self.reconfirmation.answered_at is None:
            services.confirm_entry(self.reconfirmation)
        messages.success(request, _("Thank you! The entry now counts as verified today."))
        return redirect(request.path)


class ReconfirmationCorrectionView(ReconfirmationMixin, SuggestionView):
    source = Suggestion.Source.RECONFIRMATION

    def get_group(self):
        return self.reconfirmation.group

    def get_initial(self):
        return super().get_initial() | {"submitter_email": self.reconfirmation.sent_to}


class OrganisationListView(TemplateView):
    """``/organisationen/``: the self-help organisations by topic, state and text."""

    template_name = "groups/organisation_list.html"

    def get_context_data(self, **kwargs):
        text = self.request.GET.get("q", "")[:200]
        state = self.request.GET.get("land", "")
        topic = Topic.objects.filter(slug=self.request.GET.get("thema", "")).first()
        return super().get_context_data(
            organisations=find_organisations(text, topic, state),
            q=text,
            state=state if state in FederalState.values else "",
            topic=topic,
            states=FederalState.choices,
            topics=Topic.objects.filter(organisations__is_listed=True).distinct().order_by("name"),
            **kwargs,
        )


class OrganisationDetailView(DetailView):
    """One organisation with its local groups, nearest first when a place is given."""

    template_name = "groups/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return Organisation.objects.public().prefetch_related("topics")

    def get_context_data(self, **kwargs):
        place = places.resolve_place(self.request.GET.get("ort", "")[:100])
        groups = Group.objects.public().filter(organisation=self.object)
        if place.location is not None:
            groups = groups.with_distance(place.location).order_by(
                F("nearness").asc(nulls_last=True), "name"
            )
        else:
            groups = groups.order_by("town", "name")
        return super().get_context_data(
            place=place,
            groups=groups.select_related("meeting_site").defer(*Group.LIST_DEFERRED_FIELDS)[:30],
            group_count=Group.objects.public().filter(organisation=self.object).count(),
            **kwargs,
        )
