"""A citizen opens the home page and searches for a group."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_search_form_leads_to_results(live_server, page, listed_group):
    page.goto(live_server.url + "/")
    assert page.title().endswith("Selbsthilfe-Wegweiser")
    page.get_by_label("Thema oder Stichwort").fill("Depression")
    page.get_by_label("PLZ oder Ort").fill("Lünen")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_url("**/gruppen/?q=Depression*")
    assert page.get_by_role("link", name=listed_group.name).is_visible()
    page.get_by_role("link", name=listed_group.name).click()
    page.wait_for_url(f"**{listed_group.get_absolute_url()}")
    assert page.locator("h1").inner_text() == listed_group.name
