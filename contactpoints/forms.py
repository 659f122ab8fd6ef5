"""The public's message form; staff forms for the inquiry log (the admin's, and the quick
form that records an inquiry in a few seconds), for answering messages and for a site's
opening hours and closures."""

import datetime
import itertools

from django import forms
from django.conf import settings
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from contactpoints.models import REPORT_TEXT_LENGTH, Closure, Inquiry, Message, OpeningHours
from groups.models import Topic
from groups.transfer import split_list
from selbsthilfe import antispam
from selbsthilfe.forms import PersonFieldsMixin

FREQUENT_TOPICS = 12


class InquiryForm(forms.ModelForm):
    """An inquiry with its outcomes as boxes (the model keeps them as an array)."""

    outcomes = forms.TypedMultipleChoiceField(
        label=_("Outcome"),
        choices=Inquiry.Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Inquiry
        fields = [
            "date",
            "contact_point",
            "channel",
            "person",
            "topics",
            "outcomes",
            "referred_groups",
            "duration_minutes",
            "note",
        ]
        widgets = {"note": forms.TextInput(attrs={"size": 60})}


class QuickInquiryForm(InquiryForm):
    """One inquiry: big radio buttons, the contact point's frequent topics as boxes, any
    other topic typed by name or synonym."""

    topics = forms.ModelMultipleChoiceField(
        label=_("Frequent topics"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    more_topics = forms.CharField(
        label=_("Other topics"),
        required=False,
        max_length=300,
        help_text=_("Names or synonyms, separated by commas, e.g. Angst, Trauer."),
    )

    class Meta(InquiryForm.Meta):
        fields = ["contact_point", "date", "channel", "person", "topics", "outcomes",
                  "duration_minutes", "note"]  # fmt: skip
        widgets = {
            "channel": forms.RadioSelect,
            "person": forms.RadioSelect,
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, contact_points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_point"].queryset = contact_points
        self.fields["contact_point"].empty_label = None
        self.fields["channel"].choices = Inquiry.Channel.choices
        self.fields["person"].choices = Inquiry.Person.choices
        year_ago = timezone.localdate() - datetime.timedelta(days=365)
        frequent = (
            Topic.objects.filter(
                inquiries__contact_point__in=contact_points, inquiries__date__gte=year_ago
            )
            .annotate(n=Count("inquiries"))
            .order_by("-n", "name")
            .values_list("pk", flat=True)[:FREQUENT_TOPICS]
        )
        frequent = list(frequent)
        if frequent:
            self.fields["topics"].queryset = Topic.objects.filter(pk__in=frequent).order_by("name")
        else:  # nothing recorded yet: typing is the only way
            del self.fields["topics"]
        self.order_fields(["contact_point", "date", "channel", "person", "topics", "more_topics"])

    def clean_more_topics(self):
        names = split_list(self.cleaned_data["more_topics"])
        found = Topic.objects.by_names(names)
        unknown = [name for name, topic in found.items() if topic is None]
        if unknown:
            raise forms.ValidationError(
                _("Unknown topics: %(names)s. Check the spelling or choose in the admin.")
                % {"names": ", ".join(unknown)}
            )
        return [topic for topic in found.values() if topic]


class MessageForm(PersonFieldsMixin, antispam.HumanCheckForm, forms.ModelForm):
    """ "Nachricht schreiben": a confidential message to a contact point, or relayed to a
    group. A quick fill alone is fine (browsers fill in name and address); a quick fill
    with a link in it is what spam looks like."""

    rejects_speed_alone = False

    consent = forms.BooleanField(
        error_messages={
            "required": _("Without your consent we cannot pass on your message. Your entries "
                          "are kept below.")
        },
    )  # fmt: skip

    class Meta:
        model = Message
        fields = ["name", "answer_by", "email", "phone", "call_time", "text"]
        labels = {
            "name": _("Your name or a nickname"),
            "answer_by": _("How should we answer?"),
            "email": _("Your email"),
            "phone": _("Your phone number"),
            "call_time": _("When can we call you?"),
            "text": _("Your message"),
        }
        help_texts = {
            "email": _("Needed for an answer by email; we also confirm that your message "
                       "arrived."),
            "call_time": _("e.g. weekdays after 5 pm"),
            "text": _("Write only what you want to tell. Your message is confidential."),
        }  # fmt: skip
        widgets = {
            "answer_by": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, route: str, recipient_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer_by"].choices = Message.AnswerBy.choices  # no empty choice
        self.fields["answer_by"].initial = Message.AnswerBy.EMAIL
        if route == Message.Route.GROUP:
            self.fields["consent"].label = _(
                "I agree that my message and my details are passed on to the group "
                "“%(recipient)s” by email so that they can answer me. The site keeps them only "
                "until the email is delivered and then deletes them."
            ) % {"recipient": recipient_name}
        else:
            days = settings.MESSAGE_RETENTION_DAYS
            self.fields["consent"].label = ngettext(
                "I agree that my message and my details are stored for the staff of the "
                "contact point “%(recipient)s”; they are deleted %(days)d day after my request "
                "is dealt with.",
                "I agree that my message and my details are stored for the staff of the "
                "contact point “%(recipient)s”; they are deleted %(days)d days after my request "
                "is dealt with.",
                days,
            ) % {"recipient": recipient_name, "days": days}

    def clean(self):
        cleaned = super().clean()
        answer_by = cleaned.get("answer_by")
        if (
            answer_by == Message.AnswerBy.EMAIL
            and not cleaned.get("email")
            and "email" not in (self.errors)
        ):
            self.add_error("email", _("Please enter your email, or choose an answer by phone."))
        if (
            answer_by == Message.AnswerBy.PHONE
            and not cleaned.get("phone")
            and "phone" not in (self.errors)
        ):
            self.add_error("phone", _("Please enter your phone number, or choose an answer by "
                                      "email."))  # fmt: skip
        if self.filled_quickly and antispam.contains_link(
            cleaned.get("text", ""), cleaned.get("name", ""), cleaned.get("call_time", "")
        ):
            raise forms.ValidationError(
                _("Messages with web links cannot be sent this quickly. Please check your "
                  "message and send it again; your entries are kept."),
                code="too_fast_with_link",
            )  # fmt: skip
        return cleaned


class ReportTextForm(forms.Form):
    """The short text on the first page of an annual report. Left empty, the report words
    its key figures itself."""

    text = forms.CharField(
        label=_("Text on the first page"),
        required=False,
        max_length=REPORT_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 90}),
        help_text=_(
            "Printed above the key figures in the PDF and on the overview sheet of the XLSX. "
            "Leave it empty for a text made from the figures."
        ),
    )


class DirectoryForm(forms.Form):
    """How the printed directory is arranged."""

    arrangement = forms.ChoiceField(
        label=_("Arranged"),
        choices=[("topic", _("by topic")), ("region", _("by region (district and town)"))],
        initial="topic",
        widget=forms.RadioSelect,
    )


class ContactPointFinderForm(forms.Form):
    """ "Ihre Kontaktstelle": the place whose responsible contact point is asked for."""

    ort = forms.CharField(
        label=_("Your postcode or town"),
        max_length=100,
        error_messages={"required": _("Please enter your postcode or town.")},
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. 44532 or Lünen"), "autocomplete": "postal-code"}
        ),
    )


MIDNIGHT = datetime.time(0, 0)
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpeningHoursForm(forms.ModelForm):
    """One span of a weekday, as staff type it: "until" after "from", 00:00 as midnight."""

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes", "note"]
        widgets = {"opens": TIME_INPUT, "closes": TIME_INPUT}
        labels = {
            "opens": pgettext_lazy("opening hours", "from"),
            "closes": pgettext_lazy("opening hours", "until"),
        }
        help_texts = {
            "opens": _("Leave both times empty for “by appointment” on that day."),
            "closes": _("00:00 means until midnight."),
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        # Rows imported with a span past midnight stay as they are until someone edits them.
        edited = {"opens", "closes"} & set(self.changed_data)
        if edited and opens and closes and closes <= opens and closes != MIDNIGHT:
            self.add_error(
                "closes", _("“Until” must be later than “from” (00:00 for until midnight).")
            )
        return cleaned


def minutes_open(opens, closes) -> tuple[int, int] | None:
    """A span as minutes from the start of its day (past midnight when ``closes`` is not
    after ``opens``, as ``hours.spans_on`` reads it); None for "by appointment"."""
    if opens is None or closes is None:
        return None
    start = opens.hour * 60 + opens.minute
    end = closes.hour * 60 + closes.minute
    return start, end if end > start else end + 24 * 60


class OpeningHoursFormSet(BaseInlineFormSet):
    """A site's weekly hours: a site without any starts with a row per working day (only
    rows given times are saved), and two spans of one day must not overlap."""

    def __init__(self, *args, instance=None, **kwargs):
        if instance is None or instance.pk is None or not instance.hours.exists():
            kwargs.setdefault("initial", [{"weekday": day} for day in range(5)])
        super().__init__(*args, instance=instance, **kwargs)

    def clean(self):
        super().clean()
        spans = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            row = form.cleaned_data
            if row.get("weekday") is None or form.errors:
                continue
            span = minutes_open(row.get("opens"), row.get("closes"))
            if span is not None:
                spans.append((row["weekday"], span, row["opens"], row["closes"]))
        spans.sort()
        # Sorted by start, any overlap shows between a span and the one after it.
        for first, second in itertools.pairwise(spans):
            if first[0] == second[0] and second[1][0] < first[1][1]:
                raise forms.ValidationError(
                    _("On %(day)s, %(first)s and %(second)s overlap: correct one of them or "
                      "make them one row."),
                    params={
                        "day": OpeningHours.Weekday(first[0]).label,
                        "first": f"{first[2]:%H:%M}–{first[3]:%H:%M}",
                        "second": f"{second[2]:%H:%M}–{second[3]:%H:%M}",
                    },
                )  # fmt: skip


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["starts_on", "ends_on", "note"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}
        help_texts = {
            "starts_on": _("The first day the site is closed."),
            "ends_on": _("The last day it is closed; the same day for a single day."),
        }
