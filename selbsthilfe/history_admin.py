"""The admin's history pages (django-simple-history) as staff read them: whole values in the
list of changes, not the first hundred characters ("Wir s[241 chars]")."""

from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

# Longer texts (a description) are shown whole up to this length.
SHOWN_CHARACTERS = 2000


class HistoryAdmin(SimpleHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record):
        return HistoricalRecordContextHelper(
            self.model, historical_record, max_displayed_delta_change_chars=SHOWN_CHARACTERS
        )
