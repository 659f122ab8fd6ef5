"""Topics A–Z, topic pages with the place filter, and contact point pages."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ContactPointFactory,
    EventFactory,
    GroupFactory,
    SiteFactory,
    TopicFactory,
)


def test_topic_index_groups_by_letter_and_counts_public_groups(client, german_places):
    krebs = TopicFactory(name="Krebs", category="health")
    brustkrebs = TopicFactory(name="Brustkrebs", parent=krebs, category="health")
    angst = TopicFactory(name="Ängste", category="mental_health")
    TopicFactory(name="Zöliakie", category="health")
    GroupFactory().topics.add(brustkrebs)
    GroupFactory().topics.add(brustkrebs)
    GroupFactory(is_listed=False).topics.add(brustkrebs)
    GroupFactory(status="ended", ended_on=datetime.date(2025, 1, 1)).topics.add(angst)
    GroupFactory().topics.add(krebs, brustkrebs)  # counted once for Krebs
    response = client.get(reverse("groups:topics"))
    page = response.text
    assert 'href="#letter-A"' in page and 'href="#letter-Z"' in page
    assert 'href="#letter-Ä"' not in page  # Ängste is filed under A
    a_section = page[page.index('id="letter-A"') : page.index('id="letter-B"')]
    assert "Ängste" in a_section and "(0 Gruppen)" in a_section
    assert 'Brustkrebs</a>\n          <span class="text-body-secondary">(3 Gruppen)' in page
    assert '>Krebs</a>\n          <span class="text-body-secondary">(3 Gruppen)' in page
    assert "Psychische Gesundheit" in page or "Seelische Gesundheit" in page


def test_topic_page_lists_groups_of_sub_topics_and_filters_by_place(client, german_places):
    krebs = TopicFactory(name="Krebs")
    brustkrebs = TopicFactory(name="Brustkrebs", parent=krebs)
    luenen = GroupFactory(name="Brustkrebs Lünen")
    luenen.topics.add(brustkrebs)
    munich = GroupFactory(name="Brustkrebs München", postcode="80331", town="München")
    munich.topics.add(krebs)
    page = client.get(krebs.get_absolute_url()).text
    assert luenen.get_absolute_url() in page and munich.get_absolute_url() in page
    page = client.get(krebs.get_absolute_url(), {"ort": "Unna", "umkreis": "25"}).text
    assert luenen.get_absolute_url() in page and munich.get_absolute_url() not in page
    assert client.get(reverse("groups:topic", args=["gibt-es-nicht"])).status_code == 404


def test_contact_point_list_is_by_state_and_detail_shows_sites_groups_events(client, german_places):
    unna = ContactPointFactory(name="K.I.S.S. Kreis Unna", federal_state="NW")
    ContactPointFactory(name="LAKOS Sachsen", federal_state="SN")
    SiteFactory(contact_point=unna, name="Standort Schwerte", town="Schwerte", postcode="58239",
                phone="02304 1234", fax="02304 5678", opening_hours="Mo–Do 9–12 Uhr")  # fmt: skip
    topic = TopicFactory(name="Tinnitus")
    GroupFactory(contact_point=unna).topics.add(topic)
    GroupFactory(contact_point=unna, is_listed=False).topics.add(topic)
    EventFactory(contact_point=unna, title="Digital durchstarten")
    EventFactory(contact_point=unna, title="Vergangen",
                 starts_at=timezone.now() - datetime.timedelta(days=9),
                 ends_at=timezone.now() - datetime.timedelta(days=9, hours=-2))  # fmt: skip
    GroupFactory(contact_point=unna, status="ended", ended_on=datetime.date(2025, 1, 1))
    listing = client.get(reverse("contactpoints:list")).text
    assert listing.index("Nordrhein-Westfalen") < listing.index("Sachsen")
    unna_entry = listing[listing.index("K.I.S.S. Kreis Unna") : listing.index("LAKOS Sachsen")]
    assert "1 Gruppe" in unna_entry and "0 Gruppen" in listing[listing.index("LAKOS Sachsen") :]
    page = client.get(unna.get_absolute_url()).text
    for text in [
        "Standort Schwerte",
        "02304 1234",
        "02304 5678",
        "Mo–Do 9–12 Uhr",
        "eine Selbsthilfegruppe veröffentlicht",
        "Tinnitus",
        "Digital durchstarten",
    ]:
        assert text in page, text  # fmt: skip
    assert "Vergangen" not in page


def test_search_within_one_contact_point_keeps_it_and_names_it(client, german_places):
    unna = ContactPointFactory(name="K.I.S.S. Kreis Unna", slug="kiss-kreis-unna")
    own = GroupFactory(contact_point=unna)
    other = GroupFactory()
    page = client.get(reverse("groups:list"), {"kontaktstelle": "kiss-kreis-unna"}).text
    assert own.get_absolute_url() in page and other.get_absolute_url() not in page
    assert "Nur Gruppen der Kontaktstelle „K.I.S.S. Kreis Unna“." in page
    assert 'name="kontaktstelle" value="kiss-kreis-unna"' in page
    response = client.get(reverse("groups:list"), {"kontaktstelle": "gibt-es-nicht"})
    assert response.status_code == 200
