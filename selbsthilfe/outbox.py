"""Emails stored with the change that causes them and sent by the task queue after commit.

A row per email records whether it went out, how often sending was tried and the last error,
so a mail server that is down loses nothing: the retry timer sends what is still unsent.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# After this many failed sends an email is left for staff to look at.
MAX_ATTEMPTS = 10


class StoredEmail(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        abstract = True


def deliver(
    queryset,
    pk: int,
    build: Callable[[models.Model], EmailMessage],
    *,
    on_sent: Callable[[models.Model], None] | None = None,
) -> bool:
    """Send the stored email ``pk`` of ``queryset`` unless it went out already; returns
    whether it was sent now. ``build`` turns the row into the message; ``on_sent(row)``
    runs after the row is marked sent, in the same transaction (e.g. to forget what only
    the email needed); should it fail, the row stays unsent, for the retry to send again.

    The row stays locked while sending, so a retry running at the same moment skips it
    instead of sending twice. A failure is logged and counted on the row, never raised.
    """
    with transaction.atomic():
        email = (
            queryset.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        email.attempts += 1
        try:
            build(email).send()
        except Exception as error:  # any failure of rendering or the mail server
            logger.exception("Stored %s %s could not be sent", email._meta.model_name, email.pk)
            email.last_error = f"{type(error).__name__}: {error}"[:1000]
            email.save(update_fields=["attempts", "last_error"])
            return False
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        if on_sent is not None:
            on_sent(email)
        return True


@dataclass
class RetryRun:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def retry_unsent(queryset, build, *, give_up=None, on_sent=None) -> RetryRun:
    """Send every unsent email of ``queryset``, oldest first (the retry timer), as
    ``deliver`` does. One that failed ``MAX_ATTEMPTS`` times, or that ``give_up(email)``
    says is no longer worth sending, is skipped and stays visible in the admin."""
    run = RetryRun()
    for email in queryset.filter(sent_at__isnull=True).order_by("created_at", "pk"):
        if email.attempts >= MAX_ATTEMPTS or (give_up and give_up(email)):
            run.skipped += 1
        elif deliver(queryset, email.pk, build, on_sent=on_sent):
            run.sent += 1
        else:
            run.failed += 1
    return run
