"""The operator's details for the Imprint and the privacy notice, its sign language video,
the log of privacy requests, reported barriers and notices to staff: superusers only."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from selbsthilfe.history_admin import HistoryAdmin
from selbsthilfe.models import (
    AccessibilityFeedback,
    LegalInformation,
    PrivacyRequest,
    SignLanguageVideo,
    StaffNotice,
)


class SuperusersOnly:
    """Admin pages for the operator: only active superusers see them."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


class ReadOnly:
    """Rows the site writes itself: nobody adds or changes them in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LegalInformation)
class LegalInformationAdmin(HistoryAdmin):
    fieldsets = [
        (
            "Impressum (§ 5 DDG, § 18 MStV)",
            {"fields": ["provider_name", "legal_form", "representative", "street",
                        ("postcode", "town"), ("email", "phone"), ("fax", "sms"), "register_entry",
                        "vat_id",
                        "content_responsible"]},
        ),
        (
            "Datenschutz (Art. 13 DSGVO)",
            {"fields": ["data_protection_officer", "supervisory_authority", "hosting",
                        ("server_log_days", "backup_days")]},
        ),
    ]  # fmt: skip

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return self.has_module_permission(request) and not LegalInformation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """There is one set of details: the list leads straight to it (or to adding it)."""
        existing = LegalInformation.objects.order_by("pk").first()
        if existing is None:
            return redirect("admin:selbsthilfe_legalinformation_add")
        return redirect("admin:selbsthilfe_legalinformation_change", existing.pk)


@admin.register(SignLanguageVideo)
class SignLanguageVideoAdmin(SuperusersOnly, admin.ModelAdmin):
    """The video of the page "Gebärdensprache": the operator uploads it with its captions; the
    latest published one is shown."""

    list_display = ["title", "published", "updated_at"]
    fields = ["title", "video", "captions", "description", "published"]

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    has_change_permission = has_delete_permission = SuperusersOnly.has_view_permission

    def view_on_site(self, obj):
        return reverse("sign_language")


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(SuperusersOnly, ReadOnly, admin.ModelAdmin):
    """The log of exports and erasures: read only, superusers only."""

    list_display = ["done_at", "kind", "done_by", "counts"]
    list_filter = ["kind"]

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra = {"privacy_rights_url": reverse("privacy_rights")}
        return super().changelist_view(request, {**(extra_context or {}), **extra})


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(SuperusersOnly, admin.ModelAdmin):
    """Barriers reported through the accessibility statement: superusers (the operator) read
    them, mark them dealt with, and delete them."""

    list_display = ["created_at", "page", "short_text", "email", "done", "sent_at"]
    list_filter = ["done"]
    readonly_fields = ["created_at", "page", "text", "name", "email", "sent_at", "attempts",
                       "last_error"]  # fmt: skip
    fields = ["created_at", "page", "text", "name", "email", "done", "sent_at", "attempts",
              "last_error"]  # fmt: skip

    @admin.display(description=_("what does not work"))
    def short_text(self, feedback):
        return Truncator(feedback.text).chars(80)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_delete_permission = has_change_permission

    def has_add_permission(self, request):
        return False


@admin.register(StaffNotice)
class StaffNoticeAdmin(SuperusersOnly, ReadOnly, admin.ModelAdmin):
    """Notices to contact points and the operator, with their send state: superusers see
    which did not go out (the retry timer tries each ten times) and why."""

    list_display = ["created_at", "recipient", "subject", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    fields = readonly_fields = ["created_at", "recipient", "subject", "body", "sent_at",
                                "attempts", "last_error"]  # fmt: skip
