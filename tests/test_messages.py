"""Confidential messages from group and contact point pages: where each kind goes, the
anonymous inquiry stored with it, the emails after commit and their retry, spam checks that
spare autofill, and the staff inbox with its scope, replies and closing."""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contactpoints import messages
from contactpoints.models import Inquiry, Membership, Message, MessageEmail, MessageReply
from groups.models import Group
from tests.factories import (
    ContactPointFactory,
    GroupFactory,
    SiteFactory,
    TopicFactory,
    admin_form_data,
    admin_url,
    shown_seconds_ago,
    staff_client,
)

pytestmark = pytest.mark.django_db
FAILING_MAIL = {"default": {"BACKEND": "tests.mailers.UnreachableServerBackend"}}
WORKING_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TEXT = "Ich suche seit Monaten eine Gruppe und traue mich nicht anzurufen."


def form_data(**changes):
    data = {"name": "Erika", "answer_by": "email", "email": "erika@example.org", "phone": "",
            "call_time": "", "text": TEXT, "consent": "on", "homepage": "",
            "rendered_at": shown_seconds_ago(20)}  # fmt: skip
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def kiss():
    contact_point = ContactPointFactory(name="K.I.S.S. Kreis Unna", short_name="K.I.S.S.",
                                        email="kiss@kreis-unna.example")  # fmt: skip
    SiteFactory(contact_point=contact_point, phone="02306 123456")
    return contact_point


@pytest.fixture
def protected_group(kiss):
    group = GroupFactory(name="Angehörige Demenz Lünen", contact_point=kiss,
                         contact_mode=Group.ContactMode.VIA_CONTACT_POINT,
                         public_email="geheim@example.org")  # fmt: skip
    group.topics.add(TopicFactory(name="Demenz"))
    return group


@pytest.fixture
def direct_group(kiss):
    return GroupFactory(name="Trauercafé Unna", contact_point=kiss,
                        contact_mode=Group.ContactMode.DIRECT,
                        public_email="trauercafe@example.org")  # fmt: skip


def send(client, url, **changes):
    return client.post(url, form_data(**changes))


def group_url(group):
    return reverse("contactpoints:group_message", args=[group.slug])


def test_a_message_about_a_protected_group_reaches_its_contact_point_without_its_text(
    client, protected_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = send(client, group_url(protected_group))
    assert response.status_code == 302 and callbacks
    message = Message.objects.get()
    assert (message.route, message.contact_point, message.group) == (
        "contact_point", protected_group.contact_point, protected_group)  # fmt: skip
    assert message.status == Message.Status.NEW and message.text == TEXT
    staff_first = sorted(mail.outbox, key=lambda email: email.to != ["kiss@kreis-unna.example"])
    to_staff, to_sender = staff_first
    assert to_staff.to == ["kiss@kreis-unna.example"]
    assert TEXT not in to_staff.body and "erika@example.org" not in to_staff.body
    assert reverse("admin:contactpoints_message_change", args=[message.pk]) in to_staff.body
    # The group's own address (it wants to be reached only through the contact point) is
    # never used.
    assert all("geheim@example.org" not in email.to for email in mail.outbox)
    assert to_sender.to == ["erika@example.org"] and TEXT not in to_sender.body
    assert "K.I.S.S. Kreis Unna" in to_sender.body


def test_a_message_to_a_group_with_direct_contact_is_relayed_with_the_reply_address(
    client, direct_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, group_url(direct_group))
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.route == "group" and message.status == Message.Status.CLOSED
    relayed = next(email for email in mail.outbox if email.to == ["trauercafe@example.org"])
    assert TEXT in relayed.body and relayed.reply_to == ["erika@example.org"]
    confirmation = next(email for email in mail.outbox if email.to == ["erika@example.org"])
    assert TEXT not in confirmation.body and "trauercafe@example.org" not in confirmation.body
    # The sent page names the group but shows neither its address nor the message.
    sent_page = client.get(response.url)
    assert "Trauercafé Unna" in sent_page.text
    assert "trauercafe@example.org" not in sent_page.text and TEXT not in sent_page.text


def test_a_phone_answer_to_a_relayed_message_has_no_reply_to_and_no_confirmation(
    client, direct_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, group_url(direct_group), answer_by="phone", email="",
             phone="0231 4711", call_time="abends")  # fmt: skip
    (relayed,) = mail.outbox
    assert relayed.to == ["trauercafe@example.org"] and relayed.reply_to == []
    assert "0231 4711" in relayed.body and "abends" in relayed.body


def test_a_group_with_direct_contact_but_no_email_gets_its_messages_through_the_contact_point(
    client, kiss, django_capture_on_commit_callbacks
):
    group = GroupFactory(contact_point=kiss, contact_mode=Group.ContactMode.DIRECT,
                         public_email="", public_phone="02303 555")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        send(client, group_url(group))
    assert Message.objects.get().route == "contact_point"
    assert {tuple(email.to) for email in mail.outbox} == {
        ("kiss@kreis-unna.example",), ("erika@example.org",)}  # fmt: skip


def test_a_message_from_the_contact_point_page_goes_to_its_staff(client, kiss):
    page = client.get(kiss.get_absolute_url())
    url = reverse("contactpoints:message", args=[kiss.slug])
    assert f'action="{url}"' in page.text  # the form sits on the page
    assert send(client, url).status_code == 302
    message = Message.objects.get()
    assert message.group is None and message.contact_point == kiss
    assert message.route == "contact_point"


def test_the_group_page_shows_the_form_and_the_nearest_site_with_todays_hours(
    client, protected_group
):
    page = client.get(protected_group.get_absolute_url())
    assert f'action="{group_url(protected_group)}"' in page.text
    assert 'href="tel:+492306123456"' in page.text
    # Without structured hours no "Heute" line; with them, today's span.
    assert "hours-today" not in page.text
    site = protected_group.contact_point.sites.get()
    site.hours.create(weekday=timezone.localdate().weekday(), opens=datetime.time(9),
                      closes=datetime.time(12))  # fmt: skip
    page = client.get(protected_group.get_absolute_url())
    assert "09:00–12:00" in page.text.split("hours-today")[1][:200]


def test_each_message_stores_an_anonymous_web_inquiry_with_the_groups_topics(
    client, protected_group
):
    send(client, group_url(protected_group))
    inquiry = Message.objects.get().inquiry
    assert (inquiry.channel, inquiry.person, inquiry.origin, inquiry.date) == (
        "web_form", "unknown", "message", timezone.localdate())  # fmt: skip
    assert [topic.name for topic in inquiry.topics.all()] == ["Demenz"]
    assert inquiry.note == "" and inquiry.contact_point == protected_group.contact_point


def test_the_inquiry_is_rolled_back_with_a_message_that_fails_to_store(client, protected_group):
    failing = mock.patch.object(messages, "queue_email", side_effect=RuntimeError("disk full"))
    with failing, pytest.raises(RuntimeError):
        send(client, group_url(protected_group))
    assert not Message.objects.exists() and not Inquiry.objects.exists()


def test_mail_leaves_only_after_commit_and_a_failure_is_retried(
    client, protected_group, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        send(client, group_url(protected_group))
        assert mail.outbox == []  # nothing inside the transaction
    assert len(callbacks) == 2  # delivery and confirmation, queued on commit
    settings.MAILERS = FAILING_MAIL
    for callback in callbacks:
        callback()
    assert Message.objects.exists()  # a failing mail server loses nothing
    assert set(MessageEmail.objects.values_list("sent_at", "attempts")) == {(None, 1)}
    settings.MAILERS = WORKING_MAIL
    call_command("send_message_emails", stdout=io.StringIO())
    assert sorted(tuple(email.to) for email in mail.outbox) == [
        ("erika@example.org",), ("kiss@kreis-unna.example",)]  # fmt: skip
    assert not MessageEmail.objects.filter(sent_at=None).exists()
    call_command("send_message_emails", stdout=io.StringIO())
    assert len(mail.outbox) == 2  # sent once only


def test_a_quick_fill_alone_is_accepted(client, protected_group):
    response = send(client, group_url(protected_group), rendered_at=shown_seconds_ago(0.5))
    assert response.status_code == 302 and Message.objects.count() == 1


def test_a_quick_fill_with_a_link_is_refused_and_keeps_every_entry(client, protected_group):
    text = "Billige Medikamente: https://spam.example/kaufen"
    response = send(client, group_url(protected_group), text=text, call_time="morgens",
                    rendered_at=shown_seconds_ago(0.5))  # fmt: skip
    assert response.status_code == 200 and not Message.objects.exists()
    assert "erneut" in response.text  # says what to do
    form = response.context["form"]
    assert form["text"].value() == text and form["name"].value() == "Erika"
    assert form["call_time"].value() == "morgens"
    # Taking one's time with the same text is fine.
    assert send(client, group_url(protected_group), text=text).status_code == 302


def test_the_honeypot_and_the_hourly_limit_refuse_messages(client, protected_group):
    assert send(client, group_url(protected_group), homepage="x").status_code == 200
    for _ in range(messages_limit()):
        assert send(client, group_url(protected_group)).status_code == 302
    response = send(client, group_url(protected_group))
    assert response.status_code == 200 and "Stunde" in response.text
    assert Message.objects.count() == messages_limit()


def messages_limit():
    from contactpoints.views import MessageView

    return MessageView.HOURLY_LIMIT


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": ""}, "email"),
        ({"answer_by": "phone", "phone": ""}, "phone"),
        ({"phone": "ruf mich an", "answer_by": "phone"}, "phone"),
        ({"consent": None}, "consent"),
        ({"text": ""}, "text"),
        ({"text": "x" * 4001}, "text"),
        ({"name": "   "}, "name"),
        ({"answer_by": "brief"}, "answer_by"),
        ({"text": "Hallo\x00"}, "text"),
    ],
)
def test_bad_input_is_explained_at_its_field_and_nothing_is_stored(
    client, protected_group, changes, field
):
    response = send(client, group_url(protected_group), **changes)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Message.objects.exists() and not Inquiry.objects.exists()


def test_a_group_that_is_not_public_cannot_be_written_to(client, protected_group):
    Group.objects.filter(pk=protected_group.pk).update(is_listed=False)
    assert send(client, group_url(protected_group)).status_code == 404


# The staff inbox


@pytest.fixture
def inbox(protected_group):
    """A message to K.I.S.S., one to another contact point, and K.I.S.S.'s coordinator."""
    kiss = protected_group.contact_point
    lakos = ContactPointFactory(name="Dachverband")
    kiss.parent = lakos
    kiss.save()
    other = ContactPointFactory(name="SEKIS")
    own = stored_message(kiss, protected_group)
    foreign = stored_message(other)
    return {"kiss": kiss, "lakos": lakos, "other": other, "own": own, "foreign": foreign}


def stored_message(contact_point, group=None, **fields):
    defaults = {"name": "Erika", "answer_by": "email", "email": "erika@example.org",
                "text": TEXT, "consent_given_at": timezone.now()}  # fmt: skip
    return messages.submit_message(
        Message(contact_point=contact_point, group=group, route=messages.route_for(group),
                **(defaults | fields))
    )  # fmt: skip


def test_staff_see_the_messages_of_their_contact_point_only_on_every_admin_path(client, inbox):
    staff_client(client, inbox["kiss"])
    changelist = client.get(reverse("admin:contactpoints_message_changelist"))
    assert list(changelist.context["cl"].queryset) == [inbox["own"]]
    for view in ("change", "history", "delete"):
        assert client.get(admin_url(inbox["own"], view)).status_code in (200, 403)
        assert client.get(admin_url(inbox["foreign"], view)).status_code in (403, 404)
    assert client.get(admin_url(inbox["own"])).status_code == 200
    assert client.get(admin_url(inbox["foreign"])).status_code == 404
    assert client.get(admin_url(inbox["foreign"], "history")).status_code == 404
    # Posting to another contact point's message changes nothing.
    client.post(admin_url(inbox["foreign"]), {"status": "closed"})
    inbox["foreign"].refresh_from_db()
    assert inbox["foreign"].status == Message.Status.NEW
    # Bulk actions work on the scoped list only.
    client.post(reverse("admin:contactpoints_message_changelist"),
                {"action": "delete_selected", "_selected_action": [inbox["foreign"].pk],
                 "post": "yes"})  # fmt: skip
    assert Message.objects.filter(pk=inbox["foreign"].pk).exists()


def test_a_coordinator_sees_the_messages_of_the_contact_points_below(client, inbox):
    staff_client(client, inbox["lakos"], role=Membership.Role.COORDINATOR)
    changelist = client.get(reverse("admin:contactpoints_message_changelist"))
    assert list(changelist.context["cl"].queryset) == [inbox["own"]]
    assert client.get(admin_url(inbox["own"])).status_code == 200


def test_a_member_of_another_contact_point_cannot_be_assigned(client, inbox):
    staff_client(client, inbox["kiss"])
    me = client.get(admin_url(inbox["own"])).context["user"]
    outsider = staff_client(type(client)(), inbox["other"]).get(
        reverse("admin:index")).context["user"]  # fmt: skip
    choices = client.get(admin_url(inbox["own"])).context["adminform"].form.fields["assigned_to"]
    assert me in choices.queryset and outsider not in choices.queryset
    data = admin_form_data(client, admin_url(inbox["own"]), assigned_to=outsider.pk)
    assert client.post(admin_url(inbox["own"]), data).status_code == 200  # refused
    inbox["own"].refresh_from_db()
    assert inbox["own"].assigned_to is None


def test_staff_answer_by_email_from_the_admin_and_the_reply_is_kept(
    client, inbox, django_capture_on_commit_callbacks
):
    staff_client(client, inbox["kiss"])
    url = admin_url(inbox["own"])
    mail.outbox.clear()
    data = admin_form_data(client, url, status="in_progress", _send_reply="1",
                           reply="Liebe Erika, die Gruppe trifft sich dienstags.")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]  # back to the message
    assert "Ihre Antwort wird per E-Mail an erika@example.org gesendet." in response.text
    message = Message.objects.get(pk=inbox["own"].pk)
    assert message.status == Message.Status.ANSWERED
    reply = MessageReply.objects.get()
    assert reply.message == message and reply.sent_by.is_staff
    (email,) = mail.outbox
    assert email.to == ["erika@example.org"] and "dienstags" in email.body
    assert email.reply_to == ["kiss@kreis-unna.example"]
    assert "dienstags" in client.get(url).text  # shown with the message


def test_the_button_under_the_reply_is_named_antwort_senden_and_says_where_it_sends(
    client, inbox, direct_group
):
    staff_client(client, inbox["kiss"])
    page = client.get(admin_url(inbox["own"])).text
    assert 'name="_send_reply" value="1" class="button default"' in page
    assert ">Antwort senden</button>" in page
    assert "sendet die E-Mail an erika@example.org" in page
    relayed = stored_message(direct_group.contact_point, direct_group)
    staff_client(client, direct_group.contact_point)
    assert "Antwort senden" not in client.get(admin_url(relayed)).text


def test_save_neither_sends_nor_drops_a_typed_reply(client, inbox):
    staff_client(client, inbox["kiss"])
    url = admin_url(inbox["own"])
    mail.outbox.clear()
    data = admin_form_data(client, url, status="in_progress", reply="Liebe Erika, …")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Noch nicht gesendet: Klicken Sie auf „Antwort senden“" in response.text
    assert "Liebe Erika, …" in response.text  # still there to send
    assert not MessageReply.objects.exists() and not mail.outbox
    inbox["own"].refresh_from_db()
    assert inbox["own"].status == Message.Status.NEW  # nothing saved
    response = client.post(url, {**data, "reply": "", "_send_reply": "1"})
    assert "Schreiben Sie zuerst eine Antwort." in response.text
    assert client.post(url, {**data, "reply": ""}).status_code == 302  # handling only
    assert not MessageReply.objects.exists()


def test_closing_a_message_records_who_asked_and_the_outcome_on_its_inquiry(client, inbox):
    staff_client(client, inbox["kiss"])
    url = admin_url(inbox["own"])
    data = admin_form_data(client, url, status="closed", person="relative", outcomes=["group"])
    assert client.post(url, data).status_code == 302
    message = Message.objects.select_related("inquiry").get(pk=inbox["own"].pk)
    assert message.closed_at is not None
    assert (message.inquiry.person, message.inquiry.outcomes) == ("relative", ["group"])


def test_the_start_page_shows_unanswered_messages_and_their_age(client, inbox):
    Message.objects.filter(pk=inbox["own"].pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3))  # fmt: skip
    staff_client(client, inbox["kiss"])
    page = client.get(reverse("admin:index")).text
    assert "1 unbeantwortete Nachricht" in page and "3\xa0Tage" in page
    Message.objects.filter(pk=inbox["own"].pk).update(status=Message.Status.ANSWERED)
    assert "unbeantwortete" not in client.get(reverse("admin:index")).text


def test_closed_messages_are_deleted_after_the_retention_time_and_their_inquiry_stays(
    inbox, settings
):
    settings.MESSAGE_RETENTION_DAYS = 180
    own, now = inbox["own"], timezone.now()
    Message.objects.filter(pk=own.pk).update(
        status=Message.Status.CLOSED, closed_at=now - datetime.timedelta(days=179)
    )
    Message.objects.filter(pk=inbox["foreign"].pk).update(
        status=Message.Status.CLOSED, closed_at=now - datetime.timedelta(days=181)
    )
    out = io.StringIO()
    call_command("delete_expired_messages", stdout=out)
    assert "1 messages" in out.getvalue()
    assert list(Message.objects.all()) == [own]
    assert Inquiry.objects.count() == 2  # both inquiries stay
    assert not MessageEmail.objects.filter(message=inbox["foreign"].pk).exists()


def test_staff_cannot_answer_a_message_relayed_to_a_group_in_its_place(client, direct_group):
    relayed = stored_message(direct_group.contact_point, direct_group)
    assert relayed.route == "group" and relayed.status == Message.Status.CLOSED
    staff_client(client, direct_group.contact_point)
    url = admin_url(relayed)
    data = admin_form_data(client, url, reply="Wir antworten statt der Gruppe.")
    client.post(url, data)
    assert not MessageReply.objects.exists()
    page = client.get(url).text
    assert 'name="reply"' not in page and "Noch nicht an die Gruppe zugestellt" in page


# A relayed message is the group's: kept only until it is out


def assert_forgotten(message, client, staff_url):
    message.refresh_from_db()
    assert (message.text, message.name, message.email, message.phone, message.call_time) == (
        "", "", "", "", "")  # fmt: skip
    assert message.relayed_at is not None and message.inquiry is not None
    assert (message.status, message.group.name) == (Message.Status.CLOSED, "Trauercafé Unna")
    page = client.get(staff_url).text
    assert TEXT not in page and "erika@example.org" not in page
    assert "der Inhalt ist hier gelöscht" in page


def test_a_relayed_message_keeps_neither_text_nor_sender_once_delivered(
    client, direct_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, group_url(direct_group), phone="0231 4711", call_time="abends")
    relayed = next(email for email in mail.outbox if email.to == ["trauercafe@example.org"])
    assert TEXT in relayed.body and "0231 4711" in relayed.body  # sent from the stored row
    assert any(email.to == ["erika@example.org"] for email in mail.outbox)  # and confirmed
    message = Message.objects.get()
    assert not message.emails.filter(sent_at=None).exists()
    assert "Bestätigung" in client.get(response.url).text  # the sent page still says so
    staff = staff_client(type(client)(), direct_group.contact_point)
    assert_forgotten(message, staff, admin_url(message))
    changelist = staff.get(reverse("admin:contactpoints_message_changelist")).text
    assert "Erika" not in changelist and "Trauercafé Unna" in changelist
    assert Inquiry.objects.get().topics.count() == direct_group.topics.count()


def test_a_relay_that_failed_keeps_the_message_for_the_retry_yet_hides_it_from_staff(
    client, direct_group, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        send(client, group_url(direct_group))
    delivery, confirmation = callbacks  # queued in this order
    settings.MAILERS = FAILING_MAIL
    delivery()
    settings.MAILERS = WORKING_MAIL
    confirmation()
    message = Message.objects.get()
    assert (message.text, message.name, message.email) == (TEXT, "Erika", "erika@example.org")
    assert message.relayed_at is None
    staff = staff_client(type(client)(), direct_group.contact_point)
    page = staff.get(admin_url(message)).text
    assert TEXT not in page and "erika@example.org" not in page
    assert "Noch nicht an die Gruppe zugestellt" in page
    search = reverse("admin:contactpoints_message_changelist") + "?q=erika"
    assert list(staff.get(search).context["cl"].queryset) == []
    call_command("send_message_emails", stdout=io.StringIO())
    relayed = next(email for email in mail.outbox if email.to == ["trauercafe@example.org"])
    assert TEXT in relayed.body and relayed.reply_to == ["erika@example.org"]
    assert_forgotten(message, staff, admin_url(message))


def test_the_senders_address_stays_until_the_confirmation_is_out_too(
    client, direct_group, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        send(client, group_url(direct_group))
    delivery, confirmation = callbacks
    delivery()
    settings.MAILERS = FAILING_MAIL
    confirmation()
    message = Message.objects.get()
    assert (message.text, message.name, message.email) == ("", "", "erika@example.org")
    settings.MAILERS = WORKING_MAIL
    call_command("send_message_emails", stdout=io.StringIO())
    (confirmed,) = [email for email in mail.outbox if email.to == ["erika@example.org"]]
    assert confirmed.body.startswith("Guten Tag,")
    message.refresh_from_db()
    assert (message.name, message.email) == ("", "")


def test_a_message_to_the_contact_point_is_kept_after_its_emails_are_out(
    client, protected_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, group_url(protected_group))
    message = Message.objects.get()
    assert (message.text, message.email, message.relayed_at) == (TEXT, "erika@example.org", None)


def test_the_confirmation_to_the_sender_carries_nothing_typed_into_the_form(
    client, direct_group, django_capture_on_commit_callbacks
):
    bait = "Sie haben gewonnen! https://evil.example/1"
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, group_url(direct_group), name=bait, email="opfer@example.org")
    assert response.status_code == 302
    confirmation = next(email for email in mail.outbox if email.to == ["opfer@example.org"])
    assert confirmation.body.startswith("Guten Tag,\n")
    assert "gewonnen" not in confirmation.body and "evil.example" not in confirmation.body
