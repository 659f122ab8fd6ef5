"""Public pages of the contact points."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.views.generic import DetailView, ListView

from contactpoints.models import ContactPoint
from events.models import Event
from groups.models import Group, Topic


class ContactPointListView(ListView):
    """All contact points by federal state, with their towns and number of listed groups."""

    template_name = "contactpoints/contactpoint_list.html"
    context_object_name = "contact_points"

    def get_queryset(self):
        # (a count per contact point reads the partial index of public groups; a join
        # with all groups would read the whole table)
        public_groups = (
            Group.objects.public()
            .filter(contact_point=OuterRef("pk"))
            .order_by()
            .values("contact_point")
            .annotate(count=Count("*"))
            .values("count")
        )
        return (
            ContactPoint.objects.annotate(group_count=Coalesce(Subquery(public_groups), 0))
            .prefetch_related("sites")
            .order_by("federal_state", "name")
        )


class ContactPointDetailView(DetailView):
    template_name = "contactpoints/contactpoint_detail.html"
    context_object_name = "contact_point"
    queryset = ContactPoint.objects.select_related("parent").prefetch_related(
        "sites__hours", "sites__closures"
    )

    def get_context_data(self, **kwargs):
        contact_point = self.object
        groups = Group.objects.public().filter(contact_point=contact_point)
        # Filtering before annotating makes the count cover just these groups.
        topics = (
            Topic.objects.filter(groups__in=groups)
            .annotate(group_count=Count("groups"))
            .order_by("-group_count", "name")
        )
        return super().get_context_data(
            group_count=groups.count(),
            # The contact point's own hours only where no site has any (else said twice).
            sites_have_hours=any(
                site.hours.all() or site.opening_hours for site in contact_point.sites.all()
            ),
            topics=topics[:30],
            children=contact_point.children.order_by("name"),
            events=Event.objects.upcoming()
            .filter(contact_point=contact_point)
            .with_participation()
            .select_related("contact_point", "venue_site")[:5],
            **kwargs,
        )
