"""Admin for places, topics and self-help groups."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactpoints.permissions import ContactPointScopedAdmin, MembersOnlyAdmin
from groups.models import Group, Place, Topic


@admin.register(Place)
class PlaceAdmin(MembersOnlyAdmin):
    list_display = ["postcode", "name", "district", "federal_state", "latitude", "longitude"]
    list_filter = ["federal_state"]
    search_fields = ["=postcode", "name", "district"]
    show_full_result_count = False


@admin.register(Topic)
class TopicAdmin(MembersOnlyAdmin):
    list_display = ["name", "category", "parent", "synonym_list"]
    list_filter = ["category"]
    search_fields = ["name", "synonyms"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    @admin.display(description=_("synonyms"))
    def synonym_list(self, topic):
        return ", ".join(topic.synonyms)


class UpkeepFilter(admin.SimpleListFilter):
    title = _("upkeep")
    parameter_name = "pflege"

    def lookups(self, request, model_admin):
        return [
            ("pruefen", _("Not verified for more than 12 months")),
            ("gruendung", _("In founding for more than 6 months")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "pruefen":
            return queryset.needing_verification()
        if self.value() == "gruendung":
            return queryset.founding_for_long()
        return queryset


class GroupAdminForm(forms.ModelForm):
    """The group form, warning before a likely duplicate in the same town is saved."""

    confirm_not_duplicate = forms.BooleanField(
        label=_("Save anyway: this is not one of the similar groups"), required=False
    )
    # Set by GroupAdmin.get_form: the groups the user may see, to compare with.
    visible_groups = Group.objects.none()

    class Meta:
        model = Group
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields

    def clean(self):
        cleaned = super().clean()
        name, town = cleaned.get("name"), cleaned.get("town")
        if not name or not town or cleaned.get("confirm_not_duplicate"):
            return cleaned
        similar = self.visible_groups.similar_to(name, town)
        if self.instance.pk:
            similar = similar.exclude(pk=self.instance.pk)
        similar = list(similar[:3])
        if similar:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:groups_group_change", args=[group.pk]), group.name)
                    for group in similar
                ),
            )
            raise forms.ValidationError(
                format_html(
                    "{} {}",
                    _("A group with a very similar name already meets in this town:"),
                    links,
                )
            )
        return cleaned


@admin.register(Group)
class GroupAdmin(ContactPointScopedAdmin):
    form = GroupAdminForm
    actions = ["mark_verified"]
    list_display = [
        "name",
        "contact_point",
        "town_display",
        "status",
        "format",
        "is_listed",
        "contact_mode",
        "last_verified_on",
    ]
    list_filter = [
        UpkeepFilter,
        "status",
        "format",
        "is_listed",
        "contact_mode",
        "accepting_members",
        "audience",
        "topics__category",
        ("contact_point", admin.RelatedOnlyFieldListFilter),  # no other contact point's name
    ]
    search_fields = [
        "name",
        "town",
        "postcode",
        "meeting_site__town",
        "topics__name",
        "contact_point__name",
    ]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["topics", "contact_point", "meeting_site"]
    list_select_related = ["contact_point", "meeting_site"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            _("Description"),
            {
                "fields": [
                    "name",
                    "slug",
                    "description",
                    "topics",
                    "audience",
                    "focus",
                    "umbrella_organisation",
                    "member_count",
                ]
            },
        ),
        (
            _("Meetings"),
            {
                "fields": [
                    "format",
                    ("frequency", "reference_meeting_on"),
                    ("week_of_month", "weekday"),
                    ("starts_at", "ends_at"),
                    "schedule_note",
                    "languages",
                    ("step_free", "hearing_loop", "sign_language"),
                ]
            },
        ),
        (
            _("Place"),
            {
                "fields": [
                    "meeting_site",
                    "venue_name",
                    "street",
                    ("postcode", "town"),
                    ("latitude", "longitude"),
                    "meeting_place_public",
                ]
            },
        ),
        (
            _("Contact"),
            {
                "fields": [
                    "contact_mode",
                    ("public_email", "public_phone"),
                    "website",
                    ("contact_person", "contact_person_email", "contact_person_phone"),
                ]
            },
        ),
        (
            _("Administration"),
            {
                "fields": [
                    "confirm_not_duplicate",
                    "contact_point",
                    "status",
                    ("founded_on", "ended_on"),
                    "accepting_members",
                    "is_listed",
                    ("consent_given_on", "consent_given_by"),
                    "last_verified_on",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    @admin.display(description=_("town"), ordering="town")
    def town_display(self, group):
        return group.town_name

    @admin.action(permissions=["change"], description=_("Mark as verified today"))
    def mark_verified(self, request, queryset):
        count = queryset.update(last_verified_on=timezone.localdate())
        self.message_user(
            request,
            ngettext(
                "%(count)d group marked as verified.",
                "%(count)d groups marked as verified.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.visible_groups = self.get_queryset(request)
        return form
