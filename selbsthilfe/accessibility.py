"""The accessibility statement's feedback: a barrier reported on the site is stored, and the
operator gets a notice by email through the task queue (retried by the retry timer)."""

import datetime
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from selbsthilfe import outbox
from selbsthilfe.models import AccessibilityFeedback, LegalInformation


def submit_feedback(feedback: AccessibilityFeedback) -> AccessibilityFeedback:
    feedback.save()
    transaction.on_commit(partial(send_feedback_notice.enqueue, feedback.pk))
    return feedback


@task()
def send_feedback_notice(feedback_id: int) -> bool:
    return deliver_notice(feedback_id)


def deliver_notice(feedback_id: int) -> bool:
    return outbox.deliver(AccessibilityFeedback.objects, feedback_id, build_notice)


def send_unsent_notices() -> outbox.RetryRun:
    """Send the notices still unsent (the retry timer)."""
    return outbox.retry_unsent(AccessibilityFeedback.objects, build_notice)


def build_notice(feedback: AccessibilityFeedback) -> EmailMessage:
    address = LegalInformation.current().email
    if not address:
        raise ValueError("The operator's email address is not filled in (Impressum).")
    link = settings.SITE_URL + reverse(
        "admin:selbsthilfe_accessibilityfeedback_change", args=[feedback.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "Someone reported a barrier on the Selbsthilfe-Wegweiser.\n\n"
            "Page: %(page)s\n\n%(text)s\n\n"
            "Answer within the time the accessibility statement promises. The report: %(link)s"
        ) % {"page": feedback.page or "–", "text": feedback.text, "link": link}
        return EmailMessage(
            _("Accessibility: a barrier was reported"),
            body,
            to=[address],
            reply_to=[feedback.email] if feedback.email else [],
        )


def delete_old_feedback() -> int:
    """Reports are deleted ``MESSAGE_RETENTION_DAYS`` after they came in."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.MESSAGE_RETENTION_DAYS)
    deleted, _counts = AccessibilityFeedback.objects.filter(created_at__lt=cutoff).delete()
    return deleted
