"""Public forms of the groups app: reporting a group, and interest in founding one."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from groups.models import FoundingInterest, Suggestion, Topic
from groups.search import places
from groups.services import responsible_contact_point
from selbsthilfe.antispam import HumanCheckForm
from selbsthilfe.forms import PersonFieldsMixin


class SuggestionForm(HumanCheckForm, forms.ModelForm):
    """ "Gruppe melden oder Angaben korrigieren": what anyone may propose, for review."""

    consent = forms.BooleanField(
        label=_("I agree that my details are stored to process this report."),
        error_messages={"required": _("Without your consent we cannot process the report.")},
    )

    class Meta:
        model = Suggestion
        fields = [
            "name",
            "topics_text",
            "description",
            "postcode",
            "town",
            "meetings_text",
            "public_email",
            "public_phone",
            "website",
            "message",
            "submitter_name",
            "submitter_email",
        ]
        labels = {
            "name": _("Name of the group"),
            "topics_text": _("Topics"),
            "meetings_text": _("When and where does the group meet?"),
            "public_email": _("The group's email for interested people"),
            "public_phone": _("The group's phone for interested people"),
            "message": _("Anything else we should know?"),
            "submitter_name": _("Your name"),
            "submitter_email": _("Your email"),
        }
        help_texts = {
            "topics_text": _("Separate several topics with commas, e.g. Depression, Angst."),
            "meetings_text": _("e.g. every second Tuesday of the month, 7 pm, Bahnhofstraße 5"),
            "public_email": _("Leave empty if people should reach the group only through the "
                              "contact point."),
            "submitter_email": _("Only for questions from the contact point. It is not "
                                 "published."),
            "postcode": _("Where the group meets; this decides which contact point reviews "
                          "your report."),
        }  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["submitter_email"].widget.attrs["autocomplete"] = "email"
        self.fields["submitter_name"].widget.attrs["autocomplete"] = "name"
        if group is not None:
            self.fields["message"].label = _("What is wrong or has changed?")
            self.fields["town"].required = False

    def clean_postcode(self):
        return self.cleaned_data["postcode"].strip()

    def clean(self):
        cleaned = super().clean()
        if self.group is not None:
            self.contact_point = self.group.contact_point
        elif not self.errors:
            self.contact_point = responsible_contact_point(
                cleaned.get("postcode", ""), cleaned.get("town", "")
            )
            if self.contact_point is None:
                self.add_error(
                    "town",
                    _("We could not find this place. Please check the postcode and the town."),
                )
        return cleaned


def public_values(group) -> dict:
    """What a correction form starts from: the group's entry as its public page shows it,
    and nothing the page hides (the form is public too)."""
    values = {
        "name": group.name,
        "topics_text": ", ".join(topic.name for topic in group.topics.all()),
        "description": group.description,
        "town": group.town_name,
        "meetings_text": group.schedule_text,
    }
    if group.shows_meeting_place:
        values["postcode"] = group.postcode
    if group.reached_directly:
        values |= {
            "public_email": group.public_email,
            "public_phone": group.public_phone,
            "website": group.website,
        }
    return values


class FoundingInterestForm(PersonFieldsMixin, HumanCheckForm, forms.ModelForm):
    """ "Ich möchte mitmachen" (``group`` given: a group in founding) or "Ich würde eine
    Gruppe zu diesem Thema mitgründen" (topic and place). A quick fill alone is fine."""

    rejects_speed_alone = False

    consent = forms.BooleanField(
        error_messages={
            "required": _("Without your consent we cannot pass on your interest. Your entries "
                          "are kept below.")
        },
    )  # fmt: skip

    class Meta:
        model = FoundingInterest
        fields = ["topic_text", "place_text", "name", "email", "phone"]
        labels = {
            "topic_text": _("Topic of the group"),
            "place_text": _("Postcode or town"),
            "name": _("Your name or a nickname"),
            "email": _("Your email"),
            "phone": _("Your phone number"),
        }
        help_texts = {
            "email": _("Give an email or a phone number, so that the contact point can reach "
                       "you."),
        }  # fmt: skip

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        months = settings.FOUNDING_INTEREST_MONTHS
        if group is not None:
            del self.fields["topic_text"], self.fields["place_text"]
            self.fields["consent"].label = ngettext(
                "I agree that the contact point “%(name)s” stores my details to put me in "
                "touch with the group; they are deleted after %(months)d month. Other "
                "interested people do not see them.",
                "I agree that the contact point “%(name)s” stores my details to put me in "
                "touch with the group; they are deleted after %(months)d months. Other "
                "interested people do not see them.",
                months,
            ) % {"name": group.contact_point.name, "months": months}
        else:
            self.fields["topic_text"].required = True
            self.fields["place_text"].required = True
            self.fields["consent"].label = ngettext(
                "I agree that the responsible contact point stores my details to bring "
                "together people who want to found a group; they are deleted after %(months)d "
                "month. Other interested people do not see them.",
                "I agree that the responsible contact point stores my details to bring "
                "together people who want to found a group; they are deleted after %(months)d "
                "months. Other interested people do not see them.",
                months,
            ) % {"months": months}

    def clean_topic_text(self):
        return " ".join(self.cleaned_data["topic_text"].split())

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and not ({"email", "phone"} & set(self.errors))
        ):
            self.add_error("email", _("Please give an email or a phone number."))
        self.refuse_quick_links(cleaned.get("name", ""), cleaned.get("topic_text", ""))
        if self.group is not None:
            self.contact_point = self.group.contact_point
        elif not self.errors:
            self.resolve_place(cleaned.get("place_text", ""))
        return cleaned

    def resolve_place(self, text: str):
        """The place's coordinates and its responsible contact point, or a form error."""
        found = places.resolve_place(text)
        self.contact_point = responsible_contact_point("", text) if found.location else None
        if self.contact_point is None:
            self.add_error(
                "place_text",
                _("We could not find this place. Please check the postcode or the town."),
            )
            return
        self.instance.latitude = found.location.latitude
        self.instance.longitude = found.location.longitude
        self.instance.place_text = found.location.label

    def matched_topic(self) -> Topic | None:
        text = self.cleaned_data.get("topic_text", "")
        return Topic.objects.by_names([text]).get(text) if text else None
