"""Founding interests: joining a group in founding, offering to co-found one when a search
finds nothing, the contact point's alert at the threshold (and not before), expiry, and the
figures of the annual report."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contactpoints.models import Inquiry
from contactpoints.reports import annual_report
from groups.models import FoundingAlert, FoundingInterest, Group
from tests.factories import (
    ContactPointFactory,
    GroupFactory,
    SiteFactory,
    TopicFactory,
    admin_url,
    shown_seconds_ago,
    staff_client,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiss(german_places):
    contact_point = ContactPointFactory(name="K.I.S.S. Kreis Unna",
                                        email="kiss@kreis-unna.example")  # fmt: skip
    SiteFactory(contact_point=contact_point)  # in Lünen
    return contact_point


@pytest.fixture
def founding_group(kiss):
    group = GroupFactory(name="Junge Angehörige Lünen", contact_point=kiss,
                         status=Group.Status.FOUNDING)  # fmt: skip
    group.topics.add(TopicFactory(name="Angehörige"))
    return group


def data(**changes):
    values = {"name": "Anna", "email": "anna@example.org", "phone": "", "consent": "on",
              "homepage": "", "rendered_at": shown_seconds_ago(1)}  # fmt: skip
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def to_staff(outbox):
    """The emails to the contact point (the people get their confirmations too)."""
    return [email for email in outbox if email.to == ["kiss@kreis-unna.example"]]


def co_found(client, place="Lünen", topic="Trauer", name="Anna", **changes):
    email = f"{name.lower()}@example.org"
    return client.post(
        reverse("groups:co_found"),
        data(topic_text=topic, place_text=place, name=name, email=email, **changes),
    )


def test_joining_a_group_in_founding_is_stored_for_its_contact_point_only(
    client, founding_group
):
    page = client.get(founding_group.get_absolute_url())
    join_url = reverse("groups:join_founding", args=[founding_group.slug])
    assert join_url in page.text
    response = client.post(join_url, data())  # filled in a second: autofill is fine
    assert response.status_code == 302
    interest = FoundingInterest.objects.get()
    assert (interest.kind, interest.group, interest.contact_point) == (
        "join", founding_group, founding_group.contact_point)  # fmt: skip
    inquiry = interest.inquiry
    assert (inquiry.channel, inquiry.person, inquiry.origin, inquiry.outcomes) == (
        "web_form", "unknown", "founding_interest", ["founding"])  # fmt: skip
    assert list(inquiry.referred_groups.all()) == [founding_group]
    # The page never shows who is interested, and the count only where the contact point
    # chose so.
    page = client.get(founding_group.get_absolute_url()).text
    assert "Anna" not in page and "interessiert" not in page
    founding_group.contact_point.shows_interest_count = True
    founding_group.contact_point.save()
    client.post(join_url, data(name="Ben", email="ben@example.org"))
    assert "2 Personen interessiert" in client.get(founding_group.get_absolute_url()).text


def test_only_a_group_in_founding_takes_interests(client, founding_group):
    Group.objects.filter(pk=founding_group.pk).update(status=Group.Status.ACTIVE)
    join_url = reverse("groups:join_founding", args=[founding_group.slug])
    assert client.post(join_url, data()).status_code == 404
    assert "mitmachen" not in client.get(founding_group.get_absolute_url()).text.lower()


def test_an_interest_needs_a_way_to_reach_the_person_and_keeps_the_entries(
    client, founding_group
):
    join_url = reverse("groups:join_founding", args=[founding_group.slug])
    response = client.post(join_url, data(email="", name="Anna Beispiel"))
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert response.context["form"]["name"].value() == "Anna Beispiel"
    assert not FoundingInterest.objects.exists() and not Inquiry.objects.exists()


def test_a_search_without_results_offers_to_co_found_with_topic_and_place(client, kiss):
    page = client.get(reverse("groups:list"), {"q": "Trauer", "ort": "Lünen"})
    offer = f"{reverse('groups:co_found')}?thema=Trauer&amp;ort="
    assert offer in page.text
    form = client.get(f"{reverse('groups:co_found')}?thema=Trauer&ort=44532").context["form"]
    assert (form["topic_text"].value(), form["place_text"].value()) == ("Trauer", "44532")


def test_co_founding_finds_the_topic_the_place_and_the_responsible_contact_point(client, kiss):
    topic = TopicFactory(name="Trauer")
    assert co_found(client, place="44532").status_code == 302
    interest = FoundingInterest.objects.get()
    assert (interest.kind, interest.topic, interest.contact_point) == ("found", topic, kiss)
    assert interest.has_coordinates and interest.place_text
    assert list(interest.inquiry.topics.all()) == [topic]


def test_an_unknown_place_is_explained_and_nothing_is_stored(client, kiss):
    response = co_found(client, place="Atlantis")
    assert response.status_code == 200 and "place_text" in response.context["form"].errors
    assert not FoundingInterest.objects.exists()


def test_the_contact_point_is_alerted_once_at_the_threshold_and_not_before(
    client, kiss, settings, django_capture_on_commit_callbacks
):
    settings.FOUNDING_ALERT_THRESHOLD = 3
    settings.FOUNDING_ALERT_RADIUS_KM = 25
    TopicFactory(name="Trauer")
    with django_capture_on_commit_callbacks(execute=True):
        co_found(client, place="Lünen", name="Anna")
        co_found(client, place="Unna", name="Ben")  # about 13 km away
        co_found(client, place="Mülheim an der Ruhr", name="Cem")  # 50 km: too far
        co_found(client, place="Lünen", topic="Diabetes", name="Dora")  # another topic
    assert not FoundingAlert.objects.exists() and to_staff(mail.outbox) == []
    with django_capture_on_commit_callbacks(execute=True):
        co_found(client, place="Dortmund", name="Emil")
    alert = FoundingAlert.objects.get()
    assert alert.contact_point == kiss and alert.topic_text == "Trauer"
    assert sorted(alert.interests.values_list("name", flat=True)) == ["Anna", "Ben", "Emil"]
    (email,) = to_staff(mail.outbox)
    assert "Trauer" in email.subject
    assert "anna@example.org" not in email.body  # contact details stay in the admin
    with django_capture_on_commit_callbacks(execute=True):
        co_found(client, place="Lünen", name="Fritz")
    assert FoundingAlert.objects.count() == 1 and len(to_staff(mail.outbox)) == 1  # one alert


def test_the_alert_appears_on_the_staff_start_page_with_its_people(client, kiss, settings):
    settings.FOUNDING_ALERT_THRESHOLD = 2
    for name in ("Anna", "Ben"):
        co_found(client, name=name)
    staff = staff_client(client, kiss)
    page = staff.get(reverse("admin:index")).text
    assert "2 Personen würden eine Gruppe zu „Trauer“" in page
    alert_page = staff.get(admin_url(FoundingAlert.objects.get())).text
    assert "anna@example.org" in alert_page and "ben@example.org" in alert_page


def test_staff_of_another_contact_point_see_no_interest(client, kiss):
    co_found(client)
    other = ContactPointFactory()
    staff = staff_client(client, other)
    changelist = staff.get(reverse("admin:groups_foundinginterest_changelist"))
    assert list(changelist.context["cl"].queryset) == []
    assert staff.get(admin_url(FoundingInterest.objects.get())).status_code == 404


def test_interests_expire_after_the_set_months_and_their_inquiry_stays(client, kiss, settings):
    settings.FOUNDING_INTEREST_MONTHS = 12
    co_found(client, name="Anna")
    co_found(client, name="Ben")
    anna, ben = FoundingInterest.objects.order_by("name")
    received = timezone.localtime(anna.created_at)
    assert (anna.expires_at.year, anna.expires_at.month) == (received.year + 1, received.month)
    FoundingInterest.objects.filter(pk=anna.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))  # fmt: skip
    out = io.StringIO()
    call_command("delete_expired_messages", stdout=out)
    assert "1 founding interests" in out.getvalue()
    assert list(FoundingInterest.objects.all()) == [ben]
    assert Inquiry.objects.filter(origin="founding_interest").count() == 2


def test_an_expired_interest_no_longer_counts_towards_an_alert(client, kiss, settings):
    settings.FOUNDING_ALERT_THRESHOLD = 2
    co_found(client, name="Anna")
    FoundingInterest.objects.update(expires_at=timezone.now() - datetime.timedelta(days=1))
    co_found(client, name="Ben")
    assert not FoundingAlert.objects.exists()


def test_the_annual_report_counts_interests_and_the_groups_founded_from_them(
    client, founding_group
):
    join_url = reverse("groups:join_founding", args=[founding_group.slug])
    client.post(join_url, data())
    co_found(client, name="Ben")
    year = timezone.localdate().year

    def figures():
        report = annual_report(founding_group.contact_point, year)
        return {f.label: f.value for section in report.sections for f in section.figures}

    assert figures()["Gründungsinteressen über die Website"] == 2
    assert figures()["Daraus entstandene Gruppen, die sich jetzt treffen"] == 0
    Group.objects.filter(pk=founding_group.pk).update(status=Group.Status.ACTIVE)
    assert figures()["Daraus entstandene Gruppen, die sich jetzt treffen"] == 1


def test_the_group_page_in_the_admin_counts_its_interested_people_and_links_them(
    client, founding_group
):
    join_url = reverse("groups:join_founding", args=[founding_group.slug])
    client.post(join_url, data())
    client.post(join_url, data(name="Ben", email="ben@example.org"))
    co_found(client, name="Cem")  # not about this group
    staff = staff_client(client, founding_group.contact_point)
    page = staff.get(admin_url(founding_group))
    link = f"{reverse('admin:groups_foundinginterest_changelist')}?group__id__exact="
    assert f'{link}{founding_group.pk}">2</a>' in page.text
    listed = staff.get(f"{link}{founding_group.pk}").context["cl"].queryset
    assert sorted(interest.name for interest in listed) == ["Anna", "Ben"]


@pytest.mark.django_db(transaction=True)
def test_many_interests_at_once_in_one_place_make_one_alert(kiss, settings):
    """Twenty people asking at the same moment to co-found a group on one topic near one
    another: the contact point gets one alert listing all of them, not one per three."""
    from groups.founding import submit_interest
    from tests.parallel import run_at_once

    settings.FOUNDING_ALERT_THRESHOLD = 3
    grief = TopicFactory(name="Trauer")

    def interest(number):
        return submit_interest(FoundingInterest(
            kind=FoundingInterest.Kind.FOUND, contact_point=kiss, topic=grief,
            topic_text="Trauer", place_text="Lünen", name=f"Person {number}",
            email=f"p{number}@example.org", consent_given_at=timezone.now(),
            latitude=51.6067 + number / 1000, longitude=7.5241,
        ))  # fmt: skip

    alerts = run_at_once(20, interest)
    assert len([alert for alert in alerts if alert is not None]) == 1
    alert = FoundingAlert.objects.get()
    assert alert.interests.count() == 20
    assert len(to_staff(mail.outbox)) == 1


# An alert is worked through in steps: contacted, meeting arranged, group founded.


@pytest.fixture
def alert(client, kiss, settings):
    settings.FOUNDING_ALERT_THRESHOLD = 2
    for name in ("Anna", "Ben"):
        co_found(client, name=name)
    return FoundingAlert.objects.get()


def alert_form(client, alert, **changes):
    values = {"status": alert.status, "founded_group": "", "contacted_on": "",
              "meeting_arranged_on": "", "founded_on": "", "interests-TOTAL_FORMS": 2,
              "interests-INITIAL_FORMS": 2}  # fmt: skip
    for index, interest in enumerate(alert.interests.order_by("pk")):
        values |= {f"interests-{index}-id": interest.pk, f"interests-{index}-alert": alert.pk}
    values.update(changes)
    return client.post(admin_url(alert), values)


def test_each_step_of_an_alert_is_dated_as_it_happens_and_the_founded_group_is_linked(
    client, kiss, alert
):
    group = GroupFactory(name="Trauercafé Lünen", contact_point=kiss)
    staff = staff_client(client, kiss)
    page = staff.get(admin_url(alert)).text
    assert page.count("Thema:") == 1  # once, not "Thema: Thema:"
    assert alert_form(staff, alert, status="contacted").status_code == 302
    alert.refresh_from_db()
    assert alert.contacted_on == timezone.localdate() and alert.meeting_arranged_on is None
    assert alert.handled_at is None
    two_days_ago = timezone.localdate() - datetime.timedelta(days=2)
    alert_form(staff, alert, status="meeting_arranged", contacted_on=alert.contacted_on,
               meeting_arranged_on=two_days_ago)  # fmt: skip
    alert.refresh_from_db()
    assert alert.meeting_arranged_on == two_days_ago  # a date staff gave is kept
    alert_form(staff, alert, status="founded", founded_group=group.pk,
               contacted_on=alert.contacted_on, meeting_arranged_on=two_days_ago)  # fmt: skip
    alert.refresh_from_db()
    assert (alert.status, alert.founded_on, alert.founded_group) == (
        "founded", timezone.localdate(), group)  # fmt: skip
    assert alert.handled_at is not None  # no longer open: new interests make a new alert
    assert set(alert.interests.values_list("group", flat=True)) == {group.pk}
    inquiries = Inquiry.objects.filter(founding_interest__alert=alert)
    assert all(list(inquiry.referred_groups.all()) == [group] for inquiry in inquiries)


def test_group_founded_needs_a_group_of_the_staff_member_s_own_contact_points(
    client, kiss, alert
):
    foreign = GroupFactory(name="Fremde Gruppe")
    staff = staff_client(client, kiss)
    response = alert_form(staff, alert, status="founded")
    assert "Wählen Sie die gegründete Gruppe aus" in response.text
    response = alert_form(staff, alert, status="founded", founded_group=foreign.pk)
    assert response.status_code == 200 and "gültige Auswahl" in response.text
    alert.refresh_from_db()
    assert alert.status == "new" and alert.founded_group is None and alert.handled_at is None


def test_the_alert_list_shows_and_filters_the_status_and_the_start_page_names_it(
    client, kiss, alert
):
    FoundingAlert.objects.filter(pk=alert.pk).update(status="meeting_arranged")
    staff = staff_client(client, kiss)
    changelist = reverse("admin:groups_foundingalert_changelist")
    page = staff.get(changelist).text
    assert "Treffen vereinbart" in page and "?status__exact=contacted" in page
    assert list(staff.get(changelist, {"status__exact": "contacted"}).context["cl"].queryset) == []
    assert "Trauer" in staff.get(changelist, {"status__exact": "meeting_arranged"}).text
    start = staff.get(reverse("admin:index")).text
    assert "Trauer" in start and "</a> · Treffen vereinbart</li>" in start
