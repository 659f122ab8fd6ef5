"""Public pages of the contact points."""

from django.conf import settings
from django.core import signing
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from contactpoints import messages
from contactpoints.finder import find_contact_point
from contactpoints.forms import ContactPointFinderForm, MessageForm
from contactpoints.models import ContactPoint, Message, MessageEmail
from events.models import Event
from groups.models import Group, Topic
from selbsthilfe import antispam


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

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            finder_form=ContactPointFinderForm(auto_id="finder-%s"), **kwargs
        )


class ContactPointFinderView(TemplateView):
    """ "Ihre Kontaktstelle": the contact point responsible for a postcode or town, with its
    nearest site, today's hours and a route; a GET form, so the answer is a stored page."""

    template_name = "contactpoints/contactpoint_finder.html"

    def get_context_data(self, **kwargs):
        form = ContactPointFinderForm(self.request.GET or None, auto_id="finder-%s")
        finding = find_contact_point(form.cleaned_data["ort"]) if form.is_valid() else None
        return super().get_context_data(finder_form=form, finding=finding, **kwargs)


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
            topics=topics[:30],
            **message_form_context(contact_point),
            children=contact_point.children.order_by("name"),
            events=Event.objects.upcoming()
            .filter(contact_point=contact_point)
            .with_participation()
            .select_related("contact_point", "venue_site")[:5],
            **kwargs,
        )


def message_form_context(contact_point, group=None) -> dict:
    """What a page needs to show the message form in its contact box."""
    route = messages.route_for(group)
    return {
        "message_form": MessageForm(
            route=route, recipient_name=messages.recipient_name(contact_point, group)
        ),
        "message_route": route,
        "message_url": reverse("contactpoints:group_message", args=[group.slug])
        if group
        else reverse("contactpoints:message", args=[contact_point.slug]),
    }


class MessageView(FormView):
    """ "Nachricht schreiben" to a contact point (``kind`` "contact_point") or about a group
    (``kind`` "group"). The page shows the form alone, e.g. after an error; the group's and
    the contact point's pages show it in their contact box and send it here."""

    template_name = "contactpoints/message_form.html"
    form_class = MessageForm
    kind = "contact_point"
    HOURLY_LIMIT = 5

    def dispatch(self, request, *args, **kwargs):
        if self.kind == "group":
            self.group = get_object_or_404(
                Group.objects.public().select_related("contact_point"), slug=kwargs["slug"]
            )
            self.contact_point = self.group.contact_point
        else:
            self.group = None
            self.contact_point = get_object_or_404(ContactPoint, slug=kwargs["slug"])
        self.route = messages.route_for(self.group)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "route": self.route,
            "recipient_name": messages.recipient_name(self.contact_point, self.group),
        }

    def form_valid(self, form):
        message = form.save(commit=False)
        message.contact_point = self.contact_point
        message.group = self.group
        message.route = self.route
        message.consent_given_at = timezone.now()
        message.language = get_language() or settings.LANGUAGE_CODE
        message.sender_key = antispam.sender_key(self.request)
        try:
            with antispam.hourly_limit(Message.objects, message.sender_key, self.HOURLY_LIMIT):
                messages.submit_message(message)
        except antispam.HourlyLimitReached:
            form.add_error(
                None,
                _("Many messages were sent from your connection in the last hour. Please try "
                  "again later or call the contact point; your entries are kept below."),
            )  # fmt: skip
            return self.form_invalid(form)
        token = signing.dumps(message.pk, salt=SENT_SALT)
        return redirect(f"{reverse('contactpoints:message_sent')}?m={token}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            group=self.group, contact_point=self.contact_point, route=self.route, **kwargs
        )


SENT_SALT = "contactpoints.message-sent"


class MessageSentView(TemplateView):
    """The confirmation after sending: to whom it went and what happens next, without the
    message (the link carries only a signed id, valid for an hour)."""

    template_name = "contactpoints/message_sent.html"

    def get_context_data(self, **kwargs):
        message = None
        try:
            pk = signing.loads(self.request.GET.get("m", ""), salt=SENT_SALT, max_age=3600)
        except signing.BadSignature:
            pass
        else:
            message = Message.objects.select_related("contact_point", "group").filter(pk=pk).first()
        # (asked of the emails: a relayed message's address is gone once they are out)
        confirmed = (
            message is not None
            and message.emails.filter(kind=MessageEmail.Kind.CONFIRMATION).exists()
        )
        return super().get_context_data(sent=message, confirmed_by_email=confirmed, **kwargs)
