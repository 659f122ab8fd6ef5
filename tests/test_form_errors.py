"""A form sent with mistakes lists them above it, each linked to its field (WCAG 3.3.1), and
keeps what was entered."""

import re

import pytest
from django.urls import reverse

from tests.factories import EventFactory, shown_seconds_ago

pytestmark = pytest.mark.django_db


def test_the_error_summary_links_each_mistake_to_its_field(client):
    event = EventFactory(registration_required=True, capacity=5)
    page = client.post(
        event.get_absolute_url(),
        {"name": "Erika", "email": "keine-adresse", "phone": "", "persons": "1",
         "homepage": "", "rendered_at": shown_seconds_ago(20)},
    ).text  # fmt: skip
    summary = page[page.index('class="alert alert-danger"') :]
    summary = summary[: summary.index("</div>")]
    links = re.findall(r'<a href="#([\w-]+)">', summary)
    assert {"id_email", "id_consent"} <= set(links)
    for field_id in links:
        assert f'id="{field_id}"' in page
    assert 'value="Erika"' in page


def test_a_form_without_mistakes_has_no_summary(client):
    assert 'class="alert alert-danger"' not in client.get(reverse("groups:suggest")).text


@pytest.mark.parametrize(("language", "name"), [("de", "Einwilligung"), ("en", "Consent")])
def test_the_summary_names_a_consent_short(client, language, name):
    event = EventFactory(registration_required=True, capacity=5)
    page = client.post(
        event.get_absolute_url(),
        {"name": "", "email": "erika@example.org", "phone": "", "persons": "1",
         "homepage": "", "rendered_at": shown_seconds_ago(20)},
        HTTP_ACCEPT_LANGUAGE=language,
    ).text  # fmt: skip
    summary = page[page.index('class="alert alert-danger"') :]
    summary = summary[: summary.index("</div>")]
    links = dict(re.findall(r'<a href="#([\w-]+)">([^<]*)</a>', summary))
    assert links["id_consent"] == name
    assert all(len(text) <= 60 for text in links.values())


def test_a_long_label_is_cut_to_its_first_words_and_a_short_label_wins():
    from django import forms

    from selbsthilfe.templatetags.form_summary import summary_label

    class Form(forms.Form):
        story = forms.CharField(
            label="What happened, on which page, and what would have helped you to go on?"
        )
        title = forms.CharField(label="Title")
        consent = forms.BooleanField(label="I agree " + "that this is long " * 5)

    form = Form()
    assert summary_label(form["story"]) == "What happened, on which page, and …"
    assert summary_label(form["title"]) == "Title"
    form.fields["consent"].short_label = "Agreement"
    assert summary_label(form["consent"]) == "Agreement"
