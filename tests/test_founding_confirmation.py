"""After a founding interest: the thanks page names the contact point that has it and how and
when it answers, with nothing personal in its address; a confirmation email goes to the
person without what they entered, is retried when the mail server fails, and goes with the
interest."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from groups.founding import delete_expired_interests
from groups.models import FoundingInterest, FoundingInterestEmail, Group
from tests.factories import (
    ContactPointFactory,
    GroupFactory,
    SiteFactory,
    TopicFactory,
    shown_seconds_ago,
)

pytestmark = pytest.mark.django_db
FAILING_MAIL = {"default": {"BACKEND": "tests.mailers.UnreachableServerBackend"}}
WORKING_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def kiss(german_places):
    contact_point = ContactPointFactory(name="K.I.S.S. Kreis Unna",
                                        email="kiss@kreis-unna.example")  # fmt: skip
    SiteFactory(contact_point=contact_point, phone="0 23 06 / 100-610")  # in Lünen
    TopicFactory(name="Trauer")
    return contact_point


@pytest.fixture
def founding_group(kiss):
    return GroupFactory(name="Junge Angehörige Lünen", contact_point=kiss,
                        status=Group.Status.FOUNDING)  # fmt: skip


def co_found(client, language="de", **changes):
    values = {"topic_text": "Trauer", "place_text": "Lünen", "name": "Anna Beispiel",
              "email": "anna@example.org", "phone": "", "consent": "on", "homepage": "",
              "rendered_at": shown_seconds_ago(1)} | changes  # fmt: skip
    return client.post(reverse("groups:co_found"), values, HTTP_ACCEPT_LANGUAGE=language)


def join(client, group, **changes):
    values = {"name": "Anna Beispiel", "email": "anna@example.org", "phone": "",
              "consent": "on", "homepage": "", "rendered_at": shown_seconds_ago(1)}  # fmt: skip
    values |= changes
    return client.post(reverse("groups:join_founding", args=[group.slug]), values)


def thanks(client, response, language="de") -> str:
    assert response.status_code == 302
    return client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language).text


def test_the_thanks_page_names_the_contact_point_and_when_and_how_it_answers(client, kiss):
    page = thanks(client, co_found(client))
    assert "Ihr Interesse ist bei dieser Selbsthilfe-Kontaktstelle angekommen:" in page
    assert f'<a href="{kiss.get_absolute_url()}">K.I.S.S. Kreis Unna</a>' in page
    assert "sobald es Neuigkeiten gibt" in page
    assert "Die Kontaktstelle antwortet Ihnen per E-Mail" in page
    assert "Wir haben Ihnen eine Bestätigung per E-Mail geschickt" in page
    assert 'href="tel:+492306100610"' in page and "kiss@kreis-unna.example" in page
    deleted_on = timezone.localdate(FoundingInterest.objects.get().expires_at)
    assert f"spätestens am {deleted_on.day}." in page


def test_joining_by_phone_only_is_answered_by_a_call_and_gets_no_email(client, founding_group):
    page = thanks(client, join(client, founding_group, email="", phone="0171/1234567"))
    assert "mit der Gruppe „Junge Angehörige Lünen“ in Kontakt" in page
    assert "innerhalb weniger Werktage" in page
    assert "Die Kontaktstelle ruft Sie unter der Nummer an" in page
    assert "Bestätigung" not in page
    assert not FoundingInterestEmail.objects.exists() and mail.outbox == []


def test_with_email_and_phone_the_contact_point_chooses(client, kiss):
    page = thanks(client, co_found(client, phone="0231 12345"))
    assert "per E-Mail oder telefonisch" in page


def test_the_thanks_page_in_english(client, kiss):
    page = thanks(client, co_found(client, language="en"), language="en")
    assert "Your interest has reached this self-help contact point:" in page
    assert "The contact point answers you by email" in page


def test_the_thanks_address_holds_nothing_the_person_entered(client, kiss):
    location = co_found(client, phone="0231 12345")["Location"]
    for entered in ["Anna", "anna", "example.org", "Trauer", "L%C3%BCnen", "Lünen", "12345"]:
        assert entered not in location
    (token,) = parse_qs(urlsplit(location).query)["i"]
    assert signing.loads(token, salt="groups.interest-thanks") == FoundingInterest.objects.get().pk


@pytest.mark.parametrize("token", ["", "erfunden", "signed for another purpose"])
def test_without_a_valid_link_the_page_thanks_without_naming_anyone(client, kiss, token):
    co_found(client)
    if token == "signed for another purpose":
        token = signing.dumps(FoundingInterest.objects.get().pk, salt="anderes")
    page = client.get(reverse("groups:interest_thanks"), {"i": token})
    assert page.status_code == 200
    assert "Ihr Interesse ist bei dieser" not in page.text
    assert f'href="{kiss.get_absolute_url()}"' not in page.text
    assert "hat es erhalten und meldet sich bei Ihnen" in page.text


def test_the_confirmation_names_the_contact_point_but_nothing_entered(
    client, kiss, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        co_found(client, phone="0231 12345", topic_text="Trauer nach Suizid")
    (email,) = [each for each in mail.outbox if each.to == ["anna@example.org"]]
    assert email.subject == "Ihr Interesse ist angekommen"
    assert "K.I.S.S. Kreis Unna" in email.body and kiss.get_absolute_url() in email.body
    assert "0 23 06 / 100-610" in email.body and "kiss@kreis-unna.example" in email.body
    assert "per E-Mail oder telefonisch" in email.body
    for entered in ["Anna", "Suizid", "Trauer", "Lünen", "0231 12345", "anna@"]:
        assert entered not in email.body
    assert FoundingInterestEmail.objects.get().sent_at is not None


def test_the_confirmation_of_a_join_does_not_name_the_group(
    client, founding_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join(client, founding_group)
    (email,) = mail.outbox
    assert "mit der Gruppe in Kontakt" in email.body
    assert "Junge Angehörige" not in email.body


def test_the_confirmation_is_in_the_language_of_the_page(
    client, kiss, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        co_found(client, language="en")
    (email,) = [each for each in mail.outbox if each.to == ["anna@example.org"]]
    assert email.subject == "Your interest has arrived"
    assert "this self-help contact point: K.I.S.S. Kreis Unna." in email.body


def test_a_confirmation_the_mail_server_refused_is_sent_by_the_retry(
    client, kiss, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = FAILING_MAIL
    with django_capture_on_commit_callbacks(execute=True):
        assert co_found(client).status_code == 302  # the person is not bothered
    stored = FoundingInterestEmail.objects.get()
    assert stored.sent_at is None and stored.attempts == 1
    settings.MAILERS = WORKING_MAIL
    output = io.StringIO()
    call_command("send_founding_confirmations", stdout=output)
    assert "1 sent" in output.getvalue()
    assert [email.to for email in mail.outbox] == [["anna@example.org"]]
    call_command("send_founding_confirmations", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # sent once


def test_the_confirmation_goes_with_the_expired_interest(client, kiss, settings):
    co_found(client)
    FoundingInterest.objects.update(expires_at="2000-01-01T00:00Z")
    assert delete_expired_interests() == 1
    assert not FoundingInterestEmail.objects.exists()
