"""The public's message form; staff forms for the inquiry log (the admin's, and the quick
form that records an inquiry in a few seconds) and for answering messages."""

import datetime

from django import forms
from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contactpoints.models import REPORT_TEXT_LENGTH, Inquiry, Message
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
