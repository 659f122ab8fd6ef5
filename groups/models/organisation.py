"""Supra-regional self-help organisations (Landes- and Bundesverbände) that local groups
belong to, kept by state contact points and the state working groups (LAG)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contactpoints.models import FederalState, postcode_validator
from groups.fields import ChoiceArrayField
from groups.models.topic import Topic
from selbsthilfe.phones import PhoneNumberField


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_listed=True)

    def serving(self, federal_state: str):
        """Organisations for people in ``federal_state``: federal ones, and those of the state."""
        return self.filter(
            Q(level=Organisation.Level.FEDERAL) | Q(federal_states__contains=[federal_state])
        )


class Organisation(models.Model):
    class Level(models.TextChoices):
        STATE = "state", _("State association (Landesverband)")
        FEDERAL = "federal", _("Federal association (Bundesverband)")

    class Umbrella(models.TextChoices):
        LAG = "lag", _("LAG Selbsthilfe of the state")
        BAG = "bag", _("BAG SELBSTHILFE")
        PARITAET = "paritaet", _("Der Paritätische")
        DAG_SHG = "dag_shg", _("DAG SHG")

    class Offer(models.TextChoices):
        COUNSELLING = "counselling", _("Counselling")
        HELPLINE = "helpline", _("Helpline")
        PUBLICATIONS = "publications", _("Publications")
        EVENTS = "events", _("Events and trainings")
        GROUP_FOUNDING = "founding", _("Help with founding a group")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level, default=Level.STATE)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="organisations", blank=True
    )
    federal_states = ArrayField(
        models.CharField(max_length=2, choices=FederalState),
        verbose_name=_("federal states served"),
        default=list,
        blank=True,
        help_text=_("Empty for a federal association, which serves all states."),
    )
    description = models.TextField(_("description"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    town = models.CharField(_("town"), max_length=100, blank=True)
    email = models.EmailField(_("public email"), blank=True)
    phone = PhoneNumberField(_("public phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    umbrellas = ChoiceArrayField(
        models.CharField(max_length=20, choices=Umbrella),
        verbose_name=_("member of"),
        default=list,
        blank=True,
    )
    offers = ChoiceArrayField(
        models.CharField(max_length=20, choices=Offer),
        verbose_name=_("offers"),
        default=list,
        blank=True,
    )
    is_listed = models.BooleanField(_("listed"), default=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("organisation version"),
        verbose_name_plural=_("organisation versions"),
        excluded_fields=["updated_by"],
    )

    class Meta:
        verbose_name = _("self-help organisation")
        verbose_name_plural = _("self-help organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="federal") | ~Q(federal_states=[]),
                name="organisation_state_association_names_its_state",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:organisation", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.is_listed

    def offer_labels(self) -> list[str]:
        return [str(self.Offer(value).label) for value in self.offers]

    def umbrella_labels(self) -> list[str]:
        return [str(self.Umbrella(value).label) for value in self.umbrellas]

    def states_display(self) -> str:
        if self.level == self.Level.FEDERAL:
            return str(_("Germany"))
        return ", ".join(str(FederalState(code).label) for code in self.federal_states)


class OrganisationEditor(models.Model):
    """A member of a state working group (LAG Selbsthilfe): edits the organisations of a
    state, nothing else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organisation_states",
    )
    federal_state = models.CharField(_("federal state"), max_length=2, choices=FederalState)
    working_group = models.CharField(
        _("working group"), max_length=200, help_text=_("e.g. LAG Selbsthilfe Sachsen")
    )

    class Meta:
        verbose_name = _("editor of organisations")
        verbose_name_plural = _("editors of organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "federal_state"], name="organisation_editor_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.working_group}"
