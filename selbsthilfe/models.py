"""The operator of the site: the details the Impressum and the privacy notice need, and its
video in German Sign Language."""

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from selbsthilfe import sign_language
from selbsthilfe.outbox import StoredEmail
from selbsthilfe.phones import PhoneNumberField


class LegalInformation(models.Model):
    """One row, edited by superusers in the admin, with every version kept. Until the
    required fields are filled in, the pages show what is missing and staff see a warning."""

    # The provider (Diensteanbieter, § 5 DDG)
    provider_name = models.CharField(
        _("provider"), max_length=200, blank=True,
        help_text=_("The organisation that runs the site, e.g. Paritätischer Wohlfahrtsverband "
                    "Landesverband Sachsen e. V."),
    )  # fmt: skip
    legal_form = models.CharField(_("legal form"), max_length=100, blank=True)
    representative = models.CharField(
        _("represented by"), max_length=300, blank=True,
        help_text=_("The persons authorised to represent it, e.g. the board."),
    )  # fmt: skip
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = PhoneNumberField(_("phone"), max_length=50, blank=True)
    # Ways to write instead of calling, for deaf and hard of hearing people (the page in
    # German Sign Language names them).
    fax = PhoneNumberField(_("fax"), max_length=50, blank=True)
    sms = PhoneNumberField(
        _("number for text messages (SMS)"), max_length=50, blank=True,
        help_text=_("A mobile number that takes SMS, for deaf and hard of hearing people."),
    )  # fmt: skip
    register_entry = models.CharField(
        _("register entry"), max_length=200, blank=True,
        help_text=_("Register court and number, e.g. Amtsgericht Dortmund VR 1234, if any."),
    )  # fmt: skip
    vat_id = models.CharField(_("VAT identification number"), max_length=30, blank=True)
    content_responsible = models.TextField(
        _("responsible for the content"), blank=True,
        help_text=_("Name and address of the person responsible under § 18 (2) MStV."),
    )  # fmt: skip
    # The privacy notice
    data_protection_officer = models.TextField(
        _("data protection officer"), blank=True,
        help_text=_("Name and contact, if the organisation has to appoint one."),
    )  # fmt: skip
    supervisory_authority = models.TextField(
        _("supervisory authority"), blank=True,
        help_text=_("The data protection authority of the federal state of the provider's seat, "
                    "with address, e.g. Sächsischer Datenschutz- und "
                    "Transparenzbeauftragter, Devrientstraße 5, 01067 Dresden."),
    )  # fmt: skip
    hosting = models.TextField(
        _("hosting and email provider"), blank=True,
        help_text=_("Processors that host the site and send its email (name, seat)."),
    )  # fmt: skip
    server_log_days = models.PositiveSmallIntegerField(
        _("server logs kept (days)"), default=7,
        help_text=_("How long the server's logs are kept (configure the system to match)."),
    )  # fmt: skip
    backup_days = models.PositiveSmallIntegerField(
        _("backups kept (days)"), default=30,
        help_text=_("How long copies of the nightly backup are kept."),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("version of the legal information"),
        verbose_name_plural=_("versions of the legal information"),
    )

    # Without these the Impressum or the privacy notice is incomplete.
    REQUIRED = ("provider_name", "representative", "street", "postcode", "town", "email",
                "content_responsible", "supervisory_authority", "hosting")  # fmt: skip

    class Meta:
        verbose_name = _("legal information")
        verbose_name_plural = _("legal information")

    def __str__(self):
        return str(_("Imprint and privacy notice"))

    @classmethod
    def current(cls) -> "LegalInformation":
        """The operator's details, or the empty defaults before anyone entered them."""
        return cls.objects.order_by("pk").first() or cls()

    def missing(self) -> list[str]:
        """The labels of the required fields that are still empty."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REQUIRED
            if not getattr(self, name).strip()
        ]


class SignLanguageVideo(models.Model):
    """The operator's video in German Sign Language (DGS) for the page "Gebärdensprache"
    (BITV 2.0 § 4): what the site offers and how to get in touch, with captions; one is
    shown, the latest published. Served from the site's own MEDIA_ROOT."""

    title = models.CharField(
        _("title"), max_length=200, default="Informationen in Deutscher Gebärdensprache"
    )
    video = models.FileField(
        _("video"),
        upload_to=sign_language.video_path,
        validators=[sign_language.validate_video],
        help_text=format_lazy(
            _("MP4 or WebM, at most {limit} MB."), limit=sign_language.VIDEO_MAX_MEGABYTES
        ),
    )
    captions = models.FileField(
        _("captions"),
        upload_to=sign_language.captions_path,
        validators=[sign_language.validate_captions],
        help_text=_("The spoken or signed content as German captions, a WebVTT file (.vtt)."),
    )
    description = models.TextField(
        _("what the video covers"),
        help_text=_("Shown beside the video, in German: its content in a few sentences."),
    )
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sign language video")
        verbose_name_plural = _("sign language videos")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    @classmethod
    def shown(cls) -> "SignLanguageVideo | None":
        return cls.objects.filter(published=True).order_by("-updated_at").first()

    @property
    def video_type(self) -> str:
        return sign_language.VIDEO_TYPES.get(PurePath(self.video.name).suffix.lower(), "")


class PrivacyRequest(models.Model):
    """The log of exports and erasures of a person's data (Art. 15 and 17 GDPR): what was
    done, when, by whom and how many records, never whose data."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export (Art. 15 GDPR)")
        ERASURE = "erasure", _("Erasure (Art. 17 GDPR)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    counts = models.JSONField(_("records"), default=dict)

    class Meta:
        verbose_name = _("privacy request")
        verbose_name_plural = _("privacy requests")
        ordering = ["-done_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.done_at:%d.%m.%Y %H:%M}"


class ContentGeneration(models.Model):
    """How often the public content has changed: one row, raised by a database trigger when a
    transaction that wrote to a table of public content commits (selbsthilfe/page_cache.py).
    Cached pages are stored under the generation they were rendered in."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("content generation")
        verbose_name_plural = _("content generations")

    def __str__(self):
        return str(self.value)


class AccessibilityFeedback(StoredEmail):
    """A barrier someone reports through the form of the accessibility statement (BITV 2.0
    requires a way to report them). Stored first; the operator gets a notice by email, which
    the StoredEmail fields track."""

    page = models.CharField(_("page"), max_length=500, blank=True)
    text = models.TextField(_("what does not work"), max_length=5000)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    done = models.BooleanField(_("dealt with"), default=False)
    sender_key = models.CharField(max_length=64, editable=False, db_index=True)

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.page or ''}".strip()


class UsedFormToken(models.Model):
    """The token of a public form that was sent (``antispam.HumanCheckForm``): a token is
    good for one submission only, so a bot cannot fetch one form and send it many times.
    Kept as long as a token is valid at all."""

    nonce = models.CharField(max_length=32, primary_key=True)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("used form token")
        verbose_name_plural = _("used form tokens")

    def __str__(self):
        return self.nonce


class RequestCount(models.Model):
    """Requests of one sender (a keyed hash of the address) in one minute, counted in the
    database so that every worker and app server shares the count (the open data API's
    limit). Rows of past minutes are removed as new minutes begin."""

    sender = models.CharField(max_length=64)
    minute = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("request count")
        verbose_name_plural = _("request counts")
        constraints = [
            models.UniqueConstraint(fields=["sender", "minute"], name="one_count_per_minute")
        ]

    def __str__(self):
        return f"{self.sender[:8]} {self.minute}: {self.count}"


class StaffNotice(StoredEmail):
    """An email telling a contact point or the operator that something waits in the staff
    workspace (a report to review, people who would found a group). Stored with the change
    that causes it, so a mail server that is down, or a worker killed while sending, loses
    nothing and sends nothing twice. The text names no citizen: names and addresses stay in
    the workspace."""

    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("notice to staff")
        verbose_name_plural = _("notices to staff")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject
