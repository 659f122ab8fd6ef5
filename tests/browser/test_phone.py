"""On a phone: the event filters stacked with the button below them, the search's filter
panel with its own apply button, and the A–Z page without its list a second time."""

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 375, "height": 740})
    yield context.new_page()
    context.close()


def test_filters_fit_a_phone_and_topics_are_listed_once(live_server, phone):
    call_command("demo", "--no-serve", verbosity=0)
    phone.goto(live_server.url + reverse("events:list"))
    widths = phone.eval_on_selector_all(
        ".event-filter select", "selects => selects.map(s => s.getBoundingClientRect().width)"
    )
    assert widths and min(widths) > 300  # one a row, not five squeezed into one
    button = phone.locator(".event-filter button[type=submit]").bounding_box()
    last = phone.locator(".event-filter select").last.bounding_box()
    assert button["y"] > last["y"] and button["width"] > 300

    phone.goto(live_server.url + reverse("groups:list") + "?q=Depression")
    phone.get_by_text("Weitere Filter").click()
    apply = phone.get_by_role("button", name="Filter anwenden")
    assert apply.is_visible()
    phone.get_by_label("Barrierefreier Zugang").check()
    apply.click()
    phone.wait_for_url("**barrierefrei=1**")

    phone.goto(live_server.url + reverse("groups:topics"))
    folded = phone.eval_on_selector_all(
        "#categories details", "all => all.filter(d => !d.open).length"
    )
    assert folded and folded == phone.locator("#categories details").count()
    assert not phone.locator("#categories details ul").first.is_visible()
