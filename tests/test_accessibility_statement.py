"""The accessibility statement and the page in Leichte Sprache, linked from every page; the
statement's compliance follows from the known gaps, and it names the project's checks; a
barrier reported there is stored and reaches the operator by email, bad input loses nothing."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from selbsthilfe.accessibility import known_gaps
from selbsthilfe.models import AccessibilityFeedback, LegalInformation, SignLanguageVideo
from tests.factories import ContactPointFactory, shown_seconds_ago, staff_client
from tests.test_legal_pages import OPERATOR, text_of

pytestmark = pytest.mark.django_db


def report(**changes):
    data = {"page": "/gruppen/", "text": "Die Filter lassen sich mit dem Screenreader nicht "
            "öffnen.", "name": "", "email": "erika@example.org", "homepage": "",
            "rendered_at": shown_seconds_ago(20)}  # fmt: skip
    return data | changes


def test_every_page_links_the_statement_and_the_easy_read_page(client):
    home = client.get(reverse("home")).text
    assert f'href="{reverse("accessibility")}"' in home
    assert f'href="{reverse("easy_read")}"' in home
    statement = text_of(client.get(reverse("accessibility")))
    assert "Erklärung zur Barrierefreiheit" in statement and "BITV 2.0" in statement
    assert "Schlichtungsstelle" in statement and "Barriere melden" in statement
    easy = text_of(client.get(reverse("easy_read")))
    for heading in ("Was ist eine Selbsthilfe-Gruppe?", "Wie finde ich eine Gruppe?",
                    "Wie hilft die Kontakt-Stelle?"):  # fmt: skip
        assert heading in easy


def test_a_reported_barrier_is_stored_and_reaches_the_operator(
    client, django_capture_on_commit_callbacks
):
    LegalInformation.objects.create(**OPERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accessibility"), report())
    assert response.status_code == 302
    assert "Vielen Dank" in client.get(response.url).text
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.page == "/gruppen/" and feedback.sent_at is not None
    (notice,) = mail.outbox
    assert notice.to == ["wegweiser@example.org"] and notice.reply_to == ["erika@example.org"]
    assert "Screenreader" in notice.body


def test_without_the_operators_address_the_report_waits_for_the_retry(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("accessibility"), report()).status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.sent_at is None and "email address" in feedback.last_error
    assert not mail.outbox
    LegalInformation.objects.create(**OPERATOR)
    call_command("send_message_emails", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert AccessibilityFeedback.objects.get().sent_at is not None


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"text": ""}, "text"), ({"email": "keine-adresse"}, "email"),
     ({"text": "Barriere\x00"}, "text")],
)  # fmt: skip
def test_bad_input_is_explained_at_the_field_and_nothing_is_stored(client, changes, field):
    response = client.post(reverse("accessibility"), report(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'value="/gruppen/"' in response.text  # the entries are kept
    assert not AccessibilityFeedback.objects.exists()


def test_only_the_operator_reads_the_reports_and_they_are_deleted_in_time(
    client, superuser_client
):
    feedback = AccessibilityFeedback.objects.create(text="Kontrast zu schwach", sender_key="x")
    url = reverse("admin:selbsthilfe_accessibilityfeedback_changelist")
    assert "Kontrast zu schwach" in superuser_client.get(url).text
    assert staff_client(client, ContactPointFactory()).get(url).status_code == 403
    AccessibilityFeedback.objects.filter(pk=feedback.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=181)
    )
    AccessibilityFeedback.objects.create(text="Neu", sender_key="y")
    call_command("delete_expired_messages", stdout=io.StringIO())
    assert list(AccessibilityFeedback.objects.values_list("text", flat=True)) == ["Neu"]


def test_the_statement_claims_only_partial_compliance_and_names_checks_and_gaps(client):
    statement = text_of(client.get(reverse("accessibility"), HTTP_ACCEPT_LANGUAGE="de"))
    assert "mit der BITV 2.0 (WCAG 2.1, Stufe AA) teilweise vereinbar" in statement
    assert "Die öffentlichen Seiten sind mit der BITV 2.0 vereinbar" not in statement
    for check in ("axe-core", "IBM Equal Access", "aria_form_label_unique", "Nu HTML Checker",
                  "Kontrast von mindestens 3:1"):  # fmt: skip
        assert check in statement, check
    for gap in known_gaps():
        assert " ".join(gap.split()) in statement, gap


def test_a_published_sign_language_video_closes_its_gap(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert any("Gebärdensprache" in gap for gap in known_gaps())
    SignLanguageVideo.objects.create(
        video=SimpleUploadedFile("v.mp4", b"\x00\x00\x00\x18ftypmp42"),
        captions=SimpleUploadedFile("v.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n"),
        description="Was der Wegweiser bietet.",
        published=True,
    )
    assert not any("Gebärdensprache" in gap for gap in known_gaps())


def test_without_known_gaps_the_statement_says_compatible(client, monkeypatch):
    monkeypatch.setattr("selbsthilfe.views.known_gaps", list)
    statement = text_of(client.get(reverse("accessibility"), HTTP_ACCEPT_LANGUAGE="de"))
    assert "mit der BITV 2.0 (WCAG 2.1, Stufe AA) vereinbar" in statement
    assert "teilweise" not in statement and "Noch nicht barrierefrei" not in statement
