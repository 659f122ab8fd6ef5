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
