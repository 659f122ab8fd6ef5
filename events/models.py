"""Events run by contact points, grouped into series, and the registrations for them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contactpoints.models import VenueAddress
from groups.models import Place
from groups.search.places import Location
from selbsthilfe import geo
from selbsthilfe.phones import PhoneNumberField


def new_cancellation_token() -> str:
    return secrets.token_urlsafe(32)


# Public paths below /veranstaltungen/ that an event slug must not shadow.
RESERVED_SLUGS = {"archiv", "reihe", "anmeldung", "kalender"}


def validate_event_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved for a page of the site; choose another slug."),
            params={"slug": value},
        )


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
    single_dates_allowed = models.BooleanField(
        _("single dates can be booked"),
        default=True,
        help_text=_(
            "Switch off for a course that people join as a whole: one registration then "
            "covers every date, and registration closes when the first date begins."
        ),
    )

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:series", kwargs={"slug": self.slug})

    def bookable_dates(self, now=None):
        """The dates one registration for the series covers: scheduled, needing
        registration, and still open for it; soonest first."""
        now = now or timezone.now()
        return (
            self.events.scheduled()
            .filter(registration_required=True, starts_at__gt=now)
            .filter(Q(registration_deadline__isnull=True) | Q(registration_deadline__gt=now))
            .order_by("starts_at")
        )

    def registration_closed_reason(self, now=None) -> str:
        """Why nobody can register for the series as a whole now, or "" while one can."""
        now = now or timezone.now()
        if not self.single_dates_allowed:
            first = self.events.scheduled().order_by("starts_at").first()
            if first is not None and first.starts_at <= now:
                return _("Registration for this series closed when its first date began.")
        if not self.bookable_dates(now).exists():
            return _("No date of this series takes registrations now.")
        return ""


def _persons(status: str, **conditions) -> Coalesce:
    return Coalesce(
        Sum("registrations__persons", filter=Q(registrations__status=status, **conditions)), 0
    )


class EventQuerySet(models.QuerySet):
    def upcoming(self):
        """Events that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        """Events that have ended, latest first."""
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def scheduled(self):
        return self.filter(status=Event.Status.SCHEDULED)

    def with_place(self):
        """Annotated with ``latitude`` and ``longitude`` of where the event meets: its
        contact point site's, else those of its postcode (or, without one, of its town)
        in the postcode list; None for online events and those without a known place."""
        by_postcode = Place.objects.filter(postcode=OuterRef("postcode")).order_by("pk")
        by_town = Place.objects.filter(name__iexact=OuterRef("town")).order_by("pk")

        def coordinate(name):
            return Coalesce(
                F(f"venue_site__{name}"),
                Subquery(by_postcode.values(name)[:1]),
                Subquery(by_town.values(name)[:1]),
            )

        return self.annotate(
            place_latitude=coordinate("latitude"), place_longitude=coordinate("longitude")
        )

    def near(self, location: Location, *, km: int, include_online: bool = True):
        """Events meeting within ``km`` of ``location``, annotated with ``distance`` in km
        (None for online events, which are kept when ``include_online`` is set)."""
        origin = location.origin()
        located = self.with_place().annotate(
            distance=geo.EarthDistance(
                origin, geo.point(F("place_latitude"), F("place_longitude"))
            )
            / 1000.0
        )
        nearby = Q(is_online=False, distance__lte=km)
        return located.filter(nearby | Q(is_online=True) if include_online else nearby)

    def with_participation(self):
        """Annotate persons confirmed and waiting, and (after the event) persons who attended
        or did not come; the figures of the event pages and the annual report."""
        confirmed = Registration.Status.CONFIRMED
        return self.annotate(
            confirmed_persons=_persons(confirmed),
            waiting_persons=_persons(Registration.Status.WAITING_LIST),
            attended_persons=_persons(confirmed, registrations__attendance="attended"),
            no_show_persons=_persons(confirmed, registrations__attendance="no_show"),
        )


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
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_event_slug])
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
        on_delete=models.PROTECT,  # a site in use is not deleted until its events move
        null=True,
        blank=True,
        related_name="events",
    )

    registration_required = models.BooleanField(_("registration required"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take registrations until the start."),
    )
    max_persons_per_registration = models.PositiveSmallIntegerField(
        _("persons per registration"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many persons one registration may bring, the registrant included."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SCHEDULED)
    cancellation_reason = models.TextField(
        _("reason for the cancellation"),
        blank=True,
        help_text=_("Shown on the event page and sent to everyone registered."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("event version"),
        verbose_name_plural=_("event versions"),
        m2m_fields=[topics],
    )

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
            models.CheckConstraint(
                condition=Q(max_persons_per_registration__gte=1),
                name="event_max_persons_at_least_one",
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

    @property
    def address_lines(self) -> list[str]:
        """Where the event meets: venue, street, postcode and town, from the contact point's
        site when it meets there; empty parts left out. For pages, emails and calendars."""
        place = self.venue_site or self
        name = self.venue_site.name if self.venue_site else self.venue_name
        lines = [name, place.street, f"{place.postcode} {place.town}".strip()]
        return [line for line in lines if line]

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def closes_at(self):
        """When registration closes: the deadline, or else the start."""
        return self.registration_deadline or self.starts_at

    def registration_closed_reason(self, now=None, *, past_deadline: bool = False) -> str:
        """Why nobody can register now, or "" while registration is open. Staff may still
        register people ``past_deadline`` until the start."""
        now = now or timezone.now()
        if not self.registration_required:
            return _("This event needs no registration.")
        if self.is_cancelled:
            return _("This event has been cancelled.")
        if now >= self.starts_at:
            return _("Registration has closed: the event has already started.")
        if now >= self.closes_at and not past_deadline:
            return _("Registration closed at the deadline.")
        return ""

    @property
    def registration_open(self) -> bool:
        return not self.registration_closed_reason()

    def places_left(self, confirmed_persons: int) -> int | None:
        """Free places when ``confirmed_persons`` are registered; None for no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - confirmed_persons, 0)

    @property
    def free_places(self) -> int | None:
        """Free places of an event loaded ``with_participation()``; None for no limit."""
        return self.places_left(self.confirmed_persons)

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


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that hold a place or wait for one."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=Registration.Status.WAITING_LIST).order_by("created_at", "pk")

    def persons(self) -> int:
        return self.aggregate(total=Coalesce(Sum("persons"), 0))["total"]


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING_LIST = "waiting_list", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("not recorded")
        ATTENDED = "attended", _("attended")
        NO_SHOW = "no_show", _("did not come")

    # An event with registrations is cancelled (everyone is told), never deleted.
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    series_registration = models.ForeignKey(
        "SeriesRegistration",
        verbose_name=_("registration for the series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = PhoneNumberField(_("phone"), max_length=50, blank=True)
    persons = models.PositiveSmallIntegerField(_("number of persons"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.CONFIRMED)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance, default=Attendance.UNKNOWN, blank=True
    )
    # The secret of the personal link in the emails. Kept in plain like a session key, since
    # every later email (moving up, cancellation of the event, a retried send) repeats the link.
    cancellation_token = models.CharField(
        _("cancellation token"),
        max_length=64,
        unique=True,
        default=new_cancellation_token,
        editable=False,
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails to this person."),
    )
    # A keyed hash of the sender's address, for the hourly limit of the public form.
    sender_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()
    # Who changed what, and what a deleted registration was. The token is a secret and the
    # sender key serves only the hourly limit: neither is copied.
    history = HistoricalRecords(
        verbose_name=_("registration version"),
        verbose_name_plural=_("registration versions"),
        excluded_fields=["cancellation_token", "sender_key"],
    )

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
                condition=~Q(status="cancelled") & ~Q(email=""),  # "": anonymised
                name="registration_unique_active_email_per_event",
            ),
        ]

    def __str__(self):
        return f"{self.name} – {self.event.title}"

    def get_absolute_url(self):
        """The personal page of the registration, reached by the link in its emails."""
        return reverse("events:registration", kwargs={"token": self.cancellation_token})

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    def clean(self):
        super().clean()
        if self.attendance and (
            self.status != self.Status.CONFIRMED
            or (self.event_id and self.event.starts_at > timezone.now())
        ):
            raise ValidationError(
                {
                    "attendance": _(
                        "Attendance can be recorded only for confirmed registrations, once "
                        "the event has begun."
                    )
                }
            )


class SeriesRegistration(models.Model):
    """One registration for several dates of a series, made at once: each date has its own
    ``Registration`` (with the person's details, place or waiting list, and its own link to
    cancel that date); this row ties them together under one personal link."""

    series = models.ForeignKey(
        EventSeries,
        verbose_name=_("series"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    # The secret of the personal link, like a registration's.
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_cancellation_token, editable=False
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration for a series")
        verbose_name_plural = _("registrations for a series")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.series.title} ({self.created_at:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("events:series_registration", kwargs={"token": self.token})

    def dates(self):
        """The registrations for each date, soonest first, with their events."""
        return self.registrations.select_related("event").order_by("event__starts_at")


class RegistrationEmail(models.Model):
    """An email to a registrant, stored with the change that causes it and sent after the
    transaction commits; a failed send stays here for ``send_registration_emails``."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Registration confirmed")
        WAITING_LIST = "waiting_list", _("On the waiting list")
        PROMOTED = "promoted", _("Moved up from the waiting list")
        CANCELLED = "cancelled", _("Cancellation confirmed")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        SERIES_CONFIRMED = "series_confirmed", _("Registration for a series confirmed")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="emails",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("email to a registrant")
        verbose_name_plural = _("emails to registrants")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="registration_email_unsent_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.registration.email}"
