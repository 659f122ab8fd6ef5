"""Notices to staff by email ("a report waits for your review"), stored as ``StaffNotice``
rows and sent through the outbox: marked sent only once the mail server took them, sent at
most once however often the task runs, and retried by the retry timer."""

import datetime
from functools import partial

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from selbsthilfe import outbox
from selbsthilfe.models import StaffNotice


def queue_notice(recipient: str, subject: str, body: str) -> StaffNotice:
    """Store the notice (in the caller's transaction) and send it once that commits."""
    notice = StaffNotice.objects.create(recipient=recipient, subject=subject, body=body)
    transaction.on_commit(partial(send_notice.enqueue, notice.pk))
    return notice


@task()
def send_notice(notice_id: int) -> bool:
    return outbox.deliver(StaffNotice.objects, notice_id, build)


def send_unsent_notices() -> outbox.RetryRun:
    """Send the notices still unsent (the retry timer)."""
    return outbox.retry_unsent(StaffNotice.objects, build)


def build(notice: StaffNotice) -> EmailMessage:
    return EmailMessage(notice.subject, notice.body, to=[notice.recipient])


def delete_sent_notices(days: int) -> int:
    """Delete the notices sent more than ``days`` ago (the daily timer)."""
    sent_before = timezone.now() - datetime.timedelta(days=days)
    return StaffNotice.objects.filter(sent_at__lt=sent_before).delete()[0]
