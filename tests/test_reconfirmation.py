"""The yearly re-confirmation: an email with a personal link to confirm or correct."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from groups.models import Group, ReconfirmationRequest, Suggestion
from groups.services import groups_due_for_reconfirmation
from selbsthilfe.dates import months_before
from tests.factories import GroupFactory, shown_seconds_ago

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def due_group(german_places):
    return GroupFactory(
        name="Tinnitus-Gruppe Unna",
        contact_person_email="kontakt@tinnitus.example",
        last_verified_on=datetime.date(2025, 12, 20),  # 11 months and 4 days ago
    )


def sent_link(mail) -> str:
    return re.search(r"http://\S+/eintrag-pruefen/\S+/", mail.body).group(0)


def test_months_before_keeps_the_day_where_the_month_has_it():
    assert months_before(TODAY, 11) == datetime.date(2025, 12, 24)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_only_groups_with_an_email_not_verified_for_11_months_are_due(due_group):
    GroupFactory(contact_person_email="a@example.org", last_verified_on=datetime.date(2026, 1, 2))
    GroupFactory(contact_person_email="", public_email="", last_verified_on=None)
    GroupFactory(public_email="b@example.org", last_verified_on=None)  # never verified: due
    GroupFactory(contact_person_email="c@example.org", status=Group.Status.ENDED,
                 ended_on=datetime.date(2026, 1, 1))  # fmt: skip
    due = groups_due_for_reconfirmation(TODAY)
    assert sorted(group.name for group in due) == sorted(
        [due_group.name, Group.objects.get(public_email="b@example.org").name]
    )


def test_command_sends_one_request_then_one_reminder_after_four_weeks(
    due_group, mailoutbox, monkeypatch
):
    call_command("send_reconfirmation_requests")
    assert [mail.to for mail in mailoutbox] == [["kontakt@tinnitus.example"]]
    assert "Tinnitus-Gruppe Unna" in mailoutbox[0].subject
    token = sent_link(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert not ReconfirmationRequest.objects.filter(token_hash=token).exists()  # only a hash

    call_command("send_reconfirmation_requests")  # the timer runs daily
    assert len(mailoutbox) == 1
    four_weeks_later = timezone.now() + datetime.timedelta(days=28)
    monkeypatch.setattr(timezone, "now", lambda: four_weeks_later)
    call_command("send_reconfirmation_requests")
    assert len(mailoutbox) == 2
    eight_weeks_later = timezone.now() + datetime.timedelta(days=28)
    monkeypatch.setattr(timezone, "now", lambda: eight_weeks_later)
    call_command("send_reconfirmation_requests")
    assert len(mailoutbox) == 2  # no third mail; the admin's upkeep list takes over


def test_link_confirms_the_entry_unchanged(client, due_group, mailoutbox):
    call_command("send_reconfirmation_requests")
    link = sent_link(mailoutbox[0])
    page = client.get(link)
    assert page.status_code == 200 and "Tinnitus-Gruppe Unna" in page.text
    assert "no-store" in page["Cache-Control"]
    assert client.post(link).status_code == 302
    due_group.refresh_from_db()
    assert due_group.last_verified_on == timezone.localdate()
    assert due_group.history.latest().history_change_reason == "Von der Gruppe bestätigt"
    request = ReconfirmationRequest.objects.get()
    assert request.answer == "confirmed"
    assert "Vielen Dank" in client.get(link).text
    assert not groups_due_for_reconfirmation().exists()


def test_link_proposes_corrections_as_a_pending_suggestion(client, due_group, mailoutbox):
    call_command("send_reconfirmation_requests")
    link = sent_link(mailoutbox[0]) + "korrigieren/"
    page = client.get(link)
    assert page.status_code == 200 and "kontakt@tinnitus.example" in page.text
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {
        "description": "Wir treffen uns jetzt dienstags.",
        "consent": "on",
        "rendered_at": shown_seconds_ago(30),
    }
    assert client.post(link, data).status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.group, suggestion.source) == (due_group, "reconfirmation")
    assert suggestion.status == "pending"
    assert ReconfirmationRequest.objects.get().answer == "corrected"
    due_group.refresh_from_db()
    assert due_group.description != "Wir treffen uns jetzt dienstags."  # not before review


def test_unknown_or_expired_links_explain_themselves(client, due_group, mailoutbox):
    assert client.get(reverse("groups:reconfirm", args=["erfunden"])).status_code == 404
    call_command("send_reconfirmation_requests")
    ReconfirmationRequest.objects.update(sent_at=timezone.now() - datetime.timedelta(days=61))
    response = client.get(sent_link(mailoutbox[0]))
    assert response.status_code == 404 and "nicht mehr gültig" in response.text
    assert client.post(sent_link(mailoutbox[0])).status_code == 404
    due_group.refresh_from_db()
    assert due_group.last_verified_on == datetime.date(2025, 12, 20)


def test_a_request_whose_mail_fails_is_not_stored_and_is_due_again(due_group, settings):
    from groups.services import send_due_reconfirmation_requests

    settings.MAILERS = {"default": {"BACKEND": "tests.mailers.UnreachableServerBackend"}}
    run = send_due_reconfirmation_requests(TODAY)
    assert (run.sent, run.failed) == (0, 1)
    assert not ReconfirmationRequest.objects.exists()
    assert due_group in groups_due_for_reconfirmation(TODAY)
