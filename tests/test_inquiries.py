"""The anonymous inquiry log in the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contactpoints.models import Inquiry
from tests.factories import GroupFactory, TopicFactory, staff_client

pytestmark = pytest.mark.django_db
ADD = reverse("admin:contactpoints_inquiry_add")


def entry(**changes):
    data = {
        "date": timezone.localdate().strftime("%d.%m.%Y"),
        "contact_point": "",
        "channel": "phone",
        "person": "relative",
        "outcomes": ["group", "founding"],
        "duration_minutes": "10",
        "note": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_staff_record_an_inquiry_with_several_outcomes(client, world):
    staff_client(client, world["zwickau"])
    form = client.get(ADD)
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["contact_point"] == world["zwickau"].pk
    topic = TopicFactory(name="Angst")
    response = client.post(
        ADD,
        entry(
            contact_point=world["zwickau"].pk, topics=[topic.pk], referred_groups=[world["own"].pk]
        ),
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.outcomes == ["group", "founding"]
    assert list(inquiry.topics.all()) == [topic] and list(inquiry.referred_groups.all()) == [
        world["own"]
    ]
    assert inquiry.created_by is not None


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"channel": "carrier pigeon"}, "gültige Auswahl"),
        ({"outcomes": ["rumour"]}, "gültige Auswahl"),
        ({"duration_minutes": "9999"}, "kleiner oder gleich 600"),
        ({"date": "31.12.2999"}, "nicht in der Zukunft"),
        ({"date": "gestern"}, "gültiges Datum"),
    ],
)
def test_bad_inquiry_input_is_explained_and_not_saved(client, world, changes, error):
    staff_client(client, world["zwickau"])
    page = client.post(ADD, entry(contact_point=world["zwickau"].pk, **changes))
    assert page.status_code == 200
    assert error in page.text
    assert not Inquiry.objects.exists()


def test_inquiries_stay_within_the_users_contact_points(client, world):
    Inquiry.objects.create(
        contact_point=world["dortmund"],
        date=datetime.date(2025, 1, 2),
        channel="email",
        person="other",
    )
    staff_client(client, world["zwickau"])
    assert (
        client.get(reverse("admin:contactpoints_inquiry_changelist")).context["cl"].result_count
        == 0
    )
    foreign_group = GroupFactory(contact_point=world["dortmund"])
    page = client.post(ADD, entry(contact_point=world["dortmund"].pk))
    assert page.status_code == 200 and Inquiry.objects.count() == 1
    page = client.post(
        ADD, entry(contact_point=world["zwickau"].pk, referred_groups=[foreign_group.pk])
    )
    assert page.status_code == 200 and Inquiry.objects.count() == 1


QUICK = reverse("quick_inquiry")


def test_quick_form_records_an_inquiry_and_is_ready_for_the_next(client, world):
    staff_client(client, world["zwickau"])
    frequent = TopicFactory(name="Depression")
    Inquiry.objects.create(
        contact_point=world["zwickau"], date=timezone.localdate(), channel="email", person="other"
    ).topics.add(frequent)
    TopicFactory(name="Angststörung", synonyms=["Angst", "Panik"])
    form = client.get(QUICK)
    assert form.status_code == 200
    assert "Depression" in form.text  # a frequent topic as a box
    data = {
        "contact_point": world["zwickau"].pk,
        "date": timezone.localdate().isoformat(),
        "channel": "phone",
        "person": "affected",
        "topics": [frequent.pk],
        "more_topics": "panik",
        "outcomes": ["group"],
    }
    page = client.post(QUICK, data, follow=True)
    assert "Heute erfasst für KISS Zwickau: 2" in page.text
    inquiry = Inquiry.objects.latest("pk")
    assert sorted(inquiry.topics.values_list("name", flat=True)) == ["Angststörung", "Depression"]
    assert inquiry.outcomes == ["group"] and inquiry.created_by is not None


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"more_topics": "Quatschthema"}, "Unbekannte Themen: Quatschthema"),
        ({"channel": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({"date": "2999-01-01"}, "nicht in der Zukunft"),
    ],
)
def test_quick_form_explains_bad_input(client, world, changes, error):
    staff_client(client, world["zwickau"])
    data = {
        "contact_point": world["zwickau"].pk,
        "date": timezone.localdate().isoformat(),
        "channel": "phone",
        "person": "affected",
    } | changes
    page = client.post(QUICK, data)
    assert page.status_code == 200 and error in page.text
    assert not Inquiry.objects.exists()


def test_quick_form_offers_only_the_users_contact_points(client, world):
    staff_client(client, world["zwickau"])
    data = {
        "contact_point": world["dortmund"].pk,
        "date": timezone.localdate().isoformat(),
        "channel": "phone",
        "person": "affected",
    }
    page = client.post(QUICK, data)
    assert page.status_code == 200 and not Inquiry.objects.exists()
