"""Paging, the number of SQL statements per page, bad input, and the shipped thesaurus."""

import html
import re
from urllib.parse import urljoin

import pytest

from groups.models import Group, Topic
from groups.thesaurus import load as load_topics
from tests.factories import TopicFactory
from tests.search.helpers import SEARCH, found, make_group, shown


def test_results_are_paged_by_twenty_with_the_total(client, many_groups):
    page = found(client, q="Depression")
    assert "1005 Gruppen gefunden" in page
    assert page.count('class="card group-card') == 20
    last = found(client, q="Depression", page="51")
    assert last.count('class="card group-card') == 5


def test_a_search_along_an_index_counts_no_further_than_a_thousand(client, many_groups):
    """Ranked by relevance every match is read anyway and counted exactly (above); ordered
    by distance or name, the count stops where nobody pages any more."""
    page = found(client, ort="Lünen", umkreis="50")
    assert "Mehr als 1.000 Gruppen gefunden" in page and "Seite 1 von 50" in page
    assert found(client, ort="Lünen", umkreis="50", page="50").count('class="card group-card') == 20
    Group.objects.filter(pk__in=Group.objects.order_by("pk").values("pk")[:10]).delete()
    assert "995 Gruppen gefunden" in found(client, ort="Lünen", umkreis="50")


def link(page: str, text: str) -> str:
    """The address of the link whose text starts with ``text``, as a browser reads it."""
    match = re.search(rf'<a[^>]*href="([^"]*)"[^>]*>(?:<strong>)?{re.escape(text)}', page)
    assert match, text
    return html.unescape(match.group(1))


def follow(client, page: str, text: str) -> str:
    """Follow a link of a result page, relative to the search page, like a browser."""
    response = client.get(urljoin(SEARCH, link(page, text)))
    assert response.status_code == 200
    return response.text


def test_the_next_and_previous_links_turn_the_page_and_keep_the_search(client, many_groups):
    first = found(client, q="Depression", ort="Lünen")
    second = follow(client, first, "Weiter")
    assert "Seite 2 von 51" in second
    assert 'value="Depression"' in second
    names = lambda page: re.findall(r"Depression Gruppe \d{4}", page)  # noqa: E731
    assert set(names(second)).isdisjoint(names(first))
    assert names(follow(client, second, "Zurück")) == names(first)


def test_the_links_of_the_help_lead_to_the_search_they_offer(client, groups):
    corrected = follow(client, found(client, q="Depresion"), "Depression")
    assert 'value="Depression"' in corrected and shown(corrected, groups["depression"])
    assert "Meinten Sie" not in corrected
    # (the group is ≈ 13 km from Unna: 10 km would not reach it)
    wider = follow(client, found(client, q="Depression", ort="Unna", umkreis="5"), "Im Umkreis")
    assert "im Umkreis von 25 km" in wider and shown(wider, groups["depression"])
    elsewhere = follow(client, found(client, ort="Mülheim"), "Mülheim (Landkreis")
    assert re.search(r"km um 54486 Mülheim\b", elsewhere)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Depression"},
        {"q": "Depresion"},
        {"thema": "depression"},
        {"ort": "Lünen", "umkreis": "50"},
        {"q": "Depression", "ort": "44532", "umkreis": "10", "barrierefrei": "1"},
        {"q": "Depression Lünen", "format": ["in_person", "online"], "wochentag": "1"},
        {"q": "Depression", "ort": "Lünen", "page": "50"},
        {"q": "Xylophon", "ort": "Lünen"},
        {"ort": "Atlantis"},
        {"q": "Depression", "ort": "Lünen Brambauer Nord Ost Süd West Mitte Alt Neu"},
        {"ort": "Atlantis Nord Ost Süd West Mitte Alt Neu Ober Unter"},
    ],
)
def test_search_pages_run_a_constant_number_of_queries(
    client, many_groups, topics, django_assert_max_num_queries, params
):
    topics["depression"].slug = "depression"
    topics["depression"].save()
    with django_assert_max_num_queries(8):
        assert client.get(SEARCH, params).status_code == 200


@pytest.mark.parametrize("params", [{}, {"q": "Depression"}, {"q": "Depression", "ort": "Lünen"}])
def test_result_pages_look_up_no_missing_variable(client, many_groups, caplog, params):
    """A missing variable renders as nothing but costs an exception each time; twenty
    result cards asking for a distance they do not have cost a millisecond a page."""
    with caplog.at_level("DEBUG", logger="django.template"):
        assert client.get(SEARCH, params).status_code == 200
    assert not [record.getMessage() for record in caplog.records]


@pytest.mark.parametrize(
    "params",
    [
        {"umkreis": "abc"},
        {"radius": "abc"},
        {"umkreis": "-5"},
        {"page": "999999"},
        {"page": "abc"},
        {"q": "Depression", "page": "9" * 25},
        {"q": "Depression", "ort": "Unna", "page": "9" * 25},
        {"q": "Depression " * 500},
        {"thema": "gibt-es-nicht"},
        {"wochentag": "9"},
        {"format": "teleport"},
        {"q": "'\"); DROP TABLE groups_group; --"},
        {"q": "& | ! :* <->"},
        {"ort": "%_\\"},
    ],
)
def test_malformed_parameters_answer_with_a_page_not_an_error(client, groups, params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert Group.objects.count() == len(groups)


def test_invalid_radius_is_explained_and_the_default_used(client, groups):
    page = found(client, ort="Lünen", umkreis="abc")
    assert "Umkreis" in page and "25 km" in page
    assert "alert-danger" in page


def test_too_long_text_is_explained(client, groups):
    page = found(client, q="x" * 5000)
    assert "höchstens 200 Zeichen" in page


def test_the_form_keeps_every_choice_of_the_search(client, groups, topics):
    page = found(
        client, thema=topics["krebs"].slug, zielgruppe="relatives", format="online",
        wochentag=["1", "3"], barrierefrei="1",
    )  # fmt: skip
    assert f'<option value="{topics["krebs"].slug}" selected>Krebs</option>' in page
    assert f'<option value="{topics["brustkrebs"].slug}">' in page
    assert '<option value="relatives" selected>' in page
    checked = set(re.findall(r'name="(\w+)" value="(\w+)" id="\w+" checked', page))
    assert checked == {("format", "online"), ("wochentag", "1"), ("wochentag", "3"),
                       ("barrierefrei", "1")}  # fmt: skip
    assert "aria-invalid" not in page


def test_the_form_marks_invalid_choices_and_escapes_topic_names(client, groups):
    TopicFactory(name='Krebs <script>alert("x")</script>', slug="krebs-skript")
    page = found(client, wochentag="9")
    assert 'name="wochentag" value="0" id="id_wochentag_0" aria-invalid="true"' in page
    assert "<script>alert" not in page
    assert "Krebs &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("typed", "topic"),
    [("cancer", "Krebs"), ("grief", "Trauer"), ("anxiety", "Angst und Panik"),
     ("dementia", "Demenz"), ("eating disorders", "Essstörungen")],
)  # fmt: skip
def test_the_demo_topics_know_english_words(client, german_places, typed, topic):
    load_topics()
    group = make_group("Gesprächskreis", Topic.objects.get(name=topic))
    other = make_group("Treffpunkt", Topic.objects.get(name="Schulden"))
    page = found(client, q=typed)
    assert shown(page, group)
    assert not shown(page, other)


@pytest.mark.parametrize("typed", ["meine Frau trinkt", "mein Sohn nimmt Drogen"])
def test_the_demo_topics_lead_relatives_to_relatives_groups(client, german_places, typed):
    load_topics()
    relatives = make_group("Gesprächskreis", Topic.objects.get(name="Angehörige Suchtkranker"),
                           audience="relatives")  # fmt: skip
    make_group("Kreuzbund", Topic.objects.get(name="Alkoholabhängigkeit"))
    make_group("Clean", Topic.objects.get(name="Drogenabhängigkeit"))
    results = re.findall(r'class="h5 card-title"><a href="([^"]+)"', found(client, q=typed))
    assert results[0] == relatives.get_absolute_url()


def test_a_partial_match_ranks_by_the_words_it_matches_before_distance(client, german_places,
                                                                       topics):  # fmt: skip
    sports = {name: TopicFactory(name=name) for name in ("Sport nach Krebs", "Behindertensport")}
    next_door = make_group("Sportgruppe Lünen", sports["Sport nach Krebs"],
                           latitude=51.6067, longitude=7.5241)  # fmt: skip
    farther = make_group("Zuckerkranke Unna", topics["diabetes"], postcode="59423",
                         town="Unna", latitude=51.5302, longitude=7.676)  # fmt: skip
    page = found(client, q="Sport Diabetes", ort="Lünen", umkreis="25")
    assert "Nur wenige Gruppen passen genau" in page
    assert shown(page, next_door) and shown(page, farther)
    assert page.index(farther.get_absolute_url()) < page.index(next_door.get_absolute_url())
    # A group matching both words comes before either.
    both = make_group("Diabetes und Bewegung", topics["diabetes"], sports["Behindertensport"],
                      postcode="59423", town="Unna", latitude=51.5302, longitude=7.676)  # fmt: skip
    page = found(client, q="Sport Diabetes", ort="Lünen", umkreis="25")
    assert page.index(both.get_absolute_url()) < page.index(farther.get_absolute_url())
