"""The accessibility statement: the gaps the project knows of, from which its compliance
follows, and its feedback: a barrier reported on the site is stored, and the operator gets a
notice by email through the task queue (retried by the retry timer)."""

import datetime
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from selbsthilfe import outbox
from selbsthilfe.models import AccessibilityFeedback, LegalInformation, SignLanguageVideo

# Barriers the project knows of and has not removed; the statement lists them and says
# "partially compatible" while there is one. Remove an entry when a check shows it gone.
KNOWN_GAPS = [
    gettext_lazy("The annual report as PDF is a generated document without full tagging for "
                 "screen readers; the same figures are available as a spreadsheet (CSV, XLSX)."),
    gettext_lazy("Some lists of the staff workspace show many columns and are easier to use "
                 "on large screens."),
    gettext_lazy("A search embedded in a contact point's own website is only as accessible "
                 "as the page around it."),
    gettext_lazy("Form labels and sentences of the English pages that name a contact point "
                 "or a group contain its German name without marking its language."),
    gettext_lazy("Texts that contact points and groups write themselves (descriptions, "
                 "notes) are not checked for plain language."),
    gettext_lazy("The automatic checks find only part of all barriers: results that need a "
                 "person's judgement (the “potential” and “manual” results of IBM Equal "
                 "Access) have not all been reviewed, and no test with users of screen "
                 "readers or other assistive technology has been made yet."),
]  # fmt: skip


def known_gaps() -> list[str]:
    gaps = [str(gap) for gap in KNOWN_GAPS]
    if SignLanguageVideo.shown() is None:
        gaps.append(
            _("There is no video in German Sign Language yet; the page “Sign language” says "
              "how to get in touch in writing meanwhile.")
        )  # fmt: skip
    return gaps


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
