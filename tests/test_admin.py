"""Every admin changelist, add page and change page answers for a superuser; the group
form offers "save anyway" only beside likely duplicates."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contactpoints.messages import submit_message
from contactpoints.models import Message
from groups.founding import submit_interest
from groups.models import FoundingAlert, FoundingInterest, Suggestion
from selbsthilfe.models import AccessibilityFeedback, PrivacyRequest, StaffNotice
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SiteFactory,
    admin_form_data,
    staff_client,
)

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [model for model in admin.site._registry if model._meta.app_label != "auth"] + [
    model for model in admin.site._registry if model._meta.app_label == "auth"
]


@pytest.fixture
def sample_rows(listed_group):
    site = SiteFactory(contact_point=listed_group.contact_point)
    event = EventFactory(contact_point=site.contact_point, venue_site=site)
    RegistrationFactory(event=event)
    Suggestion.objects.create(
        kind=Suggestion.Kind.CORRECTION,
        group=listed_group,
        contact_point=listed_group.contact_point,
        name=listed_group.name,
        town="Lünen",
        message="Die Gruppe trifft sich jetzt montags.",
        consent_given_at=timezone.now(),
    )
    submit_message(
        Message(contact_point=listed_group.contact_point, group=listed_group, name="Erika",
                answer_by="email", email="erika@example.org", text="Hallo",
                route=Message.Route.CONTACT_POINT, consent_given_at=timezone.now())
    )  # fmt: skip
    for name in ("Anna", "Ben", "Cem"):
        submit_interest(
            FoundingInterest(contact_point=listed_group.contact_point, kind="found",
                             topic_text="Trauer", place_text="Lünen", name=name,
                             email=f"{name}@example.org", consent_given_at=timezone.now(),
                             latitude=51.6, longitude=7.5)
        )  # fmt: skip
    assert FoundingAlert.objects.exists()
    return listed_group


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_changelist_add_and_change_pages_answer(superuser_client, sample_rows, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    # (the operator's legal details are one row: their list leads straight to it)
    assert superuser_client.get(reverse(f"{prefix}_changelist"), follow=True).status_code == 200
    # Suggestions, messages and reported barriers come from the public forms only, task
    # results and notices to staff from the task queue, sign-in records from django-axes.
    from_elsewhere = (Suggestion, DBTaskResult, Message, FoundingInterest, FoundingAlert,
                      PrivacyRequest, AccessibilityFeedback, StaffNotice)  # fmt: skip
    adds = model not in from_elsewhere and model._meta.app_label != "axes"
    assert superuser_client.get(reverse(f"{prefix}_add")).status_code == (200 if adds else 403)
    obj = model.objects.first()
    if obj is not None:
        url = reverse(f"{prefix}_change", args=[obj.pk])
        assert superuser_client.get(url).status_code == 200


def test_changelist_search_and_filters_answer(superuser_client, sample_rows):
    url = reverse("admin:groups_group_changelist")
    response = superuser_client.get(url, {"q": "Lünen", "status__exact": "active"})
    assert response.status_code == 200
    assert "Selbsthilfegruppe Depression Lünen" in response.text


def test_admin_form_reports_bad_input_in_german_and_saves_nothing(superuser_client, sample_rows):
    url = reverse("admin:groups_group_change", args=[sample_rows.pk])
    page = superuser_client.get(url)
    assert page.status_code == 200
    data = {
        "name": sample_rows.name,
        "slug": sample_rows.slug,
        "contact_point": sample_rows.contact_point.pk,
        "status": "ended",
        "audience": "affected",
        "format": "in_person",
        "frequency": "irregular",
        "contact_mode": "via_contact_point",
        "postcode": "123",
        "starts_at": "19:00",
        "ends_at": "18:00",
    }
    response = superuser_client.post(url, data, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "Postleitzahl" in response.text
    sample_rows.refresh_from_db()
    assert sample_rows.status == "active" and sample_rows.postcode == "44532"


DUPLICATE_BOX = 'type="checkbox" name="confirm_not_duplicate"'


def test_the_save_anyway_box_appears_only_when_similar_groups_were_found(client, world):
    staff_client(client, world["zwickau"])
    add = reverse("admin:groups_group_add")
    page = client.get(add).text
    assert DUPLICATE_BOX not in page
    data = admin_form_data(client, add, **{
        "name": "Gesprächskreis Tinnitus", "slug": "gespraechskreis-tinnitus",
        "contact_point": world["zwickau"].pk, "town": world["own"].town,
        "postcode": world["own"].postcode, "status": "active", "audience": "affected",
        "format": "in_person", "frequency": "irregular", "contact_mode": "via_contact_point",
    })  # fmt: skip
    response = client.post(add, {**data, "slug": ""})  # an error, but no similar group
    assert response.status_code == 200 and DUPLICATE_BOX not in response.text
    response = client.post(add, {**data, "name": "Zwickauer Runde e.V."})
    assert "sehr ähnlichem Namen" in response.text and DUPLICATE_BOX in response.text
