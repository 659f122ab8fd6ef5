"""Self-help groups with their meeting schedule and privacy settings."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchVectorField, TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from contactpoints.models import Coordinates, VenueAddress
from groups import schedules
from groups.fields import ChoiceArrayField, EarthPointField
from groups.models.topic import Topic
from groups.search import index, ranking
from groups.search.places import Location
from groups.search.query import Normalized, TextQuery
from selbsthilfe import geo
from selbsthilfe.phones import PhoneNumberField

VERIFY_EVERY = datetime.timedelta(days=365)
FOUNDING_TAKES = datetime.timedelta(days=183)
DUPLICATE_NAME_SIMILARITY = 0.6


# Groups a citizen may see. The text search indexes hold only these (partial indexes), so
# that a search reads no index of all groups besides.
PUBLIC = Q(is_listed=True) & ~Q(status="ended")


class GroupQuerySet(models.QuerySet):
    def public(self):
        """Groups a citizen may see: listed, and not ended."""
        return self.filter(PUBLIC)

    def matching(self, query: TextQuery, *, fuzzy: bool = False, also=()):
        """Groups matching every word of an analysed query, annotated with ``relevance``.

        ``fuzzy`` searches for the suggested spelling of each word, or similarly spelt words;
        ``also`` adds groups by id (the few exact hits of a fuzzy search).
        """
        if query.is_empty:
            return self
        condition = query.condition(fuzzy=fuzzy)
        if also:
            condition |= Q(pk__in=also)
        return self.filter(condition).annotate(relevance=ranking.relevance(query, fuzzy=fuzzy))

    def near(self, location: Location, *, km: int, include_online: bool = True):
        """Groups meeting within ``km`` of ``location``, annotated with ``distance`` in km.

        Online groups have no distance (None) and are kept when ``include_online`` is set.
        """
        origin = location.origin()
        nearby = Q(geo.WithinBox(origin, km * 1000, F("public_point"))) & Q(
            nearness__lte=geo.chord_length(km * 1000)
        )
        within = nearby | Q(format=Group.Format.ONLINE) if include_online else nearby
        return self.with_distance(location).filter(within)

    def with_distance(self, location: Location):
        """Annotated with ``nearness`` (for ordering by the index) and ``distance`` in km
        from ``location``; both None for groups without a place (online)."""
        origin = location.origin()
        point = F("public_point")
        return self.annotate(
            nearness=geo.ChordDistance(point, origin),
            distance=geo.EarthDistance(origin, point) / 1000.0,
        )

    def needing_verification(self, *, today=None):
        """Groups, not ended, whose details were not verified for more than 12 months."""
        today = today or timezone.localdate()
        return self.exclude(status=Group.Status.ENDED).filter(
            Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=today - VERIFY_EVERY)
        )

    def founding_for_long(self, *, today=None):
        """Groups still "in founding" more than 6 months after they started."""
        today = today or timezone.localdate()
        return self.filter(status=Group.Status.FOUNDING).filter(
            Q(founded_on__lt=today - FOUNDING_TAKES)
            | Q(founded_on__isnull=True, created_at__date__lt=today - FOUNDING_TAKES)
        )

    def similar_to(self, name: str, town: str):
        """Groups in the same town whose name is spelt much alike (possible duplicates)."""
        return (
            self.filter(town__iexact=town.strip())
            .annotate(
                name_similarity=TrigramSimilarity(Normalized("name"), Normalized(Value(name)))
            )
            .filter(name_similarity__gte=DUPLICATE_NAME_SIMILARITY)
            .order_by("-name_similarity")
        )

    def on_topic(self, *topics):
        """Groups on any of ``topics`` (ids or topics) or on a topic below one of them."""
        ids = [getattr(topic, "pk", topic) for topic in topics]
        return self.filter(search_topic_ids__overlap=ids)

    def refresh_search_index(self) -> int:
        """Recompute the search document and public location of these groups."""
        return index.refresh_search_index(self)


class Group(Coordinates, VenueAddress):
    class Status(models.TextChoices):
        FOUNDING = "founding", _("In founding")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    class Audience(models.TextChoices):
        AFFECTED = "affected", _("Affected persons")
        RELATIVES = "relatives", _("Relatives")
        BOTH = "both", _("Affected persons and relatives")

    class Focus(models.TextChoices):
        YOUNG = "young", _("Young self-help (18–35)")
        SENIORS = "seniors", _("Seniors")
        WOMEN = "women", _("Women")
        MEN = "men", _("Men")
        PARENTS = "parents", _("Parents")
        LGBTIQ = "lgbtiq", _("LGBTIQ*")
        MIGRANTS = "migrants", _("People with a migration background")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly on the n-th weekday")
        BIMONTHLY = "bimonthly", _("Every two months")
        IRREGULAR = "irregular", _("Irregular")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    class WeekOfMonth(models.IntegerChoices):
        FIRST = 1, _("first")
        # A context of its own: the site's catalogue comes before every app's, and
        # django-filter's "second" is the unit of time.
        SECOND = 2, pgettext_lazy("week of month", "second")
        THIRD = 3, _("third")
        FOURTH = 4, _("fourth")
        LAST = 5, _("last")

    class ContactMode(models.TextChoices):
        DIRECT = "direct", _("Directly: the group's own contact details are public")
        VIA_CONTACT_POINT = "via_contact_point", _("Only through the contact point")

    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")
        TURKISH = "tr", _("Turkish")
        RUSSIAN = "ru", _("Russian")
        UKRAINIAN = "uk", _("Ukrainian")
        ARABIC = "ar", _("Arabic")
        POLISH = "pl", _("Polish")
        PERSIAN = "fa", _("Persian")
        FRENCH = "fr", _("French")
        SPANISH = "es", _("Spanish")
        GERMAN_SIGN_LANGUAGE = "gsg", _("German Sign Language")

    # Description
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="groups", blank=True
    )
    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        verbose_name=_("responsible contact point"),
        on_delete=models.PROTECT,
        related_name="groups",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    accepting_members = models.BooleanField(_("accepting new members"), default=True)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience, default=Audience.AFFECTED
    )
    focus = ChoiceArrayField(
        models.CharField(max_length=20, choices=Focus),
        verbose_name=_("focus"),
        blank=True,
        default=list,
    )
    organisation = models.ForeignKey(
        "groups.Organisation",
        verbose_name=_("self-help organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        help_text=_("The state or federal association the group belongs to."),
    )
    umbrella_organisation = models.CharField(
        _("umbrella organisation (text)"),
        max_length=200,
        blank=True,
        help_text=_("Only where the association is not among the organisations."),
    )
    member_count = models.PositiveSmallIntegerField(
        _("approximate number of members"), null=True, blank=True
    )

    # Meetings
    # With a context, as "second" above: the site's catalogue comes before every app's, and
    # django-otp-webauthn's "format" (of an attestation) is no "Form".
    format = models.CharField(
        pgettext_lazy("in person or online", "format"),
        max_length=20,
        choices=Format,
        default=Format.IN_PERSON,
    )
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency, default=Frequency.IRREGULAR
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday, null=True, blank=True)
    week_of_month = models.PositiveSmallIntegerField(
        _("week of the month"),
        choices=WeekOfMonth,
        null=True,
        blank=True,
        help_text=_("Only for monthly meetings, e.g. 'second' Tuesday."),
    )
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    ends_at = models.TimeField(_("end time"), null=True, blank=True)
    reference_meeting_on = models.DateField(
        _("date of one meeting"),
        null=True,
        blank=True,
        help_text=_(
            "For meetings every two weeks or every two months: the date of any one meeting, "
            "from which the next dates are counted."
        ),
    )
    schedule_note = models.CharField(
        _("note on the schedule"),
        max_length=300,
        blank=True,
        help_text=_("e.g. 'not during the summer holidays'"),
    )
    languages = ChoiceArrayField(
        models.CharField(max_length=3, choices=Language),
        verbose_name=_("languages"),
        blank=True,
        default=list,
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    sign_language = models.BooleanField(_("sign language interpreting"), default=False)

    # Meeting place: a site of the contact point, or an address of its own.
    meeting_site = models.ForeignKey(
        "contactpoints.Site",
        verbose_name=_("meets at contact point site"),
        on_delete=models.PROTECT,  # a site in use is not deleted until its groups move
        null=True,
        blank=True,
        related_name="groups",
    )

    # Privacy and contact
    is_listed = models.BooleanField(
        _("listed publicly"),
        default=True,
        help_text=_("Unlisted groups are only used by staff for referrals."),
    )
    contact_mode = models.CharField(
        _("contact mode"),
        max_length=20,
        choices=ContactMode,
        default=ContactMode.VIA_CONTACT_POINT,
    )
    meeting_place_public = models.BooleanField(
        _("show meeting place"),
        default=True,
        help_text=_("If not set, the public page only shows the town: 'meeting place on request'."),
    )
    public_email = models.EmailField(_("public email"), blank=True)
    public_phone = PhoneNumberField(_("public phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_person = models.CharField(_("contact person (internal)"), max_length=200, blank=True)
    contact_person_email = models.EmailField(_("contact person's email (internal)"), blank=True)
    contact_person_phone = PhoneNumberField(
        _("contact person's phone (internal)"), max_length=50, blank=True
    )
    consent_given_on = models.DateField(_("consent to publish given on"), null=True, blank=True)
    consent_given_by = models.CharField(_("consent given by"), max_length=200, blank=True)

    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Kept up to date by refresh_search_index() (see groups/search/index.py), never edited.
    search_vector = SearchVectorField(null=True, editable=False)
    search_name = models.TextField(default="", editable=False)
    search_keywords = models.TextField(default="", editable=False)
    search_topic_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    public_latitude = models.FloatField(null=True, editable=False)
    public_longitude = models.FloatField(null=True, editable=False)
    public_point = EarthPointField(null=True, editable=False)

    objects = GroupQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("group version"),
        verbose_name_plural=_("group versions"),
        m2m_fields=[topics],
        excluded_fields=[
            "search_vector",
            "search_name",
            "search_keywords",
            "search_topic_ids",
            "public_latitude",
            "public_longitude",
            "public_point",
        ],
    )

    # Kilometres from the place searched from; ``GroupQuerySet.near`` annotates it, and
    # online groups and searches without a place have none.
    distance: float | None = None

    # Fields result lists never show: loading them would only slow lists down.
    LIST_DEFERRED_FIELDS = (
        "public_point",
        "search_name",
        "search_vector",
        "search_keywords",
        "description",
        "contact_person",
        "contact_person_email",
        "contact_person_phone",
        "consent_given_by",
    )

    class Meta(Coordinates.Meta):
        verbose_name = _("self-help group")
        verbose_name_plural = _("self-help groups")
        ordering = ["name"]
        constraints = [
            *Coordinates.Meta.constraints,
            *VenueAddress.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_on__isnull=False),
                name="group_ended_has_end_date",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(ended_on__gte=F("founded_on")),
                name="group_ended_after_founded",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="group_meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(week_of_month__isnull=True) | Q(frequency__in=["monthly", "bimonthly"]),
                name="group_week_of_month_only_monthly_rhythms",
            ),
            models.CheckConstraint(
                condition=~Q(frequency="monthly")
                | (Q(week_of_month__isnull=False) & Q(weekday__isnull=False)),
                name="group_monthly_has_week_and_day",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "is_listed"], name="group_status_listed_idx"),
            models.Index(fields=["last_verified_on"], name="group_last_verified_idx"),
            models.Index(fields=["format"], name="group_format_idx"),
            models.Index(fields=["search_name", "id"], name="group_search_name_idx"),
            GinIndex(fields=["search_vector"], name="group_search_vector_idx", condition=PUBLIC),
            # Partial like the text indexes: otherwise PostgreSQL combined the topic index with
            # a bitmap of all 80,000 public groups (5 ms of a 15 ms topic search).
            GinIndex(
                fields=["search_topic_ids"],
                name="group_public_topic_search_idx",
                condition=PUBLIC,
            ),
            GinIndex(
                OpClass(F("search_keywords"), name="gin_trgm_ops"),
                name="group_keywords_trigram_idx",
                condition=PUBLIC,
            ),
            GistIndex(fields=["public_point"], name="group_public_point_gist"),
            # Counting the public groups per topic (topic index) and per contact point reads
            # these small indexes instead of the wide table.
            models.Index(
                fields=["id"],
                include=["search_topic_ids"],
                name="group_public_topic_ids_idx",
                condition=PUBLIC,
            ),
            models.Index(
                fields=["contact_point"], name="group_public_contact_point_idx", condition=PUBLIC
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """Whether citizens may see this group (see ``GroupQuerySet.public``)."""
        return self.is_listed and self.status != self.Status.ENDED

    @property
    def takes_no_new_members(self) -> bool:
        """Whether card and page say the group takes no new members now (a pausing group
        says that it pauses instead)."""
        return not self.accepting_members and self.status != self.Status.PAUSED

    @property
    def schedule_text(self) -> str:
        """The regular meeting in words, e.g. "jeden 2. Dienstag im Monat, 18:00–20:00 Uhr"."""
        return schedules.describe(self)

    def next_meetings(self, *, after=None, count: int = 3):
        """The next regular meeting dates; none while the group pauses or has ended."""
        if self.status in (self.Status.PAUSED, self.Status.ENDED):
            return []
        return schedules.next_meetings(self, after=after or timezone.localdate(), count=count)

    @property
    def focus_display(self) -> str:
        labels = dict(self.Focus.choices)
        return ", ".join(str(labels.get(value, value)) for value in self.focus)

    @property
    def languages_display(self) -> str:
        labels = dict(self.Language.choices)
        return ", ".join(str(labels.get(value, value)) for value in self.languages)

    @property
    def shows_meeting_place(self) -> bool:
        """Whether the public may see where the group meets (else only the town)."""
        return self.meeting_place_public and self.format != self.Format.ONLINE

    @property
    def reached_directly(self) -> bool:
        """Whether the public gets the group's own contact (email, phone, website); else it
        gets only the contact point's."""
        return self.contact_mode == self.ContactMode.DIRECT and bool(
            self.public_email or self.public_phone
        )

    def contact_sites(self) -> list:
        """The contact point's sites, nearest to where the group meets first (from the
        prefetched sites; no query of its own)."""
        sites = list(self.contact_point.sites.all())
        if self.public_latitude is None or self.public_longitude is None:
            return sites
        here = (self.public_latitude, self.public_longitude)
        return sorted(sites, key=lambda site: site.rough_distance_to(*here))

    @property
    def town_name(self) -> str:
        """The town the group meets in, from its own address or its contact point site."""
        return self.town or (self.meeting_site.town if self.meeting_site else "")

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.ENDED and not self.ended_on:
            errors["ended_on"] = _("An ended group needs the date it ended.")
        if self.ended_on and self.founded_on and self.ended_on < self.founded_on:
            errors["ended_on"] = _("The end date cannot be before the founding date.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if self.frequency == self.Frequency.MONTHLY and (
            self.week_of_month is None or self.weekday is None
        ):
            errors["week_of_month"] = _(
                "Monthly meetings need the week of the month and the weekday, e.g. second Tuesday."
            )
        if self.week_of_month is not None and self.frequency not in (
            self.Frequency.MONTHLY,
            self.Frequency.BIMONTHLY,
        ):
            errors["week_of_month"] = _(
                "The week of the month only applies to monthly and two-monthly meetings."
            )
        if (
            self.meeting_site_id
            and self.contact_point_id
            and self.meeting_site.contact_point_id != self.contact_point_id
        ):
            errors["meeting_site"] = _("Choose a site of the responsible contact point.")
        if errors:
            raise ValidationError(errors)
