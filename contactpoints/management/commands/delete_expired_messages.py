"""Delete what the public wrote once its time is up (for the daily timer): messages a set
time after they were closed (MESSAGE_RETENTION_DAYS), founding interests when they expire
(FOUNDING_INTEREST_MONTHS), reports of barriers a set time after they came in. The anonymous
inquiries they created stay. Notices to staff go when queue entries do."""

from django.core.management.base import BaseCommand

from contactpoints.messages import delete_closed_messages
from groups.founding import delete_expired_interests
from selbsthilfe.accessibility import delete_old_feedback
from selbsthilfe.notices import delete_sent_notices
from selbsthilfe.privacy import TASK_RESULTS_KEPT_DAYS


class Command(BaseCommand):
    help = "Delete closed messages after their retention time and expired founding interests."

    def handle(self, *args, **options):
        messages = delete_closed_messages()
        interests = delete_expired_interests()
        feedback = delete_old_feedback()
        notices = delete_sent_notices(TASK_RESULTS_KEPT_DAYS)
        self.stdout.write(
            f"{messages} messages, {interests} founding interests, {feedback} reports of "
            f"barriers and {notices} sent notices to staff deleted."
        )
