"""Public pages of the events."""

from django.views.generic import DetailView, ListView

from events.models import Event


class EventListView(ListView):
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        return Event.objects.upcoming().select_related("contact_point", "venue_site")


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"
    queryset = Event.objects.select_related("contact_point", "venue_site", "series")
