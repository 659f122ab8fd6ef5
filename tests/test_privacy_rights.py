"""A person's rights: superusers export (Art. 15 GDPR) and erase (Art. 17 GDPR) everything
stored about an email address or phone number, with a confirmation step and a log without
the address; every model holding personal data is covered or exempt with a reason."""

import json

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from contactpoints import messages
from contactpoints.models import Inquiry, Message, MessageReply
from events import services as events
from events.models import Registration, RegistrationEmail
from groups.founding import submit_interest
from groups.models import FoundingInterest, Group, ReconfirmationRequest, Suggestion
from selbsthilfe import personal_data
from selbsthilfe.models import AccessibilityFeedback, PrivacyRequest
from tests.factories import (
    ContactPointFactory,
    GroupFactory,
    RegistrationFactory,
    UserFactory,
    staff_client,
)

pytestmark = pytest.mark.django_db
URL = "/verwaltung/betroffenenrechte/"
EMAIL = "erika@example.org"
TYPED_PHONE = "0231 12 34 56"  # as the person says it; stored as below
PHONE, INTERNATIONAL_PHONE = "0231/123456", "+49 231 123456"


# One maker per covered model: a row holding the person (and, where the model keeps
# versions, an earlier one), returning the personal values that the export must show and
# the erasure must leave nowhere.


def make_message():
    """The probe's case: a message that left a phone number only."""
    messages.submit_message(
        Message(contact_point=ContactPointFactory(), route="contact_point", name="Erika Muster",
                answer_by="phone", phone=PHONE, call_time="abends",
                text="Seit der Diagnose Multiple Sklerose suche ich Anschluss.",
                consent_given_at=timezone.now())
    )  # fmt: skip
    return ["Erika Muster", PHONE, "abends", "Multiple Sklerose"]


def make_message_reply():
    message = messages.submit_message(
        Message(contact_point=ContactPointFactory(), route="contact_point", name="Erika",
                answer_by="email", email=EMAIL, text="Hallo", consent_given_at=timezone.now())
    )  # fmt: skip
    MessageReply.objects.create(message=message, text="Liebe Erika Muster, die Gruppe ...")
    return ["Liebe Erika Muster"]


def make_founding_interest():
    submit_interest(
        FoundingInterest(contact_point=ContactPointFactory(), kind="found", topic_text="Trauer",
                         place_text="Lünen", name="Erika Muster", email=EMAIL,
                         phone=INTERNATIONAL_PHONE, consent_given_at=timezone.now())
    )  # fmt: skip
    return ["Erika Muster", EMAIL, INTERNATIONAL_PHONE]


def make_registration():
    registration = RegistrationFactory(name="Erika Muster", email=EMAIL, phone="0231 98765")
    registration.phone = INTERNATIONAL_PHONE
    registration.save()  # a second version; the first holds the old number
    return ["Erika Muster", EMAIL, "0231 98765", INTERNATIONAL_PHONE]


def make_suggestion():
    Suggestion.objects.create(
        kind="new", contact_point=ContactPointFactory(), name="Neue Gruppe", town="Lünen",
        public_phone=PHONE, submitter_name="Erika Muster", submitter_email=EMAIL,
        message="Bitte aufnehmen, ich leite die Gruppe.", consent_given_at=timezone.now(),
    )  # fmt: skip
    return ["Erika Muster", EMAIL, PHONE, "ich leite die Gruppe"]


def make_accessibility_feedback():
    """The probe's case: a report of a barrier with a health detail in its text."""
    AccessibilityFeedback.objects.create(
        page="/gruppen/", name="Erika Muster", email=EMAIL,
        text="Mit meiner Sehbehinderung kann ich die Karte nicht bedienen.",
    )  # fmt: skip
    return ["Erika Muster", EMAIL, "Sehbehinderung"]


def make_group():
    """A group whose contact person and public contact are the person."""
    group = GroupFactory(contact_mode=Group.ContactMode.DIRECT, public_email="info@gruppe.example",
                         contact_person="Erika Muster", contact_person_email=EMAIL,
                         contact_person_phone="0231 55555")  # fmt: skip
    group.public_email, group.public_phone = EMAIL, INTERNATIONAL_PHONE
    group.save()  # a second version
    return ["Erika Muster", EMAIL, "0231 55555", INTERNATIONAL_PHONE]


def make_reconfirmation_request():
    ReconfirmationRequest.objects.create(group=GroupFactory(), token_hash="a" * 64, sent_to=EMAIL)
    return [EMAIL]


MAKERS = {
    "messages": make_message,
    "message_replies": make_message_reply,
    "founding_interests": make_founding_interest,
    "registrations": make_registration,
    "suggestions": make_suggestion,
    "accessibility_feedback": make_accessibility_feedback,
    "groups": make_group,
    "reconfirmation_requests": make_reconfirmation_request,
}


def rows_holding(model, values) -> list:
    """Rows of ``model`` with any of ``values`` in any text field."""
    text_fields = [field.name for field in model._meta.concrete_fields
                   if isinstance(field, models.CharField | models.TextField)]  # fmt: skip
    holds = Q(pk__in=[])
    for name in text_fields:
        for value in values:
            holds |= Q(**{f"{name}__icontains": value})
    return list(model._default_manager.filter(holds))


@pytest.mark.parametrize("declaration", personal_data.COVERED, ids=lambda entry: entry.key)
def test_each_covered_model_is_exported_and_then_erased_everywhere(superuser_client, declaration):
    maker = MAKERS.get(declaration.key)
    if maker is None:
        pytest.fail(f"Add a maker for {declaration.key} to MAKERS.")
    values = maker()
    history = declaration.history_model
    assert rows_holding(declaration.model, values)
    person = {"email": EMAIL, "phone": TYPED_PHONE}

    response = superuser_client.post(URL, person | {"action": "export"})
    data = json.loads(response.content)
    exported = json.dumps([data[declaration.key], data.get(f"{declaration.key}_versions")],
                          ensure_ascii=False)  # fmt: skip
    for value in values:
        assert value in exported, value
    assert data[declaration.key], "the row itself is exported"

    superuser_client.post(URL, person | {"action": "erase", "confirmed": "True"})
    assert not rows_holding(declaration.model, values)
    if history is not None:
        assert not rows_holding(history, values)
    (_export, erasure) = PrivacyRequest.objects.order_by("done_at")
    assert erasure.counts[declaration.key] >= 1
    assert EMAIL not in json.dumps(erasure.counts) and "231" not in json.dumps(erasure.counts)


PERSONAL_FIELD_PARTS = ("email", "phone", "contact_person")


def personal_fields(model) -> set[str]:
    return {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.EmailField)
        or any(part in field.name for part in PERSONAL_FIELD_PARTS)
    }


def test_every_model_with_personal_fields_is_covered_or_exempt_with_a_reason():
    """A new model (or field) holding an address or number fails here until it is declared
    in ``personal_data.COVERED`` or, with the reason, in ``NOT_COVERED``."""
    declared = {}
    for declaration in personal_data.COVERED:
        paths = {path for part in declaration.parts for path in (*part.found_by, *part.fields)}
        for model in (declaration.model, declaration.history_model):
            if model is not None:
                declared[model] = declared.get(model, set()) | paths
    exempt = {apps.get_model(label) for label in personal_data.NOT_COVERED}
    for model in apps.get_models():
        fields = personal_fields(model)
        if not fields:
            continue
        if model in declared:
            assert fields <= declared[model], (model._meta.label, fields - declared[model])
        else:
            assert getattr(model, "instance_type", model) in exempt, model._meta.label
    assert not exempt & set(declared)
    assert all(len(reason) > 30 for reason in personal_data.NOT_COVERED.values())


@pytest.mark.parametrize(
    "written",
    ["0231 12 34 56", "0231/123456", "0231-123456", "(0231) 123456", "+49 231 123456",
     "+49 (0)231 123456", "0049 231 123456", " +49231123456 "],
)  # fmt: skip
def test_a_number_is_found_however_it_was_written(written):
    assert personal_data.phone_key(written) == "49231123456"
    group = GroupFactory(public_phone=written)
    in_database = Group.objects.annotate(
        key=personal_data.phone_key_in_database("public_phone")).get(pk=group.pk).key  # fmt: skip
    assert in_database == "49231123456"


@pytest.mark.parametrize(("written", "key"), [("+43 1 234567", "431234567"),
                                              ("116 117", "116117"), ("", "")])  # fmt: skip
def test_other_numbers_compare_by_their_digits_in_python_and_sql_alike(written, key):
    group = GroupFactory(public_phone=written)
    in_database = Group.objects.annotate(
        key=personal_data.phone_key_in_database("public_phone")).get(pk=group.pk).key  # fmt: skip
    assert personal_data.phone_key(written) == in_database == key


# The page


@pytest.fixture
def people():
    """Erika and Max, each with a message, a reply, a founding interest, a registration
    and a report."""
    contact_point = ContactPointFactory()
    for email in ("erika@example.org", "max@example.org"):
        person = email.split("@")[0].title() + " Muster"
        message = messages.submit_message(
            Message(contact_point=contact_point, route="contact_point", name=person,
                    answer_by="email", email=email, text=f"Nachricht von {email}",
                    consent_given_at=timezone.now())
        )  # fmt: skip
        MessageReply.objects.create(message=message, text=f"Antwort an {person}")
        submit_interest(
            FoundingInterest(contact_point=contact_point, kind="found", topic_text="Trauer",
                             place_text="Lünen", name=person, email=email,
                             consent_given_at=timezone.now())
        )  # fmt: skip
        registration = RegistrationFactory(name=person, email=email, phone="0231 1")
        registration.phone = "0231 2"
        registration.save()  # a second version
        Suggestion.objects.create(
            kind="new", contact_point=contact_point, name="Neue Gruppe", town="Lünen",
            submitter_name=person, submitter_email=email, message="Bitte aufnehmen",
            consent_given_at=timezone.now(),
        )  # fmt: skip
    return contact_point


KINDS = ["messages", "message_replies", "founding_interests", "registrations", "suggestions"]


def test_an_export_holds_every_record_of_the_address_and_the_log_holds_no_address(
    superuser_client, people
):
    response = superuser_client.post(URL, {"email": "Erika@Example.org", "action": "export"})
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert {kind: len(data[kind]) for kind in KINDS} == dict.fromkeys(KINDS, 1)
    assert data["messages"][0]["text"] == "Nachricht von erika@example.org"
    assert data["message_replies"][0]["text"] == "Antwort an Erika Muster"
    assert data["registrations"][0]["phone"] == "0231 2"
    assert [version["phone"] for version in data["registrations_versions"]] == ["0231 1", "0231 2"]
    assert "max@example.org" not in response.content.decode()
    assert "Max Muster" not in response.content.decode()
    (entry,) = PrivacyRequest.objects.all()
    assert entry.kind == "export"
    assert entry.counts == dict.fromkeys(KINDS, 1) | {"registrations_versions": 2}
    assert "erika" not in json.dumps(entry.counts).lower() and entry.done_by.is_superuser


def test_erasure_asks_first_then_removes_the_address_everywhere_and_keeps_the_counts(
    superuser_client, people
):
    step = superuser_client.post(URL, {"email": "erika@example.org", "action": "erase"})
    assert step.status_code == 200 and "Jetzt löschen" in step.text
    assert "Nachrichten" in step.text and "gelöscht mit ihren Antworten" in step.text
    assert Message.objects.filter(email="erika@example.org").exists()  # nothing yet
    assert not PrivacyRequest.objects.exists()
    done = superuser_client.post(
        URL, {"email": "erika@example.org", "action": "erase", "confirmed": "True"}
    )
    assert done.status_code == 302
    assert "Gelöscht: 5 Datensätze und 2 frühere Fassungen" in superuser_client.get(URL).text
    assert not Message.objects.filter(email="erika@example.org").exists()
    assert not MessageReply.objects.filter(text="Antwort an Erika Muster").exists()
    assert not FoundingInterest.objects.filter(email="erika@example.org").exists()
    assert not Registration.objects.filter(email="erika@example.org").exists()
    assert not Registration.history.filter(email="erika@example.org").exists()
    assert not Registration.history.filter(name="Erika Muster").exists()
    assert Registration.history.filter(name="Max Muster").count() == 2
    assert not Suggestion.objects.filter(submitter_email="erika@example.org").exists()
    # The other person's records, the anonymous inquiries and the places stay.
    assert Message.objects.filter(email="max@example.org").count() == 1
    assert MessageReply.objects.filter(text="Antwort an Max Muster").count() == 1
    assert Registration.objects.filter(email="max@example.org").count() == 1
    assert Registration.objects.count() == 2 and Suggestion.objects.count() == 2
    assert Inquiry.objects.count() == 4
    (entry,) = PrivacyRequest.objects.all()
    assert entry.kind == "erasure" and entry.counts["messages"] == 1
    assert "erika" not in str(PrivacyRequest.objects.values().get()).lower()


def test_a_message_left_with_a_phone_number_only_is_found_by_the_number_alone(superuser_client):
    make_message()
    response = superuser_client.post(URL, {"phone": "+49 (0) 231 123456", "action": "export"})
    (message,) = json.loads(response.content)["messages"]
    assert message["phone"] == PHONE and "Multiple Sklerose" in message["text"]
    response = superuser_client.post(URL, {"email": "erika@example.org", "action": "export"})
    assert json.loads(response.content)["messages"] == []


def test_a_group_keeps_what_is_not_the_persons_and_falls_back_to_its_contact_point(
    superuser_client,
):
    """Its office phone stays, its email that is the person's goes; without a public email
    the group is reached through its contact point. An earlier contact person stays in the
    versions before."""
    kept = GroupFactory(contact_mode=Group.ContactMode.DIRECT, public_email=EMAIL,
                        public_phone="02306 99999", contact_person="Max Muster",
                        contact_person_email="max@example.org")  # fmt: skip
    kept.contact_person, kept.contact_person_email = "Erika Muster", EMAIL
    kept.save()
    only_contact = GroupFactory(contact_mode=Group.ContactMode.DIRECT, public_email=EMAIL)
    elsewhere = GroupFactory(contact_person="Max Muster", contact_person_email="max@example.org")
    superuser_client.post(URL, {"email": EMAIL, "action": "erase", "confirmed": "True"})
    kept.refresh_from_db()
    only_contact.refresh_from_db()
    assert (kept.public_email, kept.public_phone, kept.contact_person) == ("", "02306 99999", "")
    assert kept.contact_mode == Group.ContactMode.DIRECT and kept.reached_directly
    assert only_contact.contact_mode == Group.ContactMode.VIA_CONTACT_POINT
    assert kept.history.filter(contact_person="Max Muster").count() == 1  # the earlier one
    latest = kept.history.latest()
    assert latest.history_change_reason == "Personenbezogene Daten gelöscht (Art. 17 DSGVO)"
    assert latest.history_user.is_superuser and latest.contact_person == ""
    assert Group.objects.get(pk=elsewhere.pk).contact_person == "Max Muster"


def test_erasure_removes_a_registrations_name_from_the_admin_log_and_its_unsent_emails(
    superuser_client,
):
    registration = RegistrationFactory(name="Erika Muster", email=EMAIL)
    events.queue_email(registration, RegistrationEmail.Kind.CONFIRMED)
    LogEntry.objects.create(
        user=UserFactory(), content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(registration.pk), object_repr=str(registration), action_flag=ADDITION,
    )  # fmt: skip
    superuser_client.post(URL, {"email": EMAIL, "action": "erase", "confirmed": "True"})
    assert "Erika" not in LogEntry.objects.get().object_repr
    assert LogEntry.objects.get().object_repr == f"Anmeldung #{registration.pk}"
    assert not RegistrationEmail.objects.exists()


def test_nothing_found_offers_no_erasure(superuser_client):
    step = superuser_client.post(URL, {"email": "niemand@example.org", "action": "erase"})
    assert "Über diese Person ist nichts gespeichert" in step.text
    assert "Jetzt löschen" not in step.text


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"email": "erika@"}, "email", "gültige E-Mail-Adresse"),
        ({"phone": "12 34"}, "phone", "Vorwahl"),
        ({"phone": "ruf an"}, "phone", "Vorwahl"),
        ({}, "__all__", "ihre Telefonnummer oder beides"),
    ],
)
def test_what_identifies_the_person_is_explained(superuser_client, people, data, field, text):
    response = superuser_client.post(URL, data | {"action": "erase"})
    assert response.status_code == 200 and text in response.text
    assert field in response.context["form"].errors
    assert Message.objects.count() == 2 and not PrivacyRequest.objects.exists()


@pytest.mark.parametrize("role", ["editor", "coordinator"])
def test_only_superusers_reach_the_page(client, people, role):
    staff_client(client, people, role=role)
    response = client.post(URL, {"email": "erika@example.org", "action": "export"})
    assert response.status_code == 403
    assert client.get(reverse("admin:index")).status_code == 200  # yet they are staff
    assert not PrivacyRequest.objects.exists()
