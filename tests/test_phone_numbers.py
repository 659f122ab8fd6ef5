"""Phone fields in public and staff forms take numbers as people in Germany write them, keep
them as written, and refuse letters and incomplete numbers with a German explanation."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from contactpoints.models import Message
from groups.models import Group
from selbsthilfe.phones import PhoneNumberFormField
from tests.factories import (
    ContactPointFactory,
    GroupFactory,
    SiteFactory,
    admin_form_data,
    admin_url,
    shown_seconds_ago,
    staff_client,
)

WRITTEN_AS_PEOPLE_DO = [
    "0231 12345",
    "+49 (0)231 12345",
    "0049 231 12345",
    "(0231) 123 45-6",
    "0171/1234567",
    "0 23 03 / 27-28 29",
    "02303 27–2829",
    "0800 111 0 111",
    "+43 1 234567",
    "116 117",
]

NOT_A_NUMBER = ["ruf mich an", "0231 12345 oder 0171 1234567", "0800 HILFE"]
INCOMPLETE = ["0231 1", "+49 231", "12", "+999 12345678"]


@pytest.mark.parametrize("written", WRITTEN_AS_PEOPLE_DO)
def test_numbers_as_people_write_them_are_kept_as_written(written):
    assert PhoneNumberFormField(required=False).clean(f"  {written} ") == written


def test_several_spaces_in_a_number_become_one():
    assert PhoneNumberFormField().clean("0231   12345") == "0231 12345"


def explanation(value, language="de"):
    with translation.override(language):
        with pytest.raises(forms.ValidationError) as refused:
            PhoneNumberFormField(required=False).clean(value)
        return " ".join(refused.value.messages)


@pytest.mark.parametrize("written", NOT_A_NUMBER)
def test_letters_are_refused_in_german(written):
    assert "Telefonnummer aus Ziffern" in explanation(written)


@pytest.mark.parametrize("written", INCOMPLETE)
def test_incomplete_numbers_are_refused_asking_for_the_area_code(written):
    german = explanation(written)
    assert "keine vollständige Telefonnummer" in german and "Vorwahl" in german
    assert "area code" in explanation(written, "en")


@pytest.fixture
def group(db):
    site = SiteFactory(phone="02306 123456", contact_point=ContactPointFactory())
    return GroupFactory(contact_point=site.contact_point,
                        contact_mode=Group.ContactMode.VIA_CONTACT_POINT)  # fmt: skip


def send_message(client, group, phone):
    return client.post(
        reverse("contactpoints:group_message", args=[group.slug]),
        {
            "name": "Erika",
            "answer_by": "phone",
            "email": "",
            "phone": phone,
            "call_time": "abends",
            "text": "Bitte rufen Sie mich an.",
            "consent": "on",
            "homepage": "",
            "rendered_at": shown_seconds_ago(20),
        },
    )


def test_the_message_form_refuses_an_incomplete_number_in_german(client, group):
    response = send_message(client, group, "0231 12")
    assert response.status_code == 200
    assert "keine vollständige Telefonnummer" in response.text
    assert not Message.objects.exists()


def test_the_message_form_keeps_the_number_as_the_person_wrote_it(client, group):
    assert send_message(client, group, "+49 (0)231 12345").status_code == 302
    assert Message.objects.get().phone == "+49 (0)231 12345"


def test_a_public_phone_field_offers_the_phone_keypad(client, group):
    page = client.get(reverse("contactpoints:group_message", args=[group.slug])).text
    assert 'type="tel" name="phone"' in page


def test_the_group_admin_refuses_a_public_phone_with_letters(client, group):
    staff_client(client, group.contact_point)
    url = admin_url(group)
    response = client.post(url, admin_form_data(client, url, public_phone="Büro fragen"))
    assert response.status_code == 200
    assert "Telefonnummer aus Ziffern" in response.text
    group.refresh_from_db()
    assert group.public_phone == ""


def test_the_contact_point_admin_checks_its_sites_phone_and_fax(superuser_client, group):
    url = admin_url(group.contact_point)
    response = superuser_client.post(
        url, admin_form_data(superuser_client, url, **{"sites-0-fax": "0231 1"})
    )
    assert response.status_code == 200 and "keine vollständige Telefonnummer" in response.text
    data = admin_form_data(superuser_client, url, **{"sites-0-phone": "0 23 06 / 100-610"})
    assert superuser_client.post(url, data).status_code == 302
    assert group.contact_point.sites.get().phone == "0 23 06 / 100-610"
