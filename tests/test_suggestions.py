"""The public form "Gruppe melden oder Angaben korrigieren" and the review of its reports."""

import ipaddress

import pytest
from django.test import Client
from django.urls import reverse

from groups.models import Group, Suggestion
from groups.services import accept_suggestion
from groups.views import SuggestionView
from tests.factories import (
    ContactPointFactory,
    SiteFactory,
    TopicFactory,
    admin_url,
    shown_seconds_ago,
    staff_client,
)
from tests.parallel import run_at_once

pytestmark = pytest.mark.django_db
URL = reverse("groups:suggest")


def filled_in(*, seconds_ago=10, **changes):
    """A report as a person sends it, the form shown ``seconds_ago``."""
    data = {
        "name": "Angehörige psychisch Kranker Lünen",
        "topics_text": "Angehörige, Depression",
        "description": "Wir treffen uns seit Kurzem.",
        "postcode": "44532",
        "town": "Lünen",
        "meetings_text": "jeden 1. Montag, 18 Uhr",
        "submitter_name": "Erika Mustermann",
        "submitter_email": "erika@example.org",
        "consent": "on",
        "homepage": "",
        "rendered_at": shown_seconds_ago(seconds_ago),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def kreis_unna(german_places):
    """Two contact points: the K.I.S.S. with a site in Lünen, and Dortmund's."""
    unna = SiteFactory(contact_point=ContactPointFactory(name="K.I.S.S. Kreis Unna",
                       email="kiss@kreis-unna.example"))  # fmt: skip
    SiteFactory(contact_point=ContactPointFactory(name="Kontaktstelle Dortmund"),
                town="Dortmund", postcode="44135", latitude=51.5125, longitude=7.477)  # fmt: skip
    return unna.contact_point


def test_form_asks_for_consent_and_links_the_privacy_notice(client, german_places):
    page = client.get(URL)
    assert page.status_code == 200
    assert reverse("privacy") in page.text
    assert 'name="consent"' in page.text and 'name="homepage"' in page.text


def test_new_group_goes_to_the_nearest_contact_point_pending(
    client, kreis_unna, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, filled_in(postcode="44536", town="Lünen-Brambauer"))
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.contact_point == kreis_unna  # Brambauer: 5 km to Lünen, 10 to Dortmund
    assert (suggestion.kind, suggestion.status) == ("new", "pending")
    assert suggestion.consent_given_at is not None
    assert not Group.objects.exists()  # never published directly
    assert [mail.to for mail in mailoutbox] == [["kiss@kreis-unna.example"]]
    assert "erika@example.org" not in mailoutbox[0].body  # the notice carries no personal data
    assert client.get(response.url).status_code == 200


def test_a_place_no_regional_contact_point_serves_goes_to_the_state_contact_point(
    client, german_places
):
    lakos = ContactPointFactory(name="LAKOS Sachsen", kind="state", federal_state="SN")
    SiteFactory(contact_point=lakos, town="Dresden", postcode="01067",
                latitude=51.0547, longitude=13.7269)  # fmt: skip
    # (Dessau, in another state: 56 km from Leipzig, nearer than Dresden's 100)
    SiteFactory(contact_point=ContactPointFactory(name="KISS Dessau", federal_state="ST"),
                town="Dessau", postcode="06844", latitude=51.835, longitude=12.246)  # fmt: skip
    response = client.post(URL, filled_in(postcode="04109", town="Leipzig"))
    assert response.status_code == 302
    assert Suggestion.objects.get().contact_point == lakos


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"homepage": "http://spam.example"}, "konnte nicht gesendet werden"),
        ({"seconds_ago": 1}, "sehr schnell"),
        ({"rendered_at": "forged"}, "abgelaufen"),
        ({"rendered_at": None}, "abgelaufen"),
        ({"consent": None}, "Ohne Ihre Einwilligung"),
        ({"town": "Atlantis", "postcode": ""}, "nicht finden"),
        ({"postcode": "4453"}, "fünfstellige deutsche Postleitzahl"),
        ({"name": "x" * 5000}, "höchstens 200 Zeichen"),
        ({"submitter_email": "keine-adresse"}, "gültige E-Mail"),
        ({"description": "Text\x00mit NUL"}, "Nullzeichen"),
    ],
)
def test_bad_or_suspicious_reports_are_refused_with_the_input_kept(
    client, kreis_unna, changes, message
):
    response = client.post(URL, filled_in(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert "Angehörige psychisch Kranker Lünen" in response.text or "x" * 200 in response.text
    assert not Suggestion.objects.exists()


def test_too_many_reports_from_one_address_are_refused(client, kreis_unna):
    for _ in range(5):
        assert client.post(URL, filled_in(), REMOTE_ADDR="203.0.113.7").status_code == 302
    refused = client.post(URL, filled_in(), REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 200 and "in der letzten Stunde" in refused.text
    assert client.post(URL, filled_in(), REMOTE_ADDR="198.51.100.1").status_code == 302
    assert Suggestion.objects.count() == 6
    assert "203.0.113.7" not in str(list(Suggestion.objects.values_list("sender_key")))


@pytest.mark.django_db(transaction=True)
def test_the_hourly_limit_per_address_holds_for_reports_sent_at_the_same_moment(kreis_unna):
    def send(number):
        return Client(REMOTE_ADDR="203.0.113.7").post(URL, filled_in(name=f"Gruppe {number}"))

    responses = run_at_once(30, send)
    assert Suggestion.objects.count() == SuggestionView.HOURLY_LIMIT
    assert sorted(response.status_code for response in responses) == (
        [200] * 25 + [302] * SuggestionView.HOURLY_LIMIT
    )


def test_behind_a_proxy_the_limit_counts_each_visitor_by_the_forwarded_address(
    client, kreis_unna, settings
):
    settings.PROXY_COUNT = 1
    settings.PROXY_ADDRESSES = [ipaddress.ip_network("10.0.0.2")]  # a proxy of its own
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        response = client.post(URL, filled_in(), HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
        assert response.status_code == 302
    # A made-up entry before the proxy's own does not give the same visitor a new address.
    refused = client.post(URL, filled_in(), HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7", **proxy)
    assert refused.status_code == 200 and "in der letzten Stunde" in refused.text
    # Another visitor behind the same proxy is not refused.
    other = client.post(URL, filled_in(), HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert other.status_code == 302


def test_without_a_proxy_a_forwarded_address_is_ignored(client, kreis_unna):
    for number in range(5):
        forged = f"192.0.2.{number}"
        response = client.post(
            URL, filled_in(), HTTP_X_FORWARDED_FOR=forged, REMOTE_ADDR="203.0.113.7"
        )
        assert response.status_code == 302
    refused = client.post(
        URL, filled_in(), HTTP_X_FORWARDED_FOR="192.0.2.200", REMOTE_ADDR="203.0.113.7"
    )
    assert refused.status_code == 200 and "in der letzten Stunde" in refused.text


def test_correction_starts_from_the_public_entry_only(client, listed_group):
    listed_group.contact_person_email = "intern@example.org"
    listed_group.contact_mode = Group.ContactMode.VIA_CONTACT_POINT
    listed_group.save()
    page = client.get(URL, {"gruppe": listed_group.slug}).text
    assert listed_group.name in page and "Depression" in page
    assert "intern@example.org" not in page
    assert client.get(URL, {"gruppe": "gibt-es-nicht"}).status_code == 404
    listed_group.is_listed = False
    listed_group.save()
    assert client.get(URL, {"gruppe": listed_group.slug}).status_code == 404


@pytest.mark.parametrize("contact_mode", ["direct", "via_contact_point"])
@pytest.mark.parametrize(
    "own_contact",
    [
        {},
        {"website": "https://gruppe.example/"},
        {"public_email": "gruppe@example.org", "website": "https://gruppe.example/"},
        {"public_phone": "0231 123456"},
    ],
)
@pytest.mark.parametrize("meeting_place_public", [True, False])
def test_correction_form_prefills_only_what_the_group_page_shows(
    client, listed_group, contact_mode, own_contact, meeting_place_public
):
    for field, value in own_contact.items():
        setattr(listed_group, field, value)
    listed_group.contact_mode = contact_mode
    listed_group.meeting_place_public = meeting_place_public
    listed_group.street, listed_group.postcode = "Geheimweg 3", "44534"
    listed_group.save()
    page = client.get(listed_group.get_absolute_url()).text
    form = client.get(URL, {"gruppe": listed_group.slug}).context["form"]
    prefilled = {
        name: value for name, value in form.initial.items() if value and name != "rendered_at"
    }
    assert prefilled["name"] == listed_group.name
    for name, value in prefilled.items():
        assert value in page, name
    for field, value in own_contact.items():
        assert (value in page) == (field in prefilled)


def test_correction_is_accepted_by_the_groups_staff_with_history(client, listed_group):
    response = client.post(
        f"{URL}?gruppe={listed_group.slug}",
        filled_in(
            name=listed_group.name,
            topics_text="Depression",
            description="Neu: wir treffen uns jetzt im Gemeindehaus.",
            postcode="44532",
            town="Lünen",
            public_email="gruppe@example.org",
        ),
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.kind, suggestion.group) == ("correction", listed_group)
    assert suggestion.contact_point == listed_group.contact_point

    outsider = staff_client(client, ContactPointFactory(name="Andere Kontaktstelle"))
    assert outsider.get(admin_url(suggestion)).status_code == 404
    outsider.logout()

    editor = staff_client(client, listed_group.contact_point)
    page = editor.get(admin_url(suggestion)).text
    assert "Neu: wir treffen uns jetzt im Gemeindehaus." in page and "_accept" in page
    response = editor.post(admin_url(suggestion), {**_review_form(suggestion), "_accept": "1"})
    assert response.status_code == 302
    listed_group.refresh_from_db()
    assert listed_group.description == "Neu: wir treffen uns jetzt im Gemeindehaus."
    assert listed_group.public_email == "gruppe@example.org"
    assert listed_group.postcode == "44532"  # unchanged fields stay as they were
    record = listed_group.history.latest()
    assert record.history_change_reason == f"Vorschlag Nr. {suggestion.pk} übernommen"
    assert record.history_user.memberships.get().contact_point == listed_group.contact_point
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.reviewed_by is not None


def test_accepting_a_new_group_creates_an_unlisted_entry_with_matched_topics(client, kreis_unna):
    TopicFactory(name="Angehörige", synonyms=["Angehörigengruppe"])
    client.post(URL, filled_in(topics_text="angehoerigengruppe, Unbekanntes Thema"))
    suggestion = Suggestion.objects.get()
    editor = staff_client(client, kreis_unna)
    response = editor.post(admin_url(suggestion), {**_review_form(suggestion), "_accept": "1"})
    group = Group.objects.get()
    assert response.url == admin_url(group)
    assert (group.contact_point, group.status, group.is_listed) == (kreis_unna, "founding", False)
    assert [topic.name for topic in group.topics.all()] == ["Angehörige"]
    assert group.schedule_note == "jeden 1. Montag, 18 Uhr"
    assert group.history.count() >= 1
    # accepting twice does nothing more
    editor.post(admin_url(suggestion), {**_review_form(suggestion), "_accept": "1"})
    assert Group.objects.count() == 1


def test_rejected_suggestion_changes_nothing(client, listed_group):
    client.post(f"{URL}?gruppe={listed_group.slug}", filled_in(name="Spam-Name"))
    suggestion = Suggestion.objects.get()
    editor = staff_client(client, listed_group.contact_point)
    editor.post(admin_url(suggestion), {**_review_form(suggestion), "_reject": "1"})
    suggestion.refresh_from_db()
    listed_group.refresh_from_db()
    assert suggestion.status == "rejected"
    assert listed_group.name == "Selbsthilfegruppe Depression Lünen"


def _review_form(suggestion):
    """The editable fields of a suggestion's admin form, as stored."""
    fields = ["name", "topics_text", "description", "postcode", "town", "meetings_text",
              "public_email", "public_phone", "website", "message", "submitter_name",
              "submitter_email", "review_note"]  # fmt: skip
    data = {name: getattr(suggestion, name) for name in fields}
    return data | {"contact_point": suggestion.contact_point_id}


def test_empty_proposed_fields_never_erase_the_groups_details(client, listed_group):
    """A correction from a group whose meeting place is private arrives without postcode."""
    listed_group.website = "https://gruppe.example"
    listed_group.save()
    client.post(
        f"{URL}?gruppe={listed_group.slug}",
        filled_in(name=listed_group.name, postcode="", description="", website="",
                  message="Wir treffen uns jetzt donnerstags."),
    )  # fmt: skip
    suggestion = Suggestion.objects.get()
    labels = [label for label, _now, _proposed in suggestion.changes()]
    assert "Postleitzahl" not in labels and "Beschreibung" not in labels
    accept_suggestion(suggestion, user=None)
    listed_group.refresh_from_db()
    assert listed_group.postcode == "44532"
    assert listed_group.description == "Wir treffen uns zum Austausch."
    assert listed_group.website == "https://gruppe.example"
