"""A citizen searches by topic and town, narrows the search, and browses topics A–Z."""

import pytest

from tests.factories import GroupFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demenz_groups(german_places):
    topic = TopicFactory(name="Angehörige Demenzkranker", slug="angehoerige-demenzkranker")
    near = GroupFactory(name="Gesprächskreis pflegende Angehörige Lünen", step_free=True,
                        latitude=51.6067, longitude=7.5241)  # fmt: skip
    far = GroupFactory(name="Angehörigengruppe Demenz München", postcode="80331",
                       town="München", latitude=48.1345, longitude=11.571)  # fmt: skip
    stairs = GroupFactory(name="Demenz-Café Unna", postcode="59423", town="Unna",
                          latitude=51.5302, longitude=7.676, step_free=False)  # fmt: skip
    for group in (near, far, stairs):
        group.topics.add(topic)
    return {"near": near, "far": far, "stairs": stairs, "topic": topic}


def test_search_by_topic_and_town_then_filter_and_open_a_result(live_server, page, demenz_groups):
    page.goto(live_server.url + "/gruppen/")
    page.get_by_label("Thema oder Stichwort").fill("Angehoerige Demenz")
    page.get_by_label("PLZ oder Ort").fill("Luenen")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_url("**/gruppen/?q=Angehoerige*")
    results = page.locator(".group-card")
    assert results.count() == 2  # Lünen and Unna, not München
    assert "Gesprächskreis pflegende Angehörige Lünen" in results.first.inner_text()

    page.get_by_text("Weitere Filter").click()
    page.get_by_label("Barrierefreier Zugang").check()
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_url("**barrierefrei=1*")
    assert page.locator(".group-card").count() == 1

    page.get_by_role("link", name=demenz_groups["near"].name).click()
    page.wait_for_url(f"**{demenz_groups['near'].get_absolute_url()}")
    assert page.locator("h1").inner_text() == demenz_groups["near"].name


def test_misspelt_search_offers_the_right_word(live_server, page, demenz_groups):
    page.goto(live_server.url + "/gruppen/?q=Demenzkrancker")
    page.get_by_role("link", name="Demenzkranker").click()
    page.wait_for_url("**q=Demenzkranker*")
    assert page.locator(".group-card").count() == 3


def test_topics_a_to_z_jump_bar_leads_to_a_topic_and_its_groups(live_server, page, demenz_groups):
    TopicFactory(name="Zöliakie")
    page.goto(live_server.url + "/themen/")
    page.get_by_role("navigation", name="Zum Buchstaben springen").get_by_role(
        "link", name="Z", exact=True
    ).click()
    page.wait_for_url("**#letter-Z")
    assert page.locator("#letter-Z").get_by_role("link", name="Zöliakie").is_visible()
    page.goto(live_server.url + "/themen/#letter-A")
    page.get_by_role("link", name="Angehörige Demenzkranker").first.click()
    page.wait_for_url("**/themen/angehoerige-demenzkranker/")
    assert page.locator(".group-card").count() == 3
    page.get_by_label("PLZ oder Ort").fill("44532")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**ort=44532*")
    assert page.locator(".group-card").count() == 2
