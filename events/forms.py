"""Public forms of the events app: registering for an event; and the staff's copy and
cancel forms."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from events.models import Event, Registration
from selbsthilfe.antispam import HumanCheckForm
from selbsthilfe.forms import PersonFieldsMixin

ONE_DATE, ALL_DATES = "termin", "reihe"


class RegistrationForm(PersonFieldsMixin, HumanCheckForm, forms.ModelForm):
    """Name, email, optional phone and the number of persons, with the consent to store them;
    for a date of a series, whether to register for this date or for all ``series_dates``
    (a series that books no single dates registers for all of them, without asking).

    A browser's autofill fills this short form in a second, so speed alone refuses nothing;
    a quick fill with a web link in the name does (bots advertise, people do not)."""

    rejects_speed_alone = False

    consent = forms.BooleanField(
        label=_(
            "I agree that the contact point stores my details to organise this event and "
            "writes to me about it."
        ),
        error_messages={"required": _("Without your consent we cannot register you.")},
    )

    class Meta:
        model = Registration
        fields = ["name", "email", "phone", "persons"]
        labels = {
            "name": _("Your name"),
            "email": _("Your email"),
            "phone": _("Phone (optional)"),
            "persons": _("Number of persons"),
        }
        help_texts = {
            "email": _("The confirmation and your personal link to cancel go to this address."),
            "phone": _("Only for short-notice changes."),
        }

    def __init__(self, *args, event: Event, series_dates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.series_dates = list(series_dates)
        if self.series_dates and event.series.single_dates_allowed:
            date = formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATE_FORMAT")
            count = len(self.series_dates)
            all_dates = ngettext(
                "all %(count)s date of the series still open",
                "all %(count)s dates of the series still open",
                count,
            ) % {"count": count}
            self.fields["dates"] = forms.ChoiceField(
                label=_("Register for"),
                choices=[
                    (ONE_DATE, _("only this date (%(date)s)") % {"date": date}),
                    (ALL_DATES, all_dates),
                ],
                initial=ONE_DATE,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose this date or all dates.")},
            )
        limit = event.max_persons_per_registration
        persons = self.fields["persons"]
        persons.validators = [
            v
            for v in persons.validators
            if not isinstance(v, MinValueValidator | MaxValueValidator)
        ] + [
            MinValueValidator(1, _("At least one person must come.")),
            MaxValueValidator(
                limit,
                ngettext_lazy(
                    "At most %(limit_value)s person can register for this event at a time.",
                    "At most %(limit_value)s persons can register together for this event.",
                    "limit_value",
                ),
            ),
        ]
        persons.widget.attrs.update({"min": 1, "max": limit})
        persons.help_text = _("Including yourself; at most %(count)s.") % {"count": limit}

    def clean(self):
        cleaned = super().clean()
        self.refuse_quick_links(cleaned.get("name", ""))
        return cleaned

    @property
    def registers_for_series(self) -> bool:
        if not self.series_dates:
            return False
        if not self.event.series.single_dates_allowed:
            return True
        return self.cleaned_data.get("dates") == ALL_DATES


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the event page and written into the email to each registrant."),
    )


class CopyEventForm(forms.Form):
    starts_at = forms.SplitDateTimeField(
        label=_("New start"),
        widget=forms.SplitDateTimeWidget(
            date_attrs={"type": "date"}, time_attrs={"type": "time"}, time_format="%H:%M"
        ),
    )

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("The new date must be in the future."))
        return starts_at
