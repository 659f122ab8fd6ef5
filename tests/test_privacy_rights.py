"""A person's rights: superusers export (Art. 15 GDPR) and erase (Art. 17 GDPR) everything
stored about an email address, with a confirmation step and a log without the address."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from contactpoints import messages
from contactpoints.models import Inquiry, Message, MessageReply
from events.models import Registration
from groups.founding import submit_interest
from groups.models import FoundingInterest, Suggestion
from selbsthilfe.models import PrivacyRequest
from tests.factories import ContactPointFactory, RegistrationFactory, staff_client

pytestmark = pytest.mark.django_db
URL = "/verwaltung/betroffenenrechte/"


def stored_for(email: str, contact_point) -> None:
    """One of each kind of record holding ``email``."""
    message = messages.submit_message(
        Message(contact_point=contact_point, route="contact_point", name="Erika",
                answer_by="email", email=email, text=f"Nachricht von {email}",
                consent_given_at=timezone.now())
    )  # fmt: skip
    MessageReply.objects.create(message=message, text="Antwort an Erika")
    submit_interest(
        FoundingInterest(contact_point=contact_point, kind="found", topic_text="Trauer",
                         place_text="Lünen", name="Erika", email=email,
                         consent_given_at=timezone.now())
    )  # fmt: skip
    person = email.split("@")[0].title() + " Muster"  # Erika Muster, Max Muster
    registration = RegistrationFactory(name=person, email=email, phone="0231 1")
    registration.phone = "0231 2"
    registration.save()  # a second history record
    Suggestion.objects.create(
        kind="new", contact_point=contact_point, name="Neue Gruppe", town="Lünen",
        submitter_name="Erika", submitter_email=email, message="Bitte aufnehmen",
        consent_given_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def people():
    contact_point = ContactPointFactory()
    stored_for("erika@example.org", contact_point)
    stored_for("max@example.org", contact_point)
    return contact_point


def test_an_export_holds_every_record_of_the_address_and_the_log_holds_no_address(
    superuser_client, people
):
    response = superuser_client.post(URL, {"email": "Erika@Example.org", "action": "export"})
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    kinds = ["messages", "replies", "founding_interests", "registrations", "suggestions"]
    assert {kind: len(data[kind]) for kind in kinds} == dict.fromkeys(kinds, 1)
    assert data["messages"][0]["message"] == "Nachricht von erika@example.org"
    assert data["replies"][0]["reply"] == "Antwort an Erika"
    assert data["registrations"][0]["phone"] == "0231 2"
    assert "max@example.org" not in response.content.decode()
    (entry,) = PrivacyRequest.objects.all()
    assert entry.kind == "export" and entry.counts == dict.fromkeys(kinds, 1)
    assert "erika" not in json.dumps(entry.counts).lower() and entry.done_by.is_superuser


def test_erasure_asks_first_then_removes_the_address_everywhere_and_keeps_the_counts(
    superuser_client, people
):
    step = superuser_client.post(URL, {"email": "erika@example.org", "action": "erase"})
    assert step.status_code == 200 and "Jetzt löschen" in step.text
    assert Message.objects.filter(email="erika@example.org").exists()  # nothing yet
    assert not PrivacyRequest.objects.exists()
    done = superuser_client.post(
        URL, {"email": "erika@example.org", "action": "erase", "confirmed": "True"}
    )
    assert done.status_code == 302
    assert not Message.objects.filter(email="erika@example.org").exists()
    assert not MessageReply.objects.filter(text="Antwort an Erika", message__email="").exists()
    assert not FoundingInterest.objects.filter(email="erika@example.org").exists()
    assert not Registration.objects.filter(email="erika@example.org").exists()
    assert not Registration.history.filter(email="erika@example.org").exists()
    assert not Registration.history.filter(name="Erika Muster").exists()
    assert Registration.history.filter(name="Max Muster").count() == 2
    assert not Suggestion.objects.filter(submitter_email="erika@example.org").exists()
    # The other person's records, the anonymous inquiries and the places stay.
    assert Message.objects.filter(email="max@example.org").count() == 1
    assert Registration.objects.filter(email="max@example.org").count() == 1
    assert Registration.objects.count() == 2 and Suggestion.objects.count() == 2
    assert Inquiry.objects.count() == 4
    (entry,) = PrivacyRequest.objects.all()
    assert entry.kind == "erasure" and entry.counts["messages"] == 1
    assert "erika" not in str(PrivacyRequest.objects.values().get()).lower()


@pytest.mark.parametrize("role", ["editor", "coordinator"])
def test_only_superusers_reach_the_page(client, people, role):
    staff_client(client, people, role=role)
    response = client.post(URL, {"email": "erika@example.org", "action": "export"})
    assert response.status_code == 403
    assert client.get(reverse("admin:index")).status_code == 200  # yet they are staff
    assert not PrivacyRequest.objects.exists()


def test_a_malformed_address_is_explained(superuser_client, people):
    response = superuser_client.post(URL, {"email": "erika@", "action": "erase"})
    assert response.status_code == 200 and response.context["form"].errors["email"]
    assert Message.objects.count() == 2
