"""The search embedded in a contact point's own website: only its listed websites may frame
it, it searches the contact point's area, and every other page still forbids framing."""

import pytest
from django.urls import reverse

from contactpoints.models import ContactPoint
from tests.factories import (
    ContactPointFactory,
    GroupFactory,
    TopicFactory,
    admin_form_data,
    admin_url,
    staff_client,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(german_places):
    lakos = ContactPointFactory(
        name="LAKOS Sachsen", slug="lakos", kind=ContactPoint.Kind.STATE, federal_state="SN",
        embed_origins="https://www.lakos.example",
    )  # fmt: skip
    kiss = ContactPointFactory(name="KISS Zwickau", slug="kiss-zwickau", parent=lakos,
                               federal_state="SN", brand_colour="#00599c",
                               embed_origins="https://www.kiss-zwickau.example\n"
                                             "https://kiss-zwickau.example")  # fmt: skip
    other = ContactPointFactory(name="Dortmund", slug="dortmund", federal_state="NW")
    topic = TopicFactory(name="Depression")
    groups = {
        "own": GroupFactory(name="Zwickauer Runde", contact_point=kiss),
        "parent": GroupFactory(name="Dresdner Runde", contact_point=lakos),
        "foreign": GroupFactory(name="Dortmunder Runde", contact_point=other),
    }
    for group in groups.values():
        group.topics.add(topic)
    return {"lakos": lakos, "kiss": kiss, "other": other, "groups": groups}


def csp(response) -> str:
    return response["Content-Security-Policy"]


def test_only_the_listed_websites_may_frame_the_contact_points_search(client, area):
    response = client.get(
        reverse("contactpoints:embed", args=["kiss-zwickau"]), {"q": "Depression"}
    )
    assert response.status_code == 200
    allowed = "'self' https://www.kiss-zwickau.example https://kiss-zwickau.example"
    assert f"frame-ancestors {allowed}" in csp(response)
    assert "X-Frame-Options" not in response
    assert "Zwickauer Runde" in response.text
    assert "Dresdner Runde" not in response.text and "Dortmunder Runde" not in response.text
    # Everything else still refuses to be framed.
    for url in ["/", area["groups"]["own"].get_absolute_url(), reverse("groups:list")]:
        page = client.get(url)
        assert "frame-ancestors 'none'" in csp(page) and page["X-Frame-Options"] == "DENY"


def test_a_coordinators_area_includes_the_contact_points_below(client, area):
    page = client.get(reverse("contactpoints:embed", args=["lakos"])).text
    assert "Zwickauer Runde" in page and "Dresdner Runde" in page
    assert "Dortmunder Runde" not in page


def test_the_embedded_group_page_stays_in_the_area_and_sends_messages_to_the_site(client, area):
    own = area["groups"]["own"]
    url = reverse("contactpoints:embed_group", args=["kiss-zwickau", own.slug])
    page = client.get(url)
    assert "https://www.kiss-zwickau.example" in csp(page)
    assert f'href="{own.get_absolute_url()}#nachricht" target="_blank"' in page.text
    foreign = area["groups"]["foreign"]
    assert client.get(reverse("contactpoints:embed_group",
                              args=["kiss-zwickau", foreign.slug])).status_code == 404  # fmt: skip


def test_the_colours_of_the_contact_point_and_the_state_embed(client, area):
    css = client.get(reverse("contactpoints:embed_colours", args=["kiss-zwickau"])).text
    assert "--embed-colour: #00599c" in css
    state = client.get(reverse("contactpoints:embed_state", args=["sn"]))
    assert "https://www.lakos.example" in csp(state)
    assert "Zwickauer Runde" in state.text and "Dortmunder Runde" not in state.text
    assert client.get(reverse("contactpoints:embed_state", args=["nw"])).status_code == 404
    assert client.get(reverse("contactpoints:embed", args=["unbekannt"])).status_code == 404


def test_staff_get_the_snippet_and_a_preview_and_only_valid_addresses(client, area):
    staff_client(client, area["kiss"])
    url = admin_url(area["kiss"])
    page = client.get(url).text
    assert "src=&quot;http://localhost:8000/einbetten/kiss-zwickau/&quot;" in page  # to copy
    assert f'src="{reverse("contactpoints:embed", args=["kiss-zwickau"])}"' in page  # preview
    data = admin_form_data(client, url, embed_origins="javascript:alert(1)")
    response = client.post(url, data)
    assert response.status_code == 200 and "javascript:alert(1)" in response.text
    area["kiss"].refresh_from_db()
    assert "javascript" not in area["kiss"].embed_origins
