"""Admin for events, series and registrations."""

from django.contrib import admin

from contactpoints.permissions import ContactPointScopedAdmin, ScopedHistoryAdmin
from events.models import Event, EventSeries, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["name", "email", "phone", "persons", "status", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Event)
class EventAdmin(ScopedHistoryAdmin):
    list_display = ["title", "starts_at", "contact_point", "kind", "is_online", "status"]
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
    inlines = [RegistrationInline]


@admin.register(EventSeries)
class EventSeriesAdmin(ContactPointScopedAdmin):
    list_display = ["title", "contact_point"]
    search_fields = ["title", "contact_point__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["contact_point"]
    list_select_related = ["contact_point"]


@admin.register(Registration)
class RegistrationAdmin(ContactPointScopedAdmin):
    contact_point_path = "event__contact_point"

    list_display = ["name", "email", "event", "persons", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "event__title"]
    autocomplete_fields = ["event"]
    list_select_related = ["event"]
