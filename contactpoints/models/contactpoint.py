"""Contact points, their sites and the staff who work for them."""

import math
import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contactpoints.hours import open_status
from selbsthilfe import geo
from selbsthilfe.phones import PhoneNumberField

ORIGIN = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$", re.IGNORECASE)


def origins_validator(value: str) -> None:
    for line in value.splitlines():
        if line.strip() and not ORIGIN.match(line.strip()):
            raise ValidationError(
                _("“%(line)s” is no web address: give scheme and host only, e.g. "
                  "https://www.kiss-unna.de."),
                params={"line": line.strip()},
            )  # fmt: skip


postcode_validator = RegexValidator(
    r"^\d{5}$", _("Enter a German postcode of five digits, e.g. 44532.")
)


class FederalState(models.TextChoices):
    """The sixteen German states, keyed by their ISO 3166-2:DE codes."""

    BADEN_WUERTTEMBERG = "BW", "Baden-Württemberg"
    BAYERN = "BY", "Bayern"
    BERLIN = "BE", "Berlin"
    BRANDENBURG = "BB", "Brandenburg"
    BREMEN = "HB", "Bremen"
    HAMBURG = "HH", "Hamburg"
    HESSEN = "HE", "Hessen"
    MECKLENBURG_VORPOMMERN = "MV", "Mecklenburg-Vorpommern"
    NIEDERSACHSEN = "NI", "Niedersachsen"
    NORDRHEIN_WESTFALEN = "NW", "Nordrhein-Westfalen"
    RHEINLAND_PFALZ = "RP", "Rheinland-Pfalz"
    SAARLAND = "SL", "Saarland"
    SACHSEN = "SN", "Sachsen"
    SACHSEN_ANHALT = "ST", "Sachsen-Anhalt"
    SCHLESWIG_HOLSTEIN = "SH", "Schleswig-Holstein"
    THUERINGEN = "TH", "Thüringen"


class Coordinates(models.Model):
    """Latitude and longitude, both set or both empty, within their valid ranges."""

    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="%(app_label)s_%(class)s_coordinates_valid",
            ),
        ]

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def rough_distance_to(self, latitude: float, longitude: float) -> float:
        """A measure of the distance to a point, good for choosing the nearest of a few (flat
        earth, no unit); infinite without coordinates."""
        if not self.has_coordinates:
            return math.inf
        scale = math.cos(math.radians(latitude))
        return (self.latitude - latitude) ** 2 + ((self.longitude - longitude) * scale) ** 2

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Enter both latitude and longitude, or neither."))


class VenueAddress(models.Model):
    """An address of its own, for a group or event that does not meet at a contact point site."""

    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    town = models.CharField(_("town"), max_length=100, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=r"^\d{5}$"),
                name="%(app_label)s_%(class)s_postcode_five_digits",
            ),
        ]


class ContactPointQuerySet(models.QuerySet):
    def with_descendants_of(self, contact_point: "ContactPoint"):
        """The contact point itself and every contact point below it, at any depth."""
        ids = {contact_point.pk}
        frontier = {contact_point.pk}
        while frontier:
            frontier = (
                set(ContactPoint.objects.filter(parent__in=frontier).values_list("pk", flat=True))
                - ids
            )
            ids |= frontier
        return self.filter(pk__in=ids)


class ContactPoint(models.Model):
    class Kind(models.TextChoices):
        STATE = "state", _("State contact point (e.g. LAKOS)")
        REGIONAL = "regional", _("Regional contact point (e.g. KISS, SEKIS, SKIS)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("e.g. KISS Zwickau")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.REGIONAL)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent contact point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A regional contact point belongs to its state contact point."),
    )
    carrier = models.CharField(
        _("carrier organisation"),
        max_length=200,
        blank=True,
        help_text=_("The organisation that runs the contact point (Träger)."),
    )
    federal_state = models.CharField(_("federal state"), max_length=2, choices=FederalState)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Free text is never the hours: the sites' structured rows are (they say "open now").
    opening_hours = models.TextField(
        _("note on the opening hours"),
        blank=True,
        help_text=_(
            "Shown as a note below the sites, e.g. “In den Sommerferien nur vormittags”. Enter "
            "the times themselves with each site (its opening hours and closures): only they "
            "say whether a site is open now."
        ),
    )
    embed_origins = models.TextField(
        _("websites that may embed the search"),
        blank=True,
        validators=[origins_validator],
        help_text=_(
            "One address per line, e.g. https://www.kiss-unna.de: the contact point's own "
            "websites that show the search of its area in a frame."
        ),
    )
    brand_colour = models.CharField(
        _("colour of the embedded search"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour as #rrggbb, e.g. #00599c."))],
    )
    shows_interest_count = models.BooleanField(
        _("show the number of interested people"),
        default=False,
        help_text=_(
            "The page of a group in founding says how many people want to join it "
            "(“3 Personen interessiert”)."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactPointQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("contact point version"), verbose_name_plural=_("contact point versions")
    )

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="contactpoint_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("contactpoints:detail", kwargs={"slug": self.slug})

    @property
    def origins(self) -> list[str]:
        """The websites that may embed the search, as ``frame-ancestors`` sources."""
        lines = self.embed_origins.splitlines()
        return [line.strip().rstrip("/") for line in lines if line.strip()]


class SiteQuerySet(models.QuerySet):
    # A contact point serves a city or a Kreis: one whose nearest site is farther away than
    # this is not the one to ask (a search in Hamburg must not send people to Unna).
    SERVES_WITHIN_KM = 40

    def nearest_to(self, location):
        """The sites with coordinates, nearest to a ``groups.search.places.Location`` first."""
        here = geo.point(F("latitude"), F("longitude"))
        return (
            self.exclude(latitude=None)
            .annotate(distance=geo.EarthDistance(location.origin(), here))
            .order_by("distance")
        )


class Site(Coordinates):
    """A location (Standort) of a contact point, where staff advise and groups may meet."""

    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.CASCADE,
        related_name="sites",
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5, validators=[postcode_validator])
    town = models.CharField(_("town"), max_length=100)
    phone = PhoneNumberField(_("phone"), max_length=50, blank=True)
    fax = PhoneNumberField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.TextField(
        _("note on the opening hours"),
        blank=True,
        help_text=_(
            "Shown as “Hinweis: …” beside the opening hours, e.g. “Beratung auch telefonisch "
            "nach Vereinbarung”. Enter the times themselves in the table of opening hours: "
            "only that table says whether the site is open now."
        ),
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    group_rooms = models.PositiveSmallIntegerField(
        _("group rooms"), default=0, help_text=_("Number of rooms groups can use here.")
    )

    objects = SiteQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("site version"), verbose_name_plural=_("site versions")
    )

    class Meta(Coordinates.Meta):
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["contact_point", "name"]
        constraints = [
            *Coordinates.Meta.constraints,
            models.CheckConstraint(
                condition=Q(postcode__regex=r"^\d{5}$"), name="site_postcode_five_digits"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.town}"

    @property
    def route_url(self) -> str:
        """Directions to the site on openstreetmap.org, the start left to the visitor; ""
        without coordinates. A plain link: the page loads nothing from OpenStreetMap."""
        if not self.has_coordinates:
            return ""
        # (formatted here, not in the template: German number formatting writes a comma)
        at = f"{self.latitude:.5f}%2C{self.longitude:.5f}"
        zoom = f"17/{self.latitude:.5f}/{self.longitude:.5f}"
        return f"https://www.openstreetmap.org/directions?route=%3B{at}#map={zoom}"

    def open_status(self, now=None):
        """Open now, or when next (``contactpoints.hours``); None without structured hours.
        Reads ``hours`` and ``closures``, which pages prefetch."""
        return open_status(self.hours.all(), self.closures.all(), now)

    def hours_today(self, now=None) -> list | None:
        """Today's opening hours (rows, from the prefetched ``hours``); [] when closed today
        (no hours, or a closure), None without structured hours."""
        rows = list(self.hours.all())
        if not rows:
            return None
        today = timezone.localdate(now)
        if any(c.starts_on <= today <= c.ends_on for c in self.closures.all()):
            return []
        return [row for row in rows if row.weekday == today.weekday()]

    def upcoming_closures(self):
        today = timezone.localdate()
        return [closure for closure in self.closures.all() if closure.ends_on >= today]


class OpeningHours(models.Model):
    """A span of a weekday when a site is open (or answers the phone); a row without times
    means "by appointment" on that day."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    # A closing time not after the opening runs past midnight (``hours.spans_on``); the
    # staff form accepts only 00:00 of those, as "until midnight".
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(
        _("note"), max_length=100, blank=True, help_text=_("e.g. phone only, or by appointment")
    )

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__isnull=True, closes__isnull=True)
                | Q(opens__isnull=False, closes__isnull=False),
                name="openinghours_both_times_or_none",
            ),
        ]

    def __str__(self):
        if self.by_appointment:
            return f"{self.get_weekday_display()} {_('by appointment')}"
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def by_appointment(self) -> bool:
        return self.opens is None

    def clean(self):
        super().clean()
        if (self.opens is None) != (self.closes is None):
            raise ValidationError(_("Give both times, or neither for hours by appointment only."))


class Closure(models.Model):
    """Days a site is closed although its hours say otherwise (holidays, team days)."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="closures"
    )
    starts_on = models.DateField(_("closed from"))
    ends_on = models.DateField(_("closed until (inclusive)"))
    note = models.CharField(_("note"), max_length=100, blank=True, help_text=_("e.g. Christmas"))

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="closure_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return f"{self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The closure cannot end before it starts.")})


class Membership(models.Model):
    """A user's role at a contact point; a coordinator also acts for all its children."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        COORDINATOR = "coordinator", _("Coordinator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.EDITOR)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "contact_point"], name="membership_unique_user_contact_point"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.contact_point} ({self.get_role_display()})"


class InquiryQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(date__year=year)

    def create_from_website(self, contact_point, origin: str, outcomes=()) -> "Inquiry":
        """The anonymous inquiry a message or founding interest from the site leaves:
        today, channel web form, who asked not known (staff may set it later)."""
        return self.create(
            contact_point=contact_point,
            date=timezone.localdate(),
            channel=Inquiry.Channel.WEB_FORM,
            person=Inquiry.Person.UNKNOWN,
            origin=origin,
            outcomes=list(outcomes),
        )


class Inquiry(models.Model):
    """One inquiry to a contact point, for the yearly statistics. Anonymous by design: no
    name, no contact data, no free text that invites them."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        IN_PERSON = "in_person", _("In person")
        VIDEO = "video", _("Video call")
        WEB_FORM = "web_form", _("Web form")

    class Person(models.TextChoices):
        AFFECTED = "affected", _("Affected person")
        RELATIVE = "relative", _("Relative")
        PROFESSIONAL = "professional", _("Professional")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Not known")

    class Origin(models.TextChoices):
        STAFF = "staff", _("Recorded by staff")
        MESSAGE = "message", _("Message from the website")
        FOUNDING_INTEREST = "founding_interest", _("Founding interest from the website")

    class Outcome(models.TextChoices):
        REFERRED_TO_GROUP = "group", _("Referred to a self-help group")
        REFERRED_ELSEWHERE = "other_service", _("Referred to another service")
        FOUNDING_INTEREST = "founding", _("Interest in founding a group")
        INFORMATION = "information", _("Information only")

    contact_point = models.ForeignKey(
        ContactPoint,
        verbose_name=_("contact point"),
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    person = models.CharField(_("who asked"), max_length=20, choices=Person)
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin, default=Origin.STAFF, editable=False
    )
    topics = models.ManyToManyField(
        "groups.Topic", verbose_name=_("topics"), related_name="inquiries", blank=True
    )
    outcomes = ArrayField(
        models.CharField(max_length=20, choices=Outcome),
        verbose_name=_("outcome"),
        default=list,
        blank=True,
    )
    referred_groups = models.ManyToManyField(
        "groups.Group",
        verbose_name=_("referred to groups"),
        related_name="referrals",
        blank=True,
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(600)],
    )
    note = models.CharField(
        _("internal note"),
        max_length=200,
        blank=True,
        help_text=_("No names, phone numbers or other personal details."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["contact_point", "date"], name="inquiry_cp_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    outcomes__contained_by=["group", "other_service", "founding", "information"]
                ),
                name="inquiry_outcomes_known",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=600),
                name="inquiry_duration_at_most_ten_hours",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} · {self.get_channel_display()} · {self.get_person_display()}"

    def clean(self):
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("An inquiry cannot lie in the future.")})
