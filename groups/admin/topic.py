"""Admin for places and topics (the shared vocabulary; only superusers change it)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactpoints.permissions import (
    MembersOnlyAdmin,
)
from groups import thesaurus
from groups.models import Place, Topic
from selbsthilfe.history_admin import HistoryAdmin


def load_summary(report: thesaurus.LoadReport) -> str:
    """What loading the thesaurus changed, the count of topics with its noun's number."""
    created = len(report.created)
    return ngettext(
        "Thesaurus %(version)s loaded: %(created)d topic created, %(updated)d updated.",
        "Thesaurus %(version)s loaded: %(created)d topics created, %(updated)d updated.",
        created,
    ) % {"version": report.version, "created": created, "updated": len(report.updated)}


@admin.register(Place)
class PlaceAdmin(MembersOnlyAdmin):
    list_display = ["postcode", "name", "district", "federal_state", "latitude", "longitude"]
    list_filter = ["federal_state"]
    search_fields = ["=postcode", "name", "district"]
    show_full_result_count = False


@admin.register(Topic)
class TopicAdmin(MembersOnlyAdmin, HistoryAdmin):
    list_display = ["name", "name_en", "category", "parent", "synonym_list"]
    list_filter = ["category"]
    search_fields = ["name", "name_en", "synonyms"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    @admin.display(description=_("synonyms"))
    def synonym_list(self, topic):
        return ", ".join(topic.synonyms)

    def get_urls(self):
        load = self.admin_site.admin_view(self.load_thesaurus)
        return [path("themenliste-laden/", load, name="groups_topic_load"), *super().get_urls()]

    def load_thesaurus(self, request):
        """Load the shipped thesaurus (offered on the start page while there is no topic;
        later loads keep the staff's changes, see ``groups.thesaurus``)."""
        if request.method != "POST" or not self.has_add_permission(request):
            raise PermissionDenied
        report = thesaurus.load()
        self.message_user(request, load_summary(report), messages.SUCCESS)
        for conflict in report.conflicts:
            self.message_user(request, _("Kept your change: %s") % conflict, messages.WARNING)
        return redirect("admin:groups_topic_changelist")
