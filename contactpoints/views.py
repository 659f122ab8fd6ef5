"""Public pages of the contact points."""

from django.views.generic import DetailView, ListView

from contactpoints.models import ContactPoint


class ContactPointListView(ListView):
    template_name = "contactpoints/contactpoint_list.html"
    context_object_name = "contact_points"
    queryset = ContactPoint.objects.prefetch_related("sites").order_by("federal_state", "name")


class ContactPointDetailView(DetailView):
    template_name = "contactpoints/contactpoint_detail.html"
    context_object_name = "contact_point"
    queryset = ContactPoint.objects.select_related("parent").prefetch_related("sites")
