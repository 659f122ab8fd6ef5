"""Admin for contact points, their sites, staff memberships and staff accounts."""

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactpoints import (
    embed,
    message_admin,  # noqa: F401  (registers the inbox)
)
from contactpoints.forms import ClosureForm, InquiryForm, OpeningHoursForm, OpeningHoursFormSet
from contactpoints.models import Closure, ContactPoint, Inquiry, Membership, OpeningHours, Site
from contactpoints.permissions import (
    ContactPointScopedAdmin,
    ScopedHistoryAdmin,
    contact_point_ids,
    scope,
)


class SiteInline(admin.StackedInline):
    model = Site
    extra = 0
    show_change_link = True  # opening hours and closures are edited on the site's page
    fields = [
        "name",
        ("street", "postcode", "town"),
        ("phone", "fax", "email"),
        "hours_summary",
        "opening_hours",
        ("step_free", "group_rooms"),
        ("latitude", "longitude"),
    ]
    readonly_fields = ["hours_summary"]

    @admin.display(description=_("opening hours"))
    def hours_summary(self, site):
        """The site's hours at a glance, with the way to change them (an inline cannot hold
        inlines of its own)."""
        if site.pk is None:
            return _("Save the site first; then enter its opening hours on its own page.")
        spans = ", ".join(str(row) for row in site.hours.all()) or _("none entered yet")
        return format_html(
            '{} <a href="{}">{}</a>',
            spans,
            reverse("admin:contactpoints_site_change", args=[site.pk]),
            _("Change opening hours and closures"),
        )


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
    readonly_fields = ["embed_snippet"]

    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name", "short_name"),
                    "slug",
                    ("kind", "parent"),
                    ("carrier", "federal_state"),
                    ("email", "website"),
                    "description",
                    "opening_hours",
                    "shows_interest_count",
                ]
            },
        ),
        (
            _("The search on your own website"),
            {"fields": ["embed_origins", "brand_colour", "embed_snippet"]},
        ),
    ]

    @admin.display(description=_("code for your website"))
    def embed_snippet(self, contact_point):
        if contact_point.pk is None:
            return _("Save the contact point first.")
        preview = reverse("contactpoints:embed", args=[contact_point.slug])
        return format_html(
            '<textarea readonly rows="3" cols="90" class="embed-snippet">{}</textarea>'
            '<p>{}</p><iframe src="{}" title="{}" width="100%" height="420" '
            'class="embed-preview"></iframe>',
            embed.snippet(contact_point),
            _("Copy this into a page of your website, after you listed its address above. "
              "Preview:"),
            preview,
            _("Preview of the embedded search"),
        )  # fmt: skip


class OpeningHoursInline(admin.TabularInline):
    """Rows of the site's weekly hours; the site's scope (its admin's queryset) is theirs."""

    model = OpeningHours
    form = OpeningHoursForm
    formset = OpeningHoursFormSet

    def get_extra(self, request, obj=None, **kwargs):
        # A site without hours gets a row per working day; otherwise one empty row.
        return 1 if obj is not None and obj.hours.exists() else 5


class ClosureInline(admin.TabularInline):
    model = Closure
    form = ClosureForm
    extra = 1


@admin.register(Site)
class SiteAdmin(ScopedHistoryAdmin):
    inlines = [OpeningHoursInline, ClosureInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "contact_point",
                    "name",
                    ("street", "postcode", "town"),
                    ("phone", "fax", "email"),
                    ("step_free", "group_rooms"),
                    ("latitude", "longitude"),
                ]
            },
        ),
        (
            _("Opening hours"),
            {
                "fields": ["opening_hours"],
                "description": _(
                    "Enter the times in the table below, one row per day and span (e.g. "
                    "Tuesday 09:00–12:00 and Tuesday 14:00–18:00). A day without a row is "
                    "closed; a row without times means “by appointment”. Holidays and other "
                    "days off go into the closures under it. Only these two tables decide "
                    "what the public page says (“Jetzt geöffnet”, “Geschlossen – öffnet …”); "
                    "the note is shown beside them."
                ),
            },
        ),
    ]
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


@admin.register(Inquiry)
class InquiryAdmin(ContactPointScopedAdmin):
    """The inquiry log: the add form is the quick form ("Sichern und neu hinzufügen")."""

    form = InquiryForm
    list_display = ["date", "contact_point", "channel", "person", "topic_names", "outcome_names"]
    list_filter = ["channel", "person", ("contact_point", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "date"
    search_fields = ["topics__name", "note"]
    autocomplete_fields = ["topics", "referred_groups"]
    radio_fields = {"channel": admin.HORIZONTAL, "person": admin.HORIZONTAL}
    fields = [
        ("date", "contact_point"),
        "channel",
        "person",
        "topics",
        "outcomes",
        "referred_groups",
        ("duration_minutes", "note"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        ids = contact_point_ids(request.user)
        if ids and len(ids) == 1:
            initial.setdefault("contact_point", next(iter(ids)))
        return initial

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "referred_groups":  # the groups this user's contact points know
            kwargs["queryset"] = scope(
                db_field.related_model.objects.all(), request.user, "contact_point"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("topics"))
    def topic_names(self, inquiry):
        return ", ".join(topic.name for topic in inquiry.topics.all())

    @admin.display(description=_("outcome"))
    def outcome_names(self, inquiry):
        labels = dict(Inquiry.Outcome.choices)
        return ", ".join(str(labels.get(value, value)) for value in inquiry.outcomes)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Staff accounts are deactivated, never deleted: the history, the inquiries and the
    reviewed suggestions keep naming who did them, and an inactive account cannot sign in
    (its open sessions end with it)."""

    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    actions = ["deactivate", "unlock"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Deactivate (can no longer sign in)"), permissions=["change"])
    def deactivate(self, request, queryset):
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, _("You cannot deactivate yourself."), messages.ERROR)
        count = queryset.exclude(pk=request.user.pk).filter(is_active=True).update(is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", count)
            % {"count": count},
        )

    @admin.action(description=_("Unlock (after too many failed logins)"), permissions=["change"])
    def unlock(self, request, queryset):
        for user in queryset:
            axes_reset(username=user.get_username())
        self.message_user(
            request,
            ngettext("%(count)d account unlocked.", "%(count)d accounts unlocked.", len(queryset))
            % {"count": len(queryset)},
        )
