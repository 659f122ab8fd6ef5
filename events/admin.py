"""Admin for events, series and registrations.

Places and the waiting list change only through ``events.services`` (cancel, cancel the
event, raise the capacity), so the status of a registration is read-only here.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactpoints.permissions import (
    ContactPointScopedAdmin,
    ScopedHistoryAdmin,
    contact_point_ids,
)
from events import services
from events.forms import CancelEventForm, CopyEventForm
from events.models import Event, EventSeries, Registration
from selbsthilfe import spreadsheets


def participant_rows(events):
    """The participant list of ``events`` for a spreadsheet: places first, then the waiting
    list in its order, then cancellations."""
    order = {"confirmed": 0, "waiting_list": 1, "cancelled": 2}
    yield [
        str(_("Event")),
        str(_("Date")),
        str(_("Name")),
        str(_("Email")),
        str(_("Phone")),
        str(_("Persons")),
        str(_("Status")),
        str(_("Attendance")),
        str(_("Registered")),
    ]
    registrations = Registration.objects.filter(event__in=events).select_related("event")
    for registration in sorted(
        registrations,
        key=lambda r: (r.event.starts_at, r.event_id, order[r.status], r.created_at, r.pk),
    ):
        yield [
            registration.event.title,
            timezone.localtime(registration.event.starts_at).strftime("%d.%m.%Y %H:%M"),
            registration.name,
            registration.email,
            registration.phone,
            registration.persons,
            str(registration.get_status_display()),
            str(registration.get_attendance_display()),
            timezone.localtime(registration.created_at).strftime("%d.%m.%Y %H:%M"),
        ]


def without_reason(fields):
    return [field for field in fields if field != "cancellation_reason"]


def participants_csv(events, filename: str) -> HttpResponse:
    response = HttpResponse(
        spreadsheets.write_csv(participant_rows(events)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Event)
class EventAdmin(ScopedHistoryAdmin):
    list_display = [
        "title",
        "starts_at",
        "contact_point",
        "kind",
        "is_online",
        "state",
        "participation",
    ]
    list_filter = [
        "status",
        "kind",
        "is_online",
        ("contact_point", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "description", "town", "contact_point__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["contact_point", "topics", "venue_site", "series"]
    date_hierarchy = "starts_at"
    list_select_related = ["contact_point"]
    readonly_fields = ["state", "participants"]
    actions = ["export_participants"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "contact_point", "series", "kind", "topics"]}),
        (_("Date"), {"fields": ["starts_at", "ends_at", "state", "cancellation_reason"]}),
        (
            _("Place"),
            {
                "fields": [
                    "is_online",
                    "online_join_url",
                    "venue_site",
                    "venue_name",
                    "street",
                    "postcode",
                    "town",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_required",
                    "capacity",
                    "registration_deadline",
                    "max_persons_per_registration",
                    "participants",
                ]
            },
        ),
        (None, {"fields": ["description"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_participation()

    def get_fieldsets(self, request, obj=None):
        """The reason for a cancellation only on a cancelled event: cancelling itself is a
        page of its own (``cancel_view``), which asks for the reason."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.is_cancelled:
            return fieldsets
        return [
            (name, {**options, "fields": without_reason(options["fields"])})
            for name, options in fieldsets
        ]

    def get_changeform_initial_data(self, request):
        """A new event belongs to the user's contact point when they act for one only."""
        initial = super().get_changeform_initial_data(request)
        ids = contact_point_ids(request.user)
        if ids and len(ids) == 1:
            initial.setdefault("contact_point", next(iter(ids)))
        return initial

    def get_deleted_objects(self, objs, request):
        """An event with registrations is not deleted (its registrations protect it); the
        confirmation page says so once per event and points to cancelling, which tells
        everyone registered, instead of listing each person."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            registered = Event.objects.filter(pk__in=[event.pk for event in objs]).annotate(
                registered=Count("registrations")
            )
            protected = [
                ngettext(
                    "%(event)s has %(count)d registration: cancel the event instead "
                    "(everyone registered is told).",
                    "%(event)s has %(count)d registrations: cancel the event instead "
                    "(everyone registered is told).",
                    event.registered,
                )
                % {"event": event, "count": event.registered}
                for event in registered.filter(registered__gt=0).order_by("starts_at")
            ]
        return deleted, counts, perms_needed, protected

    @admin.display(description=_("registrations"))
    def participation(self, event):
        if not event.registration_required:
            return "–"
        text = f"{event.confirmed_persons}"
        if event.capacity is not None:
            text += f" / {event.capacity}"
        if event.waiting_persons:
            text += " · " + str(_("%(count)s waiting") % {"count": event.waiting_persons})
        return text

    @admin.display(description=_("status"), ordering="status")
    def state(self, event):
        """"Held" once a scheduled event is over, rather than still "scheduled"."""
        over = event.ends_at is not None and event.ends_at < timezone.now()
        if event.status == Event.Status.SCHEDULED and over:
            return _("Held")
        return event.get_status_display()

    @admin.display(description=_("participants"))
    def participants(self, event):
        """The figures, and the list of participants on a page of its own (where attendance
        is recorded), rather than under a long form."""
        if event.pk is None:
            return "–"
        url = reverse("admin:events_registration_changelist") + f"?event__id__exact={event.pk}"
        count = event.registrations.count()
        return format_html(
            '{} <a href="{}">{}</a>',
            ngettext("%(count)d registration.", "%(count)d registrations.", count)
            % {"count": count},
            url,
            _("Show the participants"),
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            promoted = services.capacity_changed(obj)
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d registration moved up from the waiting list and was told "
                        "by email.",
                        "%(count)d registrations moved up from the waiting list and were told "
                        "by email.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )

    @admin.action(description=_("Export participant lists (CSV)"), permissions=["view"])
    def export_participants(self, request, queryset):
        return participants_csv(queryset, "teilnehmende.csv")

    # Pages of one event: participants as CSV, cancel, copy to a new date.

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/participants.csv",
                wrap(self.participants_view),
                name=f"{prefix}_participants",
            ),
            path("<path:object_id>/cancel/", wrap(self.cancel_view), name=f"{prefix}_cancel"),
            path("<path:object_id>/copy/", wrap(self.copy_view), name=f"{prefix}_copy"),
            *super().get_urls(),
        ]

    def _event_for(self, request, object_id, permission="change"):
        event = self.get_object(request, unquote(object_id))
        if not getattr(self, f"has_{permission}_permission")(request, event):
            raise PermissionDenied
        return event

    def participants_view(self, request, object_id):
        event = self._event_for(request, object_id, "view")
        return participants_csv(Event.objects.filter(pk=event.pk), f"teilnehmende-{event.slug}.csv")

    def cancel_view(self, request, object_id):
        event = self._event_for(request, object_id)
        form = CancelEventForm(request.POST or None, initial={"reason": event.cancellation_reason})
        if event.is_cancelled:
            self.message_user(request, _("This event is already cancelled."), messages.WARNING)
            return redirect(reverse("admin:events_event_change", args=[event.pk]))
        if request.method == "POST" and form.is_valid():
            told = services.cancel_event(event, form.cleaned_data["reason"])
            self.message_user(
                request,
                ngettext(
                    "The event is cancelled; %(count)d registrant is told by email.",
                    "The event is cancelled; %(count)d registrants are told by email.",
                    told,
                )
                % {"count": told},
            )
            return redirect(reverse("admin:events_event_change", args=[event.pk]))
        return self._render_action(
            request, event, form, _("Cancel event"), "admin/events/event/cancel.html"
        )

    def copy_view(self, request, object_id):
        event = self._event_for(request, object_id, "view")
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CopyEventForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            copy = services.copy_event(event, form.cleaned_data["starts_at"])
            self.log_addition(request, copy, [{"added": {}}])
            self.message_user(request, _("The copy has been created. Check it and save."))
            return redirect(reverse("admin:events_event_change", args=[copy.pk]))
        return self._render_action(
            request, event, form, _("Copy event to a new date"), "admin/events/event/copy.html"
        )

    def _render_action(self, request, event, form, title, template):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": event,
            "title": title,
            "form": form,
            "registrations": event.registrations.active().count(),
        }
        return TemplateResponse(request, template, context)


@admin.register(EventSeries)
class EventSeriesAdmin(ContactPointScopedAdmin):
    list_display = ["title", "contact_point"]
    search_fields = ["title", "contact_point__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["contact_point"]
    list_select_related = ["contact_point"]


class StaffRegistrationForm(forms.ModelForm):
    """Registering someone who called or came by: the same rules as the public form, except
    that staff may register after the deadline and for larger parties."""

    class Meta:
        model = Registration
        fields = ["event", "name", "email", "phone", "persons"]

    def clean(self):
        cleaned = super().clean()
        event = cleaned.get("event")
        if event and not self.errors:
            # The instance is filled from cleaned_data only after clean(); ask with the values.
            candidate = Registration(email=cleaned["email"], persons=cleaned["persons"])
            problem = services.registration_problem(event, candidate, by_staff=True)
            if problem:
                self.add_error(problem.field, problem.message)
        return cleaned


@admin.register(Registration)
class RegistrationAdmin(ScopedHistoryAdmin):
    contact_point_path = "event__contact_point"

    list_display = ["name", "email", "event", "persons", "status", "attendance", "created_at"]

    def view_on_site(self, registration):
        # The event's page: the registration's own page is the registrant's personal link.
        return registration.event.get_absolute_url()
    list_filter = ["status", "attendance", ("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "email", "event__title"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]
    fields = [
        "event",
        "name",
        "email",
        "phone",
        "persons",
        "status",
        "attendance",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "consent_given_at",
        "email_log",
    ]
    readonly_fields = [
        "event",
        "persons",
        "status",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "consent_given_at",
        "email_log",
    ]
    actions = ["cancel_registrations", "mark_attended", "mark_no_show"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = StaffRegistrationForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return StaffRegistrationForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        try:
            services.register(obj.event, obj, by_staff=True)
        except services.RegistrationError as error:  # taken in the meantime, e.g. a duplicate
            self.message_user(request, error.message, messages.ERROR)
            return None
        if obj.status == Registration.Status.WAITING_LIST:
            self.message_user(
                request, _("The event is full: the registration is on the waiting list.")
            )
        return None

    def log_addition(self, request, obj, message):
        if obj.pk is not None:  # not stored when registration_problem struck at the last moment
            return super().log_addition(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:
            return redirect(reverse("admin:events_registration_add"))
        return super().response_add(request, obj, post_url_continue)

    @admin.display(description=_("emails"))
    def email_log(self, registration):
        return (
            format_html_join(
                "\n",
                "<div>{} · {}</div>",
                (
                    (
                        email.get_kind_display(),
                        (
                            timezone.localtime(email.sent_at).strftime("%d.%m.%Y %H:%M")
                            if email.sent_at
                            else ngettext(
                                "not sent yet (%(attempts)s attempt): %(error)s",
                                "not sent yet (%(attempts)s attempts): %(error)s",
                                email.attempts,
                            )
                            % {"attempts": email.attempts, "error": email.last_error or "–"}
                        ),
                    )
                    for email in registration.emails.all()
                ),
            )
            or "–"
        )

    @admin.action(description=_("Cancel (the waiting list moves up)"), permissions=["change"])
    def cancel_registrations(self, request, queryset):
        cancelled = promoted = 0
        for registration in queryset.filter(status__in=["confirmed", "waiting_list"]):
            promoted += len(services.cancel_registration(registration))
            cancelled += 1
        self.message_user(
            request,
            _("%(cancelled)d cancelled, %(promoted)d moved up from the waiting list.")
            % {"cancelled": cancelled, "promoted": promoted},
        )

    def _record(self, request, queryset, attendance):
        marked = services.record_attendance(queryset, attendance, request.user)
        skipped = queryset.count() - marked
        self.message_user(request, _("%(count)d marked.") % {"count": marked})
        if skipped:
            self.message_user(
                request,
                _(
                    "%(count)d left unchanged: attendance is recorded only for confirmed "
                    "registrations of events that have begun (or they were marked already)."
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self._record(request, queryset, Registration.Attendance.ATTENDED)

    @admin.action(description=_("Mark as did not come"), permissions=["change"])
    def mark_no_show(self, request, queryset):
        self._record(request, queryset, Registration.Attendance.NO_SHOW)
