"""Staff forms for the inquiry log: the admin's, and the quick form that records an inquiry
in a few seconds."""

import datetime

from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models import Inquiry
from groups.models import Topic
from groups.transfer import split_list

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
