"""Admin for places and topics (the shared vocabulary; only superusers change it)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from contactpoints.permissions import (
    MembersOnlyAdmin,
)
from groups.models import Place, Topic


@admin.register(Place)
class PlaceAdmin(MembersOnlyAdmin):
    list_display = ["postcode", "name", "district", "federal_state", "latitude", "longitude"]
    list_filter = ["federal_state"]
    search_fields = ["=postcode", "name", "district"]
    show_full_result_count = False


@admin.register(Topic)
class TopicAdmin(MembersOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["name", "category", "parent", "synonym_list"]
    list_filter = ["category"]
    search_fields = ["name", "synonyms"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    @admin.display(description=_("synonyms"))
    def synonym_list(self, topic):
        return ", ".join(topic.synonyms)
