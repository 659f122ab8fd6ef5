"""People who would like to join a group in founding, or found one on a topic near them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint, Coordinates, Inquiry
from groups.models.group import Group
from groups.models.topic import Topic
from selbsthilfe import geo
from selbsthilfe.dates import months_before
from selbsthilfe.outbox import StoredEmail
from selbsthilfe.phones import PhoneNumberField


class FoundingInterestQuerySet(models.QuerySet):
    def open(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def within_km(self, latitude: float, longitude: float, km: float):
        """Those with a place within ``km`` of the point."""
        here, there = geo.point(latitude, longitude), geo.point(F("latitude"), F("longitude"))
        return (
            self.exclude(latitude=None)
            .annotate(distance=geo.EarthDistance(here, there))
            .filter(distance__lte=km * 1000)
        )


class FoundingAlert(models.Model):
    """Enough people near one another want a group on one topic: the contact point is told
    once, with the list of them, and records its steps towards a group."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("People contacted")
        MEETING_ARRANGED = "meeting_arranged", _("Meeting arranged")
        FOUNDED = "founded", _("Group founded")

    # The date each step was reached, in the order of the steps.
    STEP_DATES = {
        Status.CONTACTED: "contacted_on",
        Status.MEETING_ARRANGED: "meeting_arranged_on",
        Status.FOUNDED: "founded_on",
    }

    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.CASCADE,
        related_name="founding_alerts",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.SET_NULL, null=True, blank=True
    )
    topic_text = models.CharField(_("topic"), max_length=200)
    place_text = models.CharField(_("near"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    contacted_on = models.DateField(_("people contacted on"), null=True, blank=True)
    meeting_arranged_on = models.DateField(_("meeting arranged on"), null=True, blank=True)
    founded_on = models.DateField(_("group founded on"), null=True, blank=True)
    founded_group = models.ForeignKey(
        Group,
        verbose_name=_("founded group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="founding_alerts",
        help_text=_("The group that came of it; enter it under Groups first."),
    )
    handled_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("founding alert")
        verbose_name_plural = _("founding alerts")
        ordering = ["-created_at"]

    def __str__(self):
        return _("%(topic)s near %(place)s") % {"topic": self.topic_text, "place": self.place_text}


class FoundingInterest(Coordinates):
    """ "Ich möchte mitmachen" on a group in founding, or "Ich würde eine Gruppe zu diesem
    Thema mitgründen" when a search found nothing near. Stored for the contact point only:
    interested people never see each other. Deleted when it expires."""

    class Kind(models.TextChoices):
        JOIN = "join", _("Wants to join a group in founding")
        FOUND = "found", _("Would co-found a group")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.PROTECT,
        related_name="founding_interests",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="founding_interests",
        help_text=_("The group in founding, or the group founded from this interest."),
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="founding_interests",
    )
    topic_text = models.CharField(_("topic as entered"), max_length=200, blank=True)
    place_text = models.CharField(_("place as entered"), max_length=100, blank=True)
    name = models.CharField(_("name or nickname"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = PhoneNumberField(_("phone"), max_length=50, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"))
    sender_key = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    expires_at = models.DateTimeField(_("deleted after"), db_index=True)
    alert = models.ForeignKey(
        FoundingAlert,
        verbose_name=_("alert"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interests",
    )
    inquiry = models.OneToOneField(
        Inquiry,
        verbose_name=_("inquiry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="founding_interest",
    )

    objects = FoundingInterestQuerySet.as_manager()

    class Meta(Coordinates.Meta):
        verbose_name = _("founding interest")
        verbose_name_plural = _("founding interests")
        ordering = ["-created_at"]
        constraints = [
            *Coordinates.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="founding_interest_reachable"
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.JOIN and self.group_id:
            return _("Join %(group)s") % {"group": self.group.name}
        return _("Found a group: %(topic)s") % {"topic": self.topic_text}

    @property
    def about(self) -> str:
        return self.group.name if self.kind == self.Kind.JOIN and self.group else self.topic_text


class FoundingInterestEmail(StoredEmail):
    """The confirmation to the person who gave a founding interest with an email address:
    built from the interest when it is sent (no copy of the address here), deleted with it."""

    interest = models.OneToOneField(
        FoundingInterest,
        verbose_name=_("founding interest"),
        on_delete=models.CASCADE,
        related_name="confirmation",
    )
    # The page's language when the interest was given, for the email (also when retried).
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)

    class Meta:
        verbose_name = _("confirmation of a founding interest")
        verbose_name_plural = _("confirmations of founding interests")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="founding_email_unsent_idx",
            )
        ]

    def __str__(self):
        return str(self._meta.verbose_name)


def interest_lifetime_end(start=None):
    """When an interest received at ``start`` is deleted: ``FOUNDING_INTEREST_MONTHS`` later."""
    start = start or timezone.now()
    day = months_before(start.date(), -settings.FOUNDING_INTEREST_MONTHS)
    return start.replace(year=day.year, month=day.month, day=day.day)
