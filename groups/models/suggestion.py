"""Reports from the public about groups, and the yearly re-confirmation of entries."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models import postcode_validator
from groups.models.group import Group
from selbsthilfe.phones import PhoneNumberField


class SuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Suggestion.Status.PENDING)


class Suggestion(models.Model):
    """A new group or a correction proposed by the public, waiting for its contact point.

    Never published by itself: staff accept it (which creates or updates the group, with
    history) or reject it. The proposed values sit in the same fields for both kinds; for a
    correction they start as the group's current values, so the changes are what differs.
    """

    class Kind(models.TextChoices):
        NEW = "new", _("New group")
        CORRECTION = "correction", _("Correction")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        PUBLIC_FORM = "form", _("Public form")
        RECONFIRMATION = "reconfirmation", _("Yearly re-confirmation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source, default=Source.PUBLIC_FORM
    )
    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        verbose_name=_("responsible contact point"),
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )

    name = models.CharField(_("name of the group"), max_length=200)
    topics_text = models.CharField(_("topics"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    town = models.CharField(_("town"), max_length=100)
    meetings_text = models.CharField(
        _("when and where the group meets"), max_length=300, blank=True
    )
    public_email = models.EmailField(_("group's email"), blank=True)
    public_phone = PhoneNumberField(_("group's phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    message = models.TextField(_("message"), blank=True, max_length=4000)
    submitter_name = models.CharField(_("submitted by"), max_length=200, blank=True)
    submitter_email = models.EmailField(_("submitter's email"), blank=True)

    consent_given_at = models.DateTimeField(_("consent to processing given at"))
    sender_key = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("internal note"), blank=True)

    objects = SuggestionQuerySet.as_manager()

    # The proposed values that map onto group fields one to one.
    GROUP_FIELDS = ("name", "description", "postcode", "town", "public_email", "public_phone",
                    "website")  # fmt: skip

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sender_key", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"

    def changes(self) -> list[tuple[str, str, str]]:
        """For a correction: (field label, current value, proposed value) where they differ."""
        if self.group is None:
            return []
        rows = []
        for name in self.GROUP_FIELDS:
            current, proposed = getattr(self.group, name) or "", getattr(self, name) or ""
            if proposed.strip() and current.strip() != proposed.strip():  # as accepting does
                rows.append((str(Group._meta.get_field(name).verbose_name), current, proposed))
        current_topics = ", ".join(topic.name for topic in self.group.topics.all())
        if self.topics_text.strip() and self.topics_text.strip() != current_topics:
            rows.append((str(_("topics")), current_topics, self.topics_text))
        if self.meetings_text.strip() and self.meetings_text.strip() != self.group.schedule_text:
            rows.append((str(_("meetings")), self.group.schedule_text, self.meetings_text))
        return rows


class ReconfirmationRequest(models.Model):
    """The yearly question to a group's contact person whether its entry is still right.

    The email carries a secret link; only a hash of its token is stored.
    """

    VALID_DAYS = 60

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed unchanged")
        CORRECTED = "corrected", _("Corrections proposed")

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="reconfirmation_requests"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_to = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer, blank=True)

    class Meta:
        verbose_name = _("re-confirmation request")
        verbose_name_plural = _("re-confirmation requests")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.group} ({self.sent_at:%d.%m.%Y})"

    @property
    def is_expired(self) -> bool:
        return timezone.now() - self.sent_at > datetime.timedelta(days=self.VALID_DAYS)
