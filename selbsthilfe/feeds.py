"""Atom feeds (django.contrib.syndication) of new groups and upcoming events, per federal
state (``/feeds/<state>/gruppen.atom``) and per contact point
(``/kontaktstellen/<slug>/gruppen.atom``): what other sites and feed readers follow."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from contactpoints.models import ContactPoint, FederalState
from events.models import Event
from groups.models import Group

ITEMS = 50


class Scope:
    """What a feed covers: a federal state (by code) or a contact point (by slug)."""

    def __init__(self, state: str = "", contact_point: ContactPoint | None = None):
        self.state, self.contact_point = state, contact_point

    @property
    def title(self) -> str:
        return self.contact_point.name if self.contact_point else FederalState(self.state).label

    def narrow(self, queryset):
        if self.contact_point is not None:
            return queryset.filter(contact_point=self.contact_point)
        return queryset.filter(contact_point__federal_state=self.state)


def scope_of(state: str = "", slug: str = "") -> Scope:
    if slug:
        return Scope(contact_point=get_object_or_404(ContactPoint, slug=slug))
    if state.upper() not in FederalState.values:
        raise Http404("No such federal state.")
    return Scope(state=state.upper())


class NewGroupsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, state: str = "", slug: str = ""):
        return scope_of(state, slug)

    def title(self, scope):
        return _("New self-help groups: %(where)s") % {"where": scope.title}

    def link(self, scope):
        if scope.contact_point:
            return f"/gruppen/?kontaktstelle={scope.contact_point.slug}"
        return "/gruppen/"

    def subtitle(self, scope):
        return _("Self-help groups newly listed in the Selbsthilfe-Wegweiser.")

    def items(self, scope):
        return scope.narrow(Group.objects.public()).order_by("-created_at")[:ITEMS]

    def item_title(self, group):
        return f"{group.name} ({group.town_name})"

    def item_description(self, group):
        return group.description

    def item_pubdate(self, group):
        return group.created_at

    def item_updateddate(self, group):
        return group.updated_at


class UpcomingEventsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, state: str = "", slug: str = ""):
        return scope_of(state, slug)

    def title(self, scope):
        return _("Events: %(where)s") % {"where": scope.title}

    def link(self, scope):
        return "/veranstaltungen/"

    def items(self, scope):
        return scope.narrow(Event.objects.upcoming().scheduled())[:ITEMS]

    def item_title(self, event):
        return f"{event.starts_at:%d.%m.%Y} – {event.title}"

    def item_description(self, event):
        return event.description

    def item_pubdate(self, event):
        return event.created_at

    def item_updateddate(self, event):
        return event.updated_at
