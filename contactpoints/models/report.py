"""The short text on the first page of an annual report, written by the contact point."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contactpoints.models.contactpoint import ContactPoint

REPORT_TEXT_LENGTH = 2000


class ReportText(models.Model):
    """What the staff write above the key figures of one year's report (a greeting to the
    funder, what stood out); until they do, the report words the key figures itself."""

    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.CASCADE,
        related_name="report_texts",
        verbose_name=_("contact point"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("text"), max_length=REPORT_TEXT_LENGTH)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(
                fields=["contact_point", "year"], name="report_text_unique_year"
            )
        ]

    def __str__(self):
        return f"{self.contact_point} {self.year}"
