"""Confidential messages from the public to a contact point or, relayed, to a group."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models.contactpoint import ContactPoint, Inquiry
from selbsthilfe.outbox import StoredEmail
from selbsthilfe.phones import PhoneNumberField


class MessageQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(status__in=[Message.Status.NEW, Message.Status.IN_PROGRESS])

    def due_for_deletion(self, now: datetime.datetime | None = None):
        """Closed more than ``MESSAGE_RETENTION_DAYS`` ago."""
        now = now or timezone.now()
        kept_since = now - datetime.timedelta(days=settings.MESSAGE_RETENTION_DAYS)
        return self.filter(status=Message.Status.CLOSED, closed_at__lt=kept_since)


class Message(models.Model):
    """A message written on a group's or a contact point's page ("Nachricht schreiben").

    It goes to the contact point's staff, or for a group with direct contact and a public
    email, relayed to the group. A relayed message is the group's: once its emails are out
    (``relayed_at``), its text and sender are blanked here. Every message is deleted
    ``MESSAGE_RETENTION_DAYS`` after it was closed; the anonymous inquiry it created stays.
    """

    class Route(models.TextChoices):
        CONTACT_POINT = "contact_point", _("To the contact point")
        GROUP = "group", _("Relayed to the group")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    class AnswerBy(models.TextChoices):
        EMAIL = "email", _("By email")
        PHONE = "phone", _("By phone")

    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.PROTECT,
        related_name="messages",
    )
    group = models.ForeignKey(
        "groups.Group",
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    route = models.CharField(_("route"), max_length=20, choices=Route)
    inquiry = models.OneToOneField(
        Inquiry,
        verbose_name=_("inquiry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="message",
    )

    name = models.CharField(_("name or nickname"), max_length=100)
    answer_by = models.CharField(_("answer"), max_length=10, choices=AnswerBy)
    email = models.EmailField(_("email"), blank=True)
    phone = PhoneNumberField(_("phone"), max_length=50, blank=True)
    call_time = models.CharField(_("best time to call"), max_length=100, blank=True)
    text = models.TextField(_("message"), max_length=4000)
    consent_given_at = models.DateTimeField(_("consent given at"))
    sender_key = models.CharField(max_length=64, editable=False, db_index=True)
    language = models.CharField(_("language"), max_length=10, default="de", editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    internal_note = models.TextField(_("internal note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # When a relayed message reached the group's mail server and its content was blanked.
    relayed_at = models.DateTimeField(_("passed on to the group"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["contact_point", "status"], name="message_cp_status_idx"),
            models.Index(fields=["sender_key", "created_at"], name="message_sender_idx"),
        ]
        constraints = [
            # (a relayed message keeps how the sender wanted an answer, not where)
            models.CheckConstraint(
                condition=~Q(answer_by="email") | ~Q(email="") | Q(relayed_at__isnull=False),
                name="message_email_to_answer_by_email",
            ),
            models.CheckConstraint(
                condition=~Q(answer_by="phone") | ~Q(phone="") | Q(relayed_at__isnull=False),
                name="message_phone_to_answer_by_phone",
            ),
        ]

    def __str__(self):
        about = self.group.name if self.group_id else self.contact_point.short_name
        return _("Message of %(date)s about %(about)s") % {
            "date": timezone.localtime(self.created_at).strftime("%d.%m.%Y"),
            "about": about,
        }

    @property
    def can_be_answered_by_email(self) -> bool:
        return bool(self.email)


class MessageReply(models.Model):
    """An answer staff wrote in the admin, sent to the sender by email and kept here."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField(_("reply"), max_length=8000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.message} – {timezone.localtime(self.created_at):%d.%m.%Y %H:%M}"


class MessageEmail(StoredEmail):
    """An email about a message: the message to its recipient, the confirmation to the
    sender, or a reply."""

    class Kind(models.TextChoices):
        DELIVERY = "delivery", _("Message to its recipient")
        CONFIRMATION = "confirmation", _("Confirmation to the sender")
        REPLY = "reply", _("Reply to the sender")

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="emails"
    )
    reply = models.ForeignKey(
        MessageReply,
        verbose_name=_("reply"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)

    class Meta:
        verbose_name = _("email about a message")
        verbose_name_plural = _("emails about messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="message_email_unsent_idx",
            )
        ]

    def __str__(self):
        return self.get_kind_display()
