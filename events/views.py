"""Public pages of the events: calendar, archive, event, series, registration and iCalendar."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from django.views.generic.edit import FormMixin

from contactpoints.models import ContactPoint
from events import ical, services
from events.filters import EventFilter
from events.forms import RegistrationForm
from events.models import Event, EventSeries, Registration, SeriesRegistration
from selbsthilfe import antispam
from selbsthilfe.structured_data import json_for_script


class EventListView(ListView):
    """The calendar of upcoming events, by month; ``archive`` lists past events instead."""

    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 30
    archive = False

    def get_queryset(self):
        events = Event.objects.past() if self.archive else Event.objects.upcoming()
        self.filterset = EventFilter(
            self.request.GET or None,
            queryset=events.with_participation().select_related("contact_point", "venue_site"),
            archive=self.archive,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        kontaktstelle = (
            self.filterset.form.cleaned_data.get("kontaktstelle")
            if (self.filterset.is_bound)
            else None
        )
        return super().get_context_data(
            filter=self.filterset, archive=self.archive, feed_contact_point=kontaktstelle, **kwargs
        )


class EventDetailView(FormMixin, DetailView):
    """An event with its registration form; a valid registration leads to its own page."""

    template_name = "events/event_detail.html"
    context_object_name = "event"
    form_class = RegistrationForm
    # Registrations from one address within an hour: a family or a shared office registers
    # a few people, a script many.
    HOURLY_LIMIT = 10

    def get_queryset(self):
        return Event.objects.with_participation().select_related(
            "contact_point", "venue_site", "series"
        )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "event": self.object,
            "series_dates": self.series_dates(),
        }

    def series_dates(self) -> list[Event]:
        """The dates one registration on this page may cover: those of the event's series
        still taking registrations, when that is more than this one date or the series
        books no single dates."""
        event = self.object
        if not (event.series_id and event.registration_required):
            return []
        if not hasattr(self, "_series_dates"):
            dates = list(event.series.bookable_dates())
            single = event.series.single_dates_allowed
            self._series_dates = dates if len(dates) > 1 or not single else []
        return self._series_dates

    def registration_closed_reason(self) -> str:
        event = self.object
        whole_series = event.series_id and event.registration_required
        whole_series = whole_series and not event.series.single_dates_allowed
        if whole_series and (reason := event.series.registration_closed_reason()):
            return reason
        return event.registration_closed_reason()

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if reason := self.registration_closed_reason():
            messages.error(request, reason)
            return redirect(self.object)
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form):
        key = antispam.sender_key(self.request)
        registration = form.save(commit=False)
        registration.consent_given_at = timezone.now()
        registration.sender_key = key
        registration.language = translation.get_language()
        try:
            with antispam.hourly_limit(Registration.objects, key, self.HOURLY_LIMIT):
                if form.registers_for_series:
                    series_registration = services.register_for_series(
                        self.object.series, form.series_dates, registration
                    )
                else:
                    services.register(self.object, registration)
        except antispam.HourlyLimitReached:
            form.add_error(
                None,
                _("Many registrations were sent from your connection in the last hour. "
                  "Please try again later or call the organiser."),
            )  # fmt: skip
            return self.form_invalid(form)
        except services.RegistrationError as error:
            form.add_error(error.field, error.message)
            return self.form_invalid(form)
        if form.registers_for_series:
            messages.success(self.request, _("You are registered for the series."))
            return redirect(series_registration)
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(self.request, _("You are registered."))
        else:
            messages.warning(self.request, _("The event is full: you are on the waiting list."))
        return redirect(registration)

    def get_context_data(self, **kwargs):
        event = self.object
        context = super().get_context_data(**kwargs)
        context["closed_reason"] = self.registration_closed_reason()
        if context["closed_reason"]:
            context.pop("form", None)
        context["whole_series_only"] = bool(
            event.series_id and not event.series.single_dates_allowed
        )
        context["series_events"] = (
            event.series.events.exclude(pk=event.pk).order_by("starts_at") if event.series else []
        )
        context["organiser_site"] = event.venue_site or event.contact_point.sites.first()
        context["structured_data"] = json_for_script(self.structured_data(event))
        return context

    def structured_data(self, event) -> dict:
        """schema.org Event, with the public page as the online location (never the join
        link)."""
        page = self.request.build_absolute_uri(event.get_absolute_url())
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "description": event.description,
            "url": page,
            "startDate": timezone.localtime(event.starts_at).isoformat(),
            "endDate": timezone.localtime(event.ends_at).isoformat(),
            "eventStatus": "https://schema.org/"
            + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
            "organizer": {
                "@type": "Organization",
                "name": event.contact_point.name,
                "url": self.request.build_absolute_uri(event.contact_point.get_absolute_url()),
            },
            "isAccessibleForFree": True,
        }
        if event.is_online:
            data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
            data["location"] = {"@type": "VirtualLocation", "url": page}
        else:
            data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
            data["location"] = {
                "@type": "Place",
                "name": event.venue_site.name if event.venue_site else event.venue_name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": (event.venue_site or event).street,
                    "postalCode": (event.venue_site or event).postcode,
                    "addressLocality": event.town_name,
                    "addressCountry": "DE",
                },
            }
        if event.registration_required and event.capacity is not None:
            data["maximumAttendeeCapacity"] = event.capacity
            data["remainingAttendeeCapacity"] = event.free_places
        return data


class SeriesDetailView(DetailView):
    template_name = "events/series_detail.html"
    context_object_name = "series"
    queryset = EventSeries.objects.select_related("contact_point")

    def get_context_data(self, **kwargs):
        events = (
            self.object.events.with_participation()
            .select_related("venue_site")
            .order_by("starts_at")
        )
        return super().get_context_data(events=events, now=timezone.now(), **kwargs)


class PersonalPage:
    """A page reached only by the personal link of an email: found by its token, never
    kept in a cache (it shows personal data)."""

    model = Registration
    token_field = "cancellation_token"

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Registration.objects.select_related(
            "event__contact_point", "event__venue_site", "series_registration__series"
        )

    def get_object(self, queryset=None):
        return get_object_or_404(
            self.get_queryset(), **{self.token_field: self.kwargs["token"][:64]}
        )


def can_cancel(registration: Registration) -> bool:
    return registration.is_active and timezone.now() < registration.event.starts_at


class RegistrationView(PersonalPage, DetailView):
    """The personal page of a registration: status, the way to cancel (a page of its own
    that asks first), and the calendar entry while the registration holds a place."""

    template_name = "events/registration_detail.html"
    context_object_name = "registration"

    def post(self, request, *args, **kwargs):
        # The page used to cancel on a POST; a form left open in a browser tab now asks first.
        return redirect("events:cancel_registration", token=self.get_object().cancellation_token)

    def get_context_data(self, **kwargs):
        registration = self.object
        position = None
        if registration.status == Registration.Status.WAITING_LIST:
            waiting = list(registration.event.registrations.waiting().values_list("pk", flat=True))
            position = waiting.index(registration.pk) + 1
        return super().get_context_data(
            event=registration.event,
            waiting_position=position,
            can_cancel=can_cancel(registration),
            offers_calendar=registration.status == Registration.Status.CONFIRMED
            and not registration.event.is_cancelled,
            **kwargs,
        )


class CancelRegistrationView(PersonalPage, DetailView):
    """Asks whether to cancel (a GET never cancels, so mail scanners that open links change
    nothing), and cancels on the POST of its button."""

    template_name = "events/registration_cancel.html"
    context_object_name = "registration"

    def post(self, request, *args, **kwargs):
        registration = self.get_object()
        if can_cancel(registration):
            promoted = services.cancel_registration(registration)
            messages.success(request, _("Your registration is cancelled."))
            if promoted:
                messages.info(request, _("Thank you: your place goes to someone who waited."))
        return redirect(registration)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.object.event, can_cancel=can_cancel(self.object), **kwargs
        )


class SeriesRegistrationView(PersonalPage, DetailView):
    """The personal page of a registration for a series: each date with its status and its
    own way to cancel, so that one evening can be cancelled and the others kept."""

    model = SeriesRegistration
    token_field = "token"
    template_name = "events/series_registration_detail.html"
    context_object_name = "series_registration"

    def get_queryset(self):
        return SeriesRegistration.objects.select_related("series__contact_point")

    def get_context_data(self, **kwargs):
        dates = list(
            self.object.dates().select_related("event__venue_site", "event__contact_point")
        )
        for date in dates:
            date.can_cancel = can_cancel(date)
        first = dates[0] if dates else None
        return super().get_context_data(
            series=self.object.series, dates=dates, person=first, **kwargs
        )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = get_object_or_404(
        Event.objects.select_related("contact_point", "venue_site"), slug=slug
    )
    return _ics_response(ical.calendar_file([event], event.title), f"{event.slug}.ics")


def events_feed(request):
    name = _("Self-help events")
    return _ics_response(ical.calendar_file(ical.feed_events(), name), "veranstaltungen.ics")


def contact_point_feed(request, slug):
    contact_point = get_object_or_404(ContactPoint, slug=slug)
    events = ical.feed_events(contact_point.events.all())
    name = _("Events: %(name)s") % {"name": contact_point.name}
    return _ics_response(ical.calendar_file(events, name), f"{contact_point.slug}.ics")
