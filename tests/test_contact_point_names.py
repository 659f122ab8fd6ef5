"""Sentences that name a contact point read right for every name, whether it carries its own
"Selbsthilfe-Kontaktstelle" or is an acronym: the name stands in quotation marks after
"Kontaktstelle" / "contact point", never declined behind a preposition ("von die …")."""

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from contactpoints.forms import MessageForm
from contactpoints.models import Message
from groups.forms import FoundingInterestForm

NAMES = [
    "Selbsthilfe-Kontaktstelle Dortmund",
    "K.I.S.S. Kreis Unna",
    "LAKOS Sachsen",
    "SEKIS Berlin",
    "KISS Stuttgart",
]
QUOTED = {"de": "Kontaktstelle „{name}“", "en": "contact point “{name}”"}
WRONG = ["von die ", "von der Selbsthilfe-Kontaktstelle Selbsthilfe", "of the the "]


def message_consent(name):
    form = MessageForm(route=Message.Route.CONTACT_POINT, recipient_name=name)
    return str(form.fields["consent"].label)


def founding_consent(name):
    group = SimpleNamespace(contact_point=SimpleNamespace(name=name))
    return str(FoundingInterestForm(group=group).fields["consent"].label)


def template(path, **context):
    def render(name):
        contact_point = SimpleNamespace(name=name, get_absolute_url=lambda: "/kontaktstellen/x/")
        return render_to_string(path, {"contact_point": contact_point, **context})

    return render


SENTENCES = {
    "consent to a message": message_consent,
    "consent to founding interest": founding_consent,
    "confirmation email": template(
        "contactpoints/email/message_confirmation.txt",
        message=SimpleNamespace(route="cp"),
        settings_days=180,
    ),
    "reply email": template(
        "contactpoints/email/message_reply.txt", reply=SimpleNamespace(text="Guten Tag")
    ),
    "email to a group": template(
        "contactpoints/email/message_relayed.txt",
        group=SimpleNamespace(name="Trauercafé"),
        message=SimpleNamespace(name="Erika", text="Hallo", email="", phone=""),
    ),
    "reconfirmation email": template(
        "groups/email/reconfirmation_request.txt",
        group=SimpleNamespace(name="Trauercafé"),
        name="Trauercafé",
        valid_days=60,
        link="https://x",
    ),
}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_sentence_names_the_contact_point_as_an_apposition(sentence, name, language):
    with translation.override(language):
        text = SENTENCES[sentence](name)
    assert QUOTED[language].format(name=name) in text
    assert not any(wrong in text for wrong in WRONG)


def test_the_consent_to_a_group_message_names_the_group_in_quotation_marks():
    with translation.override("de"):
        form = MessageForm(route=Message.Route.GROUP, recipient_name="Trauercafé Lünen")
    assert "an die Gruppe „Trauercafé Lünen“ weitergegeben" in str(form.fields["consent"].label)


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_the_group_page_names_its_contact_point_as_an_apposition(client, listed_group, name):
    listed_group.contact_point.name = name
    listed_group.contact_point.save()
    page = client.get(listed_group.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de").text
    assert f"Kontakt über die Kontaktstelle „{name}“" in page.replace("&amp;", "&")
    assert "von die " not in page
