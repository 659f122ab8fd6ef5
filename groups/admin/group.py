"""Admin for groups: the scoped list with upkeep filters, the form with its help texts,
re-confirmation requests, and export and import of spreadsheets."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactpoints.models import ContactPoint
from contactpoints.permissions import (
    ScopedHistoryAdmin,
    scope,
)
from groups import transfer
from groups.models import Group, ReconfirmationRequest
from groups.signals import indexing_once
from selbsthilfe import spreadsheets


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


class ReconfirmationRequestInline(admin.TabularInline):
    model = ReconfirmationRequest
    fields = ["sent_at", "sent_to", "answered_at", "answer"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("yearly re-confirmation")
    template = "admin/groups/group/reconfirmation_inline.html"


IMPORT_SALT = "groups.admin.import"
# (content type, writer, whether dates and times stay dates and times rather than text)
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", spreadsheets.write_csv, False),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda rows: spreadsheets.write_xlsx(rows, _("Groups")),
        True,
    ),
}


class GroupImportForm(forms.Form):
    """The upload of the import; ``transfer.read_table`` refuses files beyond the bounds
    of ``groups.import_files`` (size, ZIP expansion, rows) while reading them."""

    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("The columns are described in the import format; an export is an example."),
    )
    contact_point = forms.ModelChoiceField(
        label=_("Contact point"), queryset=ContactPoint.objects.none()
    )

    def __init__(self, *args, contact_points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].queryset = contact_points
        if len(contact_points) == 1:
            self.fields["contact_point"].initial = contact_points[0]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.rows = transfer.read_table(uploaded)
        except transfer.ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return uploaded


class GroupAdminForm(forms.ModelForm):
    """The group form, warning before a likely duplicate in the same town is saved."""

    confirm_not_duplicate = forms.BooleanField(
        label=_("Save anyway: this is not one of the similar groups"), required=False
    )
    # Set by GroupAdmin.get_form: the groups the user may see, to compare with, and the
    # topics of a historical version being restored (its form shows that version's topics).
    visible_groups = Group.objects.none()
    restored_topic_ids = None

    class Meta:
        model = Group
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields
        help_texts = {
            "name": _("As the group calls itself, e.g. “Angehörige Demenz Lünen”."),
            "slug": _("The end of the public address; filled in from the name."),
            "description": _("What the group is about and who is welcome, in the group's "
                             "words. Shown publicly; no health details of members."),
            "topics": _("All topics the group deals with; people also find it through the "
                        "synonyms of these topics."),
            "audience": _("Whether the group is for those affected, their relatives, or both."),
            "focus": _("Only if the group is meant for a certain circle of people."),
            "member_count": _("Roughly; for the annual report, never shown publicly."),
            "format": _("Online groups are found from anywhere."),
            "frequency": _("With “irregular”, describe the dates in the note below."),
            "weekday": _("Day of the regular meeting."),
            "meeting_site": _("If the group meets in rooms of your contact point, choose the "
                              "site; then no address below is needed."),
            "postcode": _("Needed for the search by distance, also when the meeting place "
                          "is not shown publicly."),
            "contact_mode": _("“Only through the contact point” protects the group: people "
                              "then call or write to your contact point."),
            "contact_person": _("Internal: who speaks for the group. Never shown publicly."),
            "contact_person_email": _("Internal; the yearly re-confirmation goes to this "
                                      "address (else to the public email)."),
            "status": _("A group that no longer meets is “ended”, not deleted; its page then "
                        "points to similar groups."),
            "ended_on": _("Required when the status is “ended”."),
            "consent_given_on": _("When the group agreed to be published (needed for "
                                  "listing)."),
            "last_verified_on": _("When someone last checked that the details are right; "
                                  "also set by the action “mark as verified” and by the "
                                  "group's own confirmation."),
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.restored_topic_ids is not None and "topics" in self.fields:
            self.initial["topics"] = self.restored_topic_ids
        if "confirm_not_duplicate" in self.fields:
            # Offered only once similar groups were found (see clean); the admin hides the
            # row of a hidden field.
            self.fields["confirm_not_duplicate"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        name, town = cleaned.get("name"), cleaned.get("town")
        if not name or not town:
            return cleaned
        similar = self.visible_groups.similar_to(name, town)
        if self.instance.pk:
            similar = similar.exclude(pk=self.instance.pk)
        similar = list(similar[:3])
        if similar and "confirm_not_duplicate" in self.fields:
            self.fields["confirm_not_duplicate"].widget = forms.CheckboxInput()
        if similar and not cleaned.get("confirm_not_duplicate"):
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
class GroupAdmin(ScopedHistoryAdmin):
    form = GroupAdminForm
    change_list_template = "admin/groups/group/change_list.html"
    inlines = [ReconfirmationRequestInline]
    actions = ["mark_verified", "mark_ended"]
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
    autocomplete_fields = ["topics", "contact_point", "meeting_site", "organisation"]
    list_select_related = ["contact_point", "meeting_site"]
    readonly_fields = ["created_at", "updated_at", "interested_people"]
    # What staff fill in for every group first; what is needed now and then folded below
    # (a fieldset with an error opens by itself).
    fieldsets = [
        (
            _("Description"),
            {
                "fields": [
                    "name",
                    "confirm_not_duplicate",  # shown beside the name once duplicates are found
                    "slug",
                    "topics",
                    "description",
                    "audience",
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
            _("Status"),
            {
                "fields": [
                    "contact_point",
                    "status",
                    "accepting_members",
                    "is_listed",
                ]
            },
        ),
        (
            _("More about the group"),
            {
                "classes": ["collapse"],
                "fields": [
                    "focus",
                    "languages",
                    ("step_free", "hearing_loop", "sign_language"),
                    "organisation",
                    "umbrella_organisation",
                    "member_count",
                    ("latitude", "longitude"),
                ],
            },
        ),
        (
            _("Records"),
            {
                "classes": ["collapse"],
                "fields": [
                    "interested_people",
                    ("founded_on", "ended_on"),
                    ("consent_given_on", "consent_given_by"),
                    "last_verified_on",
                    ("created_at", "updated_at"),
                ],
            },
        ),
    ]

    @admin.display(description=_("founding interests"))
    def interested_people(self, group):
        """How many people want to join (open interests), linked to their list."""
        if group.pk is None:
            return "–"
        count = group.founding_interests.open().count()
        url = reverse("admin:groups_foundinginterest_changelist") + f"?group__id__exact={group.pk}"
        return format_html('<a href="{}">{}</a>', url, count) if count else "0"

    @admin.display(description=_("town"), ordering="town")
    def town_display(self, group):
        return group.town_name

    @admin.action(permissions=["change"], description=_("Mark as verified today"))
    def mark_verified(self, request, queryset):
        today = timezone.localdate()
        count = 0
        for group in queryset.exclude(last_verified_on=today):  # saved one by one for history
            group.last_verified_on = today
            group._change_reason = _("Marked as verified")
            group.save(update_fields=["last_verified_on", "updated_at"])
            count += 1
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

    @admin.action(permissions=["change"], description=_("Mark as ended today"))
    def mark_ended(self, request, queryset):
        """What staff do instead of deleting: the entry stays, with its history."""
        today = timezone.localdate()
        count = 0
        for group in queryset.exclude(status=Group.Status.ENDED):
            group.status = Group.Status.ENDED
            group.ended_on = max(today, group.founded_on or today)
            group._change_reason = _("Marked as ended")
            group.save(update_fields=["status", "ended_on", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d group marked as ended; it no longer appears in the search.",
                "%(count)d groups marked as ended; they no longer appear in the search.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    # A save writes the group, then its topics: the search index is refreshed once, at the
    # end, and with the rest or not at all (restoring a version is one transaction too).
    def changeform_view(self, *args, **kwargs):
        with transaction.atomic(), indexing_once():
            return super().changeform_view(*args, **kwargs)

    def history_form_view(self, *args, **kwargs):
        with transaction.atomic(), indexing_once():
            return super().history_form_view(*args, **kwargs)

    def response_action(self, *args, **kwargs):
        with transaction.atomic(), indexing_once():
            return super().response_action(*args, **kwargs)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="groups_group_import"),
            path(
                "export/<str:file_format>/",
                wrap(self.export_view),
                name="groups_group_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, file_format):
        """The groups of the list as it is filtered and searched, as CSV or XLSX."""
        if file_format not in EXPORT_FORMATS:
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return redirect("admin:groups_group_changelist")
        content_type, write, typed = EXPORT_FORMATS[file_format]
        rows = transfer.export_rows(changelist.get_queryset(request), typed=typed)
        response = HttpResponse(write(rows), content_type=content_type)
        filename = f"selbsthilfegruppen-{timezone.localdate():%Y-%m-%d}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def import_view(self, request):
        """Upload, dry run, then apply: see docs/import-format.md."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        contact_points = scope(ContactPoint.objects.all(), request.user, "pk")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import groups"),
        }
        if request.method == "POST" and "payload" in request.POST:
            return self.apply_import(request, contact_points, context)
        form = GroupImportForm(
            request.POST or None, request.FILES or None, contact_points=contact_points
        )
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            contact_point = form.cleaned_data["contact_point"]
            plan = transfer.plan_import(form.rows, contact_point)
            payload = signing.dumps(
                {"user": request.user.pk, "contact_point": contact_point.pk, "rows": form.rows,
                 "file": form.cleaned_data["file"].name},
                salt=IMPORT_SALT,
                compress=True,
            )  # fmt: skip
            context |= {"plan": plan, "payload": payload, "contact_point": contact_point}
        return TemplateResponse(request, "admin/groups/group/import.html", context)

    def apply_import(self, request, contact_points, context):
        try:
            data = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            self.message_user(request, _("The dry run has expired; please upload the file "
                                         "again."), messages.ERROR)  # fmt: skip
            return redirect("admin:groups_group_import")
        contact_point = contact_points.filter(pk=data["contact_point"]).first()
        if data["user"] != request.user.pk or contact_point is None:
            raise PermissionDenied
        context |= {
            "form": GroupImportForm(contact_points=contact_points),
            "payload": request.POST["payload"],
            "contact_point": contact_point,
        }
        try:
            plan = transfer.apply_import(
                data["rows"],
                contact_point,
                reason=_("Imported from %(file)s") % data,
                user=request.user,
                leave_out_rejected=bool(request.POST.get("skip_rejected")),
            )
        except (ValidationError, DatabaseError):
            context["plan"] = transfer.plan_import(data["rows"], contact_point)
            context["confirm_error"] = _(
                "The import failed while writing, so nothing was saved. Please check the "
                "rows below and try again."
            )
            return TemplateResponse(request, "admin/groups/group/import.html", context)
        if not plan.written:
            context["plan"] = plan
            context["confirm_error"] = _("Please confirm that the rejected rows are left out.")
            return TemplateResponse(request, "admin/groups/group/import.html", context)
        self.message_user(
            request,
            _("Import finished: %(created)d new, %(updated)d updated, %(rejected)d left out.")
            % {
                "created": plan.count("create"),
                "updated": plan.count("update"),
                "rejected": plan.count("reject"),
            },
            messages.SUCCESS,
        )
        return redirect("admin:groups_group_changelist")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.visible_groups = self.get_queryset(request)
        version = getattr(obj, "_history", None)  # set when a historical version is shown
        form.restored_topic_ids = (
            None if version is None else list(version.topics.values_list("topic_id", flat=True))
        )
        return form
