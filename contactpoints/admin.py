"""Admin for contact points, their sites and staff memberships."""

from django.contrib import admin

from contactpoints.models import ContactPoint, Membership, Site
from contactpoints.permissions import ContactPointScopedAdmin, ScopedHistoryAdmin


class SiteInline(admin.StackedInline):
    model = Site
    extra = 0
    fields = [
        "name",
        ("street", "postcode", "town"),
        ("phone", "fax", "email"),
        "opening_hours",
        ("step_free", "group_rooms"),
        ("latitude", "longitude"),
    ]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(ContactPoint)
class ContactPointAdmin(ScopedHistoryAdmin):
    contact_point_path = "pk"

    list_display = ["name", "short_name", "kind", "federal_state", "parent", "email"]
    list_filter = ["kind", "federal_state"]
    search_fields = ["name", "short_name", "carrier", "sites__town", "sites__postcode"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [SiteInline, MembershipInline]
    list_select_related = ["parent"]


@admin.register(Site)
class SiteAdmin(ScopedHistoryAdmin):
    list_display = ["name", "contact_point", "postcode", "town", "phone", "step_free"]
    list_filter = ["step_free", "contact_point__federal_state"]
    search_fields = ["name", "town", "postcode", "street", "contact_point__name"]
    autocomplete_fields = ["contact_point"]
    list_select_related = ["contact_point"]


@admin.register(Membership)
class MembershipAdmin(ContactPointScopedAdmin):
    list_display = ["user", "contact_point", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "contact_point__name"]
    autocomplete_fields = ["user", "contact_point"]
    list_select_related = ["user", "contact_point"]
