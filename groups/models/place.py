"""Places of the German postcode list, for finding groups near a town or postcode."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.utils.translation import gettext_lazy as _

from contactpoints.models import Coordinates, FederalState, postcode_validator
from groups.search.query import Normalized


class Place(Coordinates):
    """A German postcode area with its place name, used to resolve "PLZ oder Ort"."""

    postcode = models.CharField(_("postcode"), max_length=5, validators=[postcode_validator])
    name = models.CharField(_("place"), max_length=150)
    district = models.CharField(_("district"), max_length=150, blank=True)
    federal_state = models.CharField(
        _("federal state"), max_length=2, choices=FederalState, blank=True
    )

    class Meta(Coordinates.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name", "postcode"]
        constraints = [
            *Coordinates.Meta.constraints,
            models.UniqueConstraint(fields=["postcode", "name"], name="place_unique_postcode_name"),
        ]
        indexes = [
            models.Index(fields=["postcode"], name="place_postcode_idx"),
            models.Index(fields=["name", "district"], name="place_name_district_idx"),
            models.Index(
                OpClass(Normalized("name"), name="text_pattern_ops"),
                name="place_name_normalized_idx",
            ),
            GinIndex(
                OpClass(Normalized("name"), name="gin_trgm_ops"),
                name="place_name_trigram_idx",
            ),
        ]

    def __str__(self):
        return f"{self.postcode} {self.name}"
