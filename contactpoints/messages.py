"""Messages from the public: where they go, storing them with their anonymous inquiry, the
emails about them (sent by the task queue after commit, retried by a timer), forgetting a
relayed message once it is out, answering and closing them in the staff inbox, and deleting
them when their time is up."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contactpoints.models import ContactPoint, Inquiry, Message, MessageEmail, MessageReply
from selbsthilfe import outbox


def route_for(group) -> str:
    """A group with direct contact and a public email gets its messages relayed (kept here
    only until the email to the group is out); every other message goes to the contact
    point's staff."""
    if group is not None and group.reached_directly and group.public_email:
        return Message.Route.GROUP
    return Message.Route.CONTACT_POINT


def recipient_name(contact_point: ContactPoint, group=None) -> str:
    """The name of whom a message goes to: the group's or the contact point's; the sentence
    around it says which (a declined phrase would not fit every sentence)."""
    if route_for(group) == Message.Route.GROUP:
        return group.name
    return contact_point.name


def submit_message(message: Message) -> Message:
    """Store ``message`` (its contact point, group and route set) with an anonymous inquiry
    of channel "web form", and queue its emails; all or nothing."""
    with transaction.atomic():
        inquiry = Inquiry.objects.create_from_website(message.contact_point, Inquiry.Origin.MESSAGE)
        if message.group is not None:
            inquiry.topics.set(message.group.topics.all())
        message.inquiry = inquiry
        if message.route == Message.Route.GROUP:
            # Relayed: the group answers the sender itself; nothing is left for the staff,
            # and the content goes once sent (forget_relayed_content).
            message.status = Message.Status.CLOSED
            message.closed_at = timezone.now()
        message.save()
        queue_email(message, MessageEmail.Kind.DELIVERY)
        if message.email:
            queue_email(message, MessageEmail.Kind.CONFIRMATION)
    return message


@transaction.atomic
def reply_to_message(message: Message, text: str, user) -> MessageReply:
    """Staff answer by email from the admin: the reply is kept with the message and sent
    by the queue; the message counts as answered."""
    reply = MessageReply.objects.create(message=message, text=text, sent_by=user)
    queue_email(message, MessageEmail.Kind.REPLY, reply=reply)
    if message.status in (Message.Status.NEW, Message.Status.IN_PROGRESS):
        Message.objects.filter(pk=message.pk).update(status=Message.Status.ANSWERED)
        message.status = Message.Status.ANSWERED
    return reply


def record_closing(message: Message, person: str, outcomes: list[str]) -> None:
    """On closing: who asked and the outcome go to the message's anonymous inquiry."""
    if message.inquiry_id:
        Inquiry.objects.filter(pk=message.inquiry_id).update(person=person, outcomes=outcomes)


def queue_email(message: Message, kind: str, reply: MessageReply | None = None) -> MessageEmail:
    email = MessageEmail.objects.create(message=message, kind=kind, reply=reply)
    transaction.on_commit(partial(send_message_email.enqueue, email.pk))
    return email


@task()
def send_message_email(email_id: int) -> bool:
    return deliver(email_id)


def stored_emails():
    return MessageEmail.objects.select_related("message__contact_point", "message__group", "reply")


def deliver(email_id: int) -> bool:
    return outbox.deliver(stored_emails(), email_id, build_email, on_sent=forget_relayed_content)


def forget_relayed_content(email: MessageEmail) -> None:
    """After an email about a relayed message went out (in the transaction that marks it
    sent): once the group has it, the text, name, phone and call time are blanked; once the
    sender's confirmation (which names nobody) is out too, their email. What stays is what
    the annual report and the delivery state need: the inquiry, dates, group and contact
    point.

    The message row is locked first, so that the delivery and the confirmation, sent at the
    same moment by two workers, each see the other's state once it is committed.
    """
    if email.message.route != Message.Route.GROUP:
        return
    message = Message.objects.select_for_update().get(pk=email.message_id)
    unsent = set(message.emails.filter(sent_at__isnull=True).values_list("kind", flat=True))
    if MessageEmail.Kind.DELIVERY in unsent:
        return  # the retry needs all of it to send it
    blanked = {"text": "", "name": "", "phone": "", "call_time": ""}
    if MessageEmail.Kind.CONFIRMATION not in unsent:
        blanked["email"] = ""
    Message.objects.filter(pk=message.pk).update(
        relayed_at=message.relayed_at or timezone.now(), **blanked
    )


def contact_point_address(contact_point: ContactPoint) -> str:
    """Where a contact point's mail goes: its address, else its first site's."""
    if contact_point.email:
        return contact_point.email
    site = contact_point.sites.exclude(email="").order_by("pk").first()
    return site.email if site else ""


def build_email(email: MessageEmail) -> EmailMessage:
    """The email for a stored row. What reaches the contact point is a notice with a link
    to the inbox, never the message (mail is not confidential); a relayed message carries
    the text to the group, with the sender's address as Reply-To (they consented to it).
    The sender's confirmation repeats no message text."""
    message = email.message
    contact_point = message.contact_point
    context = {
        "message": message,
        "contact_point": contact_point,
        "group": message.group,
        "reply": email.reply,
        "inbox_link": settings.SITE_URL
        + reverse("admin:contactpoints_message_change", args=[message.pk]),
        "site_url": settings.SITE_URL,
        "settings_days": settings.MESSAGE_RETENTION_DAYS,
    }
    language = settings.LANGUAGE_CODE if email.kind == MessageEmail.Kind.DELIVERY else None
    with translation.override(language or message.language or settings.LANGUAGE_CODE):
        if email.kind == MessageEmail.Kind.DELIVERY and message.route == Message.Route.GROUP:
            return EmailMessage(
                _("A message for your group through the Selbsthilfe-Wegweiser"),
                render_to_string("contactpoints/email/message_relayed.txt", context),
                to=[message.group.public_email],
                reply_to=[message.email] if message.email else [],
            )
        if email.kind == MessageEmail.Kind.DELIVERY:
            address = contact_point_address(contact_point)
            if not address:
                raise ValueError(f"Contact point {contact_point.pk} has no email address.")
            return EmailMessage(
                _("New message in the inbox of the self-help directory"),
                render_to_string("contactpoints/email/message_received.txt", context),
                to=[address],
            )
        staff_address = contact_point_address(contact_point)
        if email.kind == MessageEmail.Kind.CONFIRMATION:
            return EmailMessage(
                _("Your message has arrived"),
                render_to_string("contactpoints/email/message_confirmation.txt", context),
                to=[message.email],
            )
        return EmailMessage(
            _("Answer from the contact point “%(name)s”") % {"name": contact_point.name},
            render_to_string("contactpoints/email/message_reply.txt", context),
            to=[message.email],
            reply_to=[staff_address] if staff_address else [],
        )


def send_pending_emails() -> outbox.RetryRun:
    """Send the emails about messages that failed before (for the retry timer). Those that
    failed too often are skipped and stay visible on the message in the admin."""
    return outbox.retry_unsent(stored_emails(), build_email, on_sent=forget_relayed_content)


def delete_closed_messages(now=None) -> int:
    """Delete the messages closed more than ``MESSAGE_RETENTION_DAYS`` ago with their
    replies and emails; their inquiries stay (they hold no personal data)."""
    _total, per_model = Message.objects.due_for_deletion(now).delete()
    return per_model.get(Message._meta.label, 0)
