"""Founding interests and the alerts that bring interested people together."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactpoints.permissions import ContactPointScopedAdmin, scope
from groups import founding
from groups.models import FoundingAlert, FoundingInterest, Group


@admin.register(FoundingInterest)
class FoundingInterestAdmin(ContactPointScopedAdmin):
    """The people who want to join a group in founding or found one; only staff see them."""

    list_display = ["created_at", "kind", "about", "place_text", "name", "alert", "expires_at"]
    list_filter = ["kind", ("contact_point", admin.RelatedOnlyFieldListFilter), "topic"]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["name", "email", "topic_text", "place_text", "group__name"]
    list_select_related = ["group", "alert"]
    autocomplete_fields = ["group"]
    readonly_fields = [
        "kind",
        "contact_point",
        "topic",
        "topic_text",
        "place_text",
        "name",
        "email",
        "phone",
        "created_at",
        "consent_given_at",
        "expires_at",
        "alert",
    ]
    fields = [
        ("kind", "contact_point"),
        ("topic", "topic_text", "place_text"),
        "group",
        ("name", "email", "phone"),
        ("created_at", "consent_given_at", "expires_at"),
        "alert",
    ]

    def has_add_permission(self, request):
        return False  # interests come from the public pages

    def get_queryset(self, request):
        return super().get_queryset(request).open()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "group":
            kwargs["queryset"] = scope(Group.objects.all(), request.user, "contact_point")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.group_id and obj.inquiry_id:  # founded from it: the report counts the group
            obj.inquiry.referred_groups.add(obj.group_id)

    @admin.display(description=_("about"))
    def about(self, interest):
        return interest.about


class AlertInterestInline(admin.TabularInline):
    model = FoundingInterest
    fk_name = "alert"
    fields = ["created_at", "place_text", "name", "email", "phone"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("interested people")

    def has_add_permission(self, request, obj=None):
        return False


class FoundingAlertForm(forms.ModelForm):
    class Meta:
        model = FoundingAlert
        fields = ["status", "founded_group", "contacted_on", "meeting_arranged_on", "founded_on"]
        help_texts = {
            "status": _("Each step gets today's date when you save it; you can correct the "
                        "date."),
        }  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == FoundingAlert.Status.FOUNDED and not cleaned.get(
            "founded_group"
        ):
            self.add_error(
                "founded_group",
                _("Choose the group that was founded (enter it under Groups first)."),
            )
        return cleaned


@admin.register(FoundingAlert)
class FoundingAlertAdmin(ContactPointScopedAdmin):
    """An alert is worked through in steps; the founded group's choices are the user's
    contact points' groups (the scoped admin narrows every foreign key to groups)."""

    form = FoundingAlertForm
    list_display = ["created_at", "topic_text", "place_text", "people", "status", "handled_at"]
    list_filter = ["status", "handled_at", ("contact_point", admin.RelatedOnlyFieldListFilter)]
    readonly_fields = ["contact_point", "topic_text", "place_text", "created_at", "handled_at"]
    fieldsets = [
        (None, {"fields": [("contact_point", "created_at"), ("topic_text", "place_text")]}),
        (
            _("Steps"),
            {
                "fields": [
                    ("status", "founded_group"),
                    ("contacted_on", "meeting_arranged_on", "founded_on"),
                    "handled_at",
                ]
            },
        ),
    ]
    autocomplete_fields = ["founded_group"]
    list_select_related = ["founded_group"]
    inlines = [AlertInterestInline]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(people_count=Count("interests"))

    def save_model(self, request, obj, form, change):
        founding.record_alert_progress(obj)

    @admin.display(description=_("people"), ordering="people_count")
    def people(self, alert):
        return alert.people_count

    @admin.action(permissions=["change"], description=_("Mark as done"))
    def mark_handled(self, request, queryset):
        count = queryset.filter(handled_at=None).update(handled_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d alert marked as done.", "%(count)d alerts marked as done.", count)
            % {"count": count},
            messages.SUCCESS,
        )
