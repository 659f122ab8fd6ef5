"""Admin for reports from the public: compare, edit, then accept or reject."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactpoints.permissions import (
    ContactPointScopedAdmin,
)
from groups.models import Suggestion
from groups.services import accept_suggestion, reject_suggestion


@admin.register(Suggestion)
class SuggestionAdmin(ContactPointScopedAdmin):
    """Reports from the public: staff edit them if needed, then accept or reject them."""

    change_form_template = "admin/groups/suggestion/change_form.html"
    actions = ["reject"]
    list_display = ["created_at", "kind", "name", "town", "contact_point", "source", "status"]
    list_filter = [
        "status",
        "kind",
        "source",
        ("contact_point", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "town", "postcode", "topics_text", "group__name"]
    list_select_related = ["contact_point", "group"]
    autocomplete_fields = ["contact_point"]
    readonly_fields = [
        "kind",
        "source",
        "group_link",
        "status",
        "proposed_changes",
        "created_at",
        "consent_given_at",
        "reviewed_by",
        "reviewed_at",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "source", "status", "group_link", "contact_point"]}),
        (_("Proposed changes"), {"fields": ["proposed_changes"]}),
        (
            _("Proposed entry"),
            {
                "fields": [
                    "name",
                    "topics_text",
                    "description",
                    ("postcode", "town"),
                    "meetings_text",
                    ("public_email", "public_phone"),
                    "website",
                    "message",
                ]
            },
        ),
        (
            _("Submitted by"),
            {"fields": [("submitter_name", "submitter_email"), "created_at", "consent_given_at"]},
        ),
        (_("Review"), {"fields": [("reviewed_by", "reviewed_at"), "review_note"]}),
    ]

    def has_add_permission(self, request):
        return False  # suggestions come from the public form

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != Suggestion.Status.PENDING:
            fields += [f for f in self.model.GROUP_FIELDS if f not in fields]
            fields += ["topics_text", "meetings_text", "message", "contact_point"]
        return fields

    @admin.display(description=_("group"))
    def group_link(self, suggestion):
        if suggestion.group is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:groups_group_change", args=[suggestion.group.pk]),
            suggestion.group.name,
        )

    @admin.display(description=_("current → proposed"))
    def proposed_changes(self, suggestion):
        if suggestion.kind != Suggestion.Kind.CORRECTION:
            return _("A new group: see the proposed entry below.")
        rows = suggestion.changes()
        if not rows:
            return _("No field differs from the entry; see the message.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("field"),
            _("now"),
            _("proposed"),
            format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td><strong>{}</strong></td></tr>", rows
            ),
        )

    def response_change(self, request, suggestion):
        if "_accept" in request.POST:
            try:
                group = accept_suggestion(suggestion, request.user)
            except ValidationError as error:  # also SuggestionError
                self.message_user(request, _("Not accepted: %s") % "; ".join(
                    error.messages), messages.ERROR)  # fmt: skip
                return redirect(request.path)
            self.message_user(
                request,
                _("Accepted. New groups start unlisted: complete the entry, get the "
                  "group's consent and then tick “listed”.")
                if suggestion.kind == Suggestion.Kind.NEW
                else _("Accepted; the group's entry is updated."),
                messages.SUCCESS,
            )  # fmt: skip
            return redirect("admin:groups_group_change", group.pk)
        if "_reject" in request.POST:
            self.reject(request, self.get_queryset(request).filter(pk=suggestion.pk))
            return redirect("admin:groups_suggestion_changelist")
        return super().response_change(request, suggestion)

    @admin.action(permissions=["change"], description=_("Reject selected suggestions"))
    def reject(self, request, queryset):
        count = 0
        for suggestion in queryset.pending():
            reject_suggestion(suggestion, request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d suggestion rejected.", "%(count)d suggestions rejected.", count)
            % {"count": count},
            messages.SUCCESS,
        )
