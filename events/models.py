"""Events run by contact points, grouped into series, and the registrations for them."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contactpoints.models import VenueAddress


def new_cancellation_token() -> str:
    return secrets.token_urlsafe(32)


class EventSeries(models.Model):
    """Several dates that belong together, e.g. the six evenings of a training."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        verbose_name=_("organising contact point"),
        on_delete=models.PROTECT,
        related_name="event_series",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["title"]

    def __str__(self):
        return self.title


class EventQuerySet(models.QuerySet):
    def upcoming(self):
        """Events that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")


class Event(VenueAddress):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        INFORMATION = "information", _("Information event")
        MEETUP = "meetup", _("Meetup")
        SELF_HELP_DAY = "self_help_day", _("Self-help day")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        verbose_name=_("organising contact point"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.INFORMATION)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(
        "groups.Topic", verbose_name=_("topics"), related_name="events", blank=True
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    is_online = models.BooleanField(_("online"), default=False)
    online_join_url = models.URLField(
        _("join link"),
        blank=True,
        help_text=_("Only sent to registered participants, never shown publicly."),
    )
    venue_site = models.ForeignKey(
        "contactpoints.Site",
        verbose_name=_("venue at contact point site"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )

    registration_required = models.BooleanField(_("registration required"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SCHEDULED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[topics])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            *VenueAddress.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("starts_at")),
                name="event_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="event_capacity_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="event_status_start_idx")]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def town_name(self) -> str:
        return self.town or (self.venue_site.town if self.venue_site else "")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if (
            self.registration_deadline
            and self.starts_at
            and self.registration_deadline > self.starts_at
        ):
            errors["registration_deadline"] = _(
                "The registration deadline must be before the start."
            )
        if (
            self.venue_site_id
            and self.contact_point_id
            and self.venue_site.contact_point_id != self.contact_point_id
        ):
            errors["venue_site"] = _("Choose a site of the organising contact point.")
        if errors:
            raise ValidationError(errors)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING_LIST = "waiting_list", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    persons = models.PositiveSmallIntegerField(_("number of persons"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.CONFIRMED)
    cancellation_token = models.CharField(
        _("cancellation token"),
        max_length=64,
        unique=True,
        default=new_cancellation_token,
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(persons__gte=1), name="registration_persons_min_one"
            ),
            models.UniqueConstraint(
                F("event"),
                Lower("email"),
                condition=~Q(status="cancelled"),
                name="registration_unique_active_email_per_event",
            ),
        ]

    def __str__(self):
        return f"{self.name} – {self.event.title}"
